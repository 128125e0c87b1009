/**
 * Bit-exact TypeScript port of libvmaf's fixed-point motion extractor for 8-bit luma (`integer_motion`,
 * v3.0.0 semantics) after Netflix/vmaf libvmaf/src/feature/integer_motion.c and integer_motion.h
 * @ 332dde62838d: the reference frame is blurred with the 5-tap Q16 filter [3571, 16004, 26386, 16004, 3571],
 * vertical pass (Σf·p + 128) >> 8 into Q8, horizontal pass (Σf·v + 32768) >> 16, borders mirrored as
 * i < 0 → −i and i ≥ n → 2n − i − 1; motion = float32(SAD / 256) / (w·h) between consecutive blurred frames.
 * (libvmaf 3.2.0 changed the mirror and blurs the difference instead; this file keeps the pinned behaviour.)
 */

import { instantiateKernel } from '../../../wasm/load.ts';
import { MOTION_WASM } from '../../../wasm/motion.wasm.ts';

const TAPS = [3571, 16004, 26386, 16004, 3571] as const;

function mirror(n: number): Int32Array {
  const m = new Int32Array(n + 4);
  for (let k = -2; k < n + 2; k++) {
    let v = k;
    if (v < 0) v = -v;
    else if (v >= n) v = 2 * n - v - 1;
    m[k + 2] = v;
  }
  return m;
}

/** Streaming integer motion: `push` returns motion of the frame vs. the previous one (0 for the first). */
export class IntegerMotionComputer {
  private readonly w: number;
  private readonly h: number;
  private readonly tmp: Uint16Array;
  private prev: Uint16Array;
  private cur: Uint16Array;
  private hasPrev = false;
  private readonly rows: Int32Array;
  private readonly cols: Int32Array;

  /** The WebAssembly SIMD twin (wasm/motion.ts), or null when running the TypeScript passes. */
  private readonly wasm: { memory: WebAssembly.Memory; init(w: number, h: number): number; refPtr(): number; reset(): void; push(): number } | null;
  /** Which implementation computes: 'wasm' (the default where available) or 'js'. Both give identical results. */
  readonly backend: 'wasm' | 'js';

  /**
   * @param width,height luma size in pixels
   * @param options.backend 'auto' (default: WebAssembly SIMD where available), 'js' or 'wasm' (throws without SIMD)
   */
  constructor(width: number, height: number, options?: { backend?: 'auto' | 'js' | 'wasm' }) {
    const want = options?.backend ?? 'auto';
    const instance = want === 'js' ? null : instantiateKernel('motion', MOTION_WASM);
    if (want === 'wasm' && !instance) throw new Error('IntegerMotionComputer: WebAssembly SIMD is not available here (or PREFLIGHT_WASM=0)');
    this.wasm = instance ? (instance.exports as unknown as NonNullable<IntegerMotionComputer['wasm']>) : null;
    this.wasm?.init(width, height);
    this.backend = this.wasm ? 'wasm' : 'js';
    this.w = width;
    this.h = height;
    const n = this.wasm ? 0 : width * height; // the TypeScript planes only when the TypeScript passes run
    this.tmp = new Uint16Array(n);
    this.prev = new Uint16Array(n);
    this.cur = new Uint16Array(n);
    this.rows = mirror(height);
    this.cols = mirror(width);
  }

  /** Forget the previous frame (next push returns 0). */
  reset(): void {
    this.wasm?.reset();
    this.hasPrev = false;
  }

  /** ref: 8-bit luma, stride = width. Returns integer_motion of this frame (≥ 0; 0 for the first frame). */
  push(ref: Uint8Array): number {
    if (this.wasm) {
      const x = this.wasm;
      const n = this.w * this.h;
      new Uint8Array(x.memory.buffer, x.refPtr(), n).set(ref.length === n ? ref : ref.subarray(0, n));
      const sad = x.push();
      return sad < 0 ? 0 : Math.fround(Math.fround(sad / 256) / Math.fround(n));
    }
    const { w, h, tmp, rows, cols } = this;
    const out = this.cur;
    for (let i = 0; i < h; i++) {
      const r0 = rows[i]! * w;
      const r1 = rows[i + 1]! * w;
      const r2 = rows[i + 2]! * w;
      const r3 = rows[i + 3]! * w;
      const r4 = rows[i + 4]! * w;
      const o = i * w;
      for (let j = 0; j < w; j++) {
        // < 255·65536: exact, and (acc + 128) >> 8 fits in 16 bits
        const acc = 3571 * (ref[r0 + j]! + ref[r4 + j]!) + 16004 * (ref[r1 + j]! + ref[r3 + j]!) + 26386 * ref[r2 + j]!;
        tmp[o + j] = (acc + 128) >>> 8;
      }
    }
    for (let i = 0; i < h; i++) {
      const o = i * w;
      // mirrored border columns through the index map, interior columns directly
      for (let j = 0; j < w; j = j === 1 && w > 4 ? w - 2 : j + 1) {
        const acc =
          TAPS[0] * tmp[o + cols[j]!]! +
          TAPS[1] * tmp[o + cols[j + 1]!]! +
          TAPS[2] * tmp[o + cols[j + 2]!]! +
          TAPS[3] * tmp[o + cols[j + 3]!]! +
          TAPS[4] * tmp[o + cols[j + 4]!]!;
        out[o + j] = (acc + 32768) >>> 16;
      }
      for (let k = o + 2, end = o + w - 2; k < end; k++) {
        const acc = 3571 * (tmp[k - 2]! + tmp[k + 2]!) + 16004 * (tmp[k - 1]! + tmp[k + 1]!) + 26386 * tmp[k]!;
        out[k] = (acc + 32768) >>> 16;
      }
    }
    let motion = 0;
    if (this.hasPrev) {
      const prev = this.prev;
      let sad = 0;
      for (let k = 0; k < w * h; k++) {
        const d = out[k]! - prev[k]!;
        sad += d < 0 ? -d : d;
      }
      motion = Math.fround(Math.fround(sad / 256) / Math.fround(w * h));
    }
    this.cur = this.prev;
    this.prev = out;
    this.hasPrev = true;
    return motion;
  }
}
