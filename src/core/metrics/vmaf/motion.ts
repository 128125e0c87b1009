/**
 * Float motion feature (libvmaf libvmaf/src/feature/float_motion.c + motion_tools, Netflix/vmaf @ v3.0.0):
 * each reference luma frame is blurred with a separable 5-tap Gaussian and `motion[i]` is the mean
 * absolute difference between consecutive blurred frames. Borders: `i < 0 → -i`, `i ≥ n → 2n - i - 1`
 * (metrics.md §1.3). Input planes are `pixel - 128` float32.
 */
import { mirrorIndex } from './borders.ts';

/** 5-tap blur (libvmaf motion_tools.h FILTER_5_s, float32). */
const F0 = 0.054488685,
  F1 = 0.244201342,
  F2 = 0.402619947;

/** Blur + SAD over a fixed frame size; keeps the previous blurred reference. */
export class MotionComputer {
  private readonly width: number;
  private readonly height: number;
  private cur: Float32Array;
  private prev: Float32Array;
  private readonly tmp: Float32Array;
  private hasPrev = false;

  /** @param width luma width in pixels  @param height luma height in pixels */
  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.cur = new Float32Array(width * height);
    this.prev = new Float32Array(width * height);
    this.tmp = new Float32Array(width + 4);
  }

  /** Forgets the previous frame: the next `push` starts a new sequence (motion 0). */
  reset(): void {
    this.hasPrev = false;
  }

  /**
   * Blurs the next reference frame and returns `motion` = mean |blur(prev) − blur(cur)| in 8-bit pixel
   * units (≥ 0); 0 for the first frame.
   */
  push(ref: Float32Array): number {
    const t = this.prev;
    this.prev = this.cur;
    this.cur = t;
    const w = this.width;
    const h = this.height;
    const dst = this.cur;
    const tmp = this.tmp;
    for (let i = 0; i < h; i++) {
      const o0 = mirrorIndex(i - 2, h) * w;
      const o1 = mirrorIndex(i - 1, h) * w;
      const o2 = i * w;
      const o3 = mirrorIndex(i + 1, h) * w;
      const o4 = mirrorIndex(i + 2, h) * w;
      for (let j = 0; j < w; j++) {
        tmp[j + 2] = F0 * ref[o0 + j]! + F1 * ref[o1 + j]! + F2 * ref[o2 + j]! + F1 * ref[o3 + j]! + F0 * ref[o4 + j]!;
      }
      // left reflect-101, right symmetric
      tmp[1] = tmp[3]!;
      tmp[0] = tmp[4]!;
      tmp[w + 2] = tmp[w + 1]!;
      tmp[w + 3] = tmp[w]!;
      for (let j = 0; j < w; j++) {
        dst[o2 + j] = F0 * tmp[j]! + F1 * tmp[j + 1]! + F2 * tmp[j + 2]! + F1 * tmp[j + 3]! + F0 * tmp[j + 4]!;
      }
    }
    if (!this.hasPrev) {
      this.hasPrev = true;
      return 0;
    }
    const prev = this.prev;
    let sad = 0;
    for (let i = 0; i < h; i++) {
      let rowSad = 0;
      const o = i * w;
      for (let j = 0; j < w; j++) rowSad += Math.abs(prev[o + j]! - dst[o + j]!);
      sad += rowSad;
    }
    return sad / (w * h);
  }
}
