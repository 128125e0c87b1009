/**
 * Thin wrapper of ssim.wgsl: ffmpeg's `ssim` filter (libavfilter/vf_ssim.c; ../shared/reference/metrics.md
 * §4.1) for the three planes of a 4:2:0 frame pair uploaded in the `PlaneLayout` of src/gpu/buffers.ts.
 * One f32 partial per workgroup, summed in f64 here; CPU twin: src/core/metrics/ssim.ts. On planes where ffmpeg's
 * x86 code drops each row's last window and adds a stray one instead (see `SsimStream` there), the kernel sums the
 * other windows and the caller passes the stray windows' sum (`SsimStream.tailSums`, a few block sums per frame).
 */
import shaderSource from './ssim.wgsl?raw';
import reduceSource from './reduce.wgsl?raw';
import type { SsimStream } from '../../core/metrics/ssim.ts';
import { paramsBuffer, sumF32, type PartialSlots, type PlaneLayout } from '../buffers.ts';
import { PerPlaneRuns, type PlaneRun, REDUCE_TILE } from '../dispatch.ts';

interface PlanePlan extends PlaneRun {
  base: number;
  windows: number;
}

/** Per-plane SSIM of one frame pair per `encode`. */
export class SsimKernel {
  private readonly planes: PlanePlan[];
  private readonly runs: PerPlaneRuns;

  /**
   * Reserves partial slots in `slots`; call `bind` once the partials buffer exists. `stream` says which windows
   * ffmpeg sums per row on each plane.
   */
  constructor(device: GPUDevice, layout: PlaneLayout, slots: PartialSlots, stream: SsimStream) {
    const specs: Array<[number, number, number]> = [
      [layout.yByte, layout.width, layout.height],
      [layout.uByte, layout.chromaWidth, layout.chromaHeight],
      [layout.vByte, layout.chromaWidth, layout.chromaHeight],
    ];
    this.planes = specs.map(([byte, w, h], i) => {
      const winX = Math.max(0, stream.summedWindows(i));
      const winY = Math.max(0, (h >> 2) - 1);
      const windows = w >> 2 >= 2 && h >> 2 >= 2 ? ((w >> 2) - 1) * winY : 0;
      const gx = Math.max(1, Math.ceil(winX / REDUCE_TILE.x));
      const gy = Math.max(1, Math.ceil(winY / REDUCE_TILE.y));
      const base = slots.reserve(gx * gy);
      const params = paramsBuffer(device, `ssim params ${i}`, [
        ['u', w],
        ['u', h],
        ['u', byte],
        ['u', byte],
        ['u', winX],
        ['u', winY],
        ['u', base],
        ['u', gx],
      ]);
      return { params, gx, gy, base, windows };
    });
    this.runs = new PerPlaneRuns(device, 'ssim.wgsl', reduceSource + shaderSource, this.planes);
  }

  bind(refFrame: GPUBuffer, disFrame: GPUBuffer, partials: GPUBuffer): void {
    this.runs.bind(refFrame, disFrame, partials);
  }

  encode(pass: GPUComputePassEncoder): void {
    this.runs.encode(pass);
  }

  /**
   * Per-plane SSIM in [-1, 1] from the read-back partials (f32 view) and the frame's x86 tail sums; NaN for planes
   * under 8x8 pixels.
   */
  ssim(partials: Float32Array, tails: readonly number[]): [number, number, number] {
    const out = this.planes.map((p, i) => (p.windows === 0 ? NaN : (sumF32(partials, p.base, p.gx * p.gy) + tails[i]!) / p.windows));
    return [out[0]!, out[1]!, out[2]!];
  }

  destroy(): void {
    this.runs.destroy();
  }
}
