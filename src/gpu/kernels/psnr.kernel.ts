/**
 * Thin wrapper of psnr.wgsl: per-plane sums of squared 8-bit differences (ffmpeg `psnr` filter,
 * libavfilter/vf_psnr.c) for the three planes of a 4:2:0 frame pair already uploaded in the `PlaneLayout` of
 * src/gpu/buffers.ts. u32 partials per workgroup; the f64 sum on the CPU is exact, so results equal the CPU
 * twin src/core/metrics/psnr.ts bit for bit.
 */
import shaderSource from './psnr.wgsl?raw';
import { paramsBuffer, type PartialSlots, type PlaneLayout } from '../buffers.ts';
import { PerPlaneRuns, type PlaneRun } from '../dispatch.ts';

/** Constants from psnr.wgsl: 256 invocations x 4 words x 4 pixels per workgroup. */
const WORDS_PER_WORKGROUP = 256 * 4;

interface PlanePlan extends PlaneRun {
  base: number;
  pixels: number;
}

/** SSE of Y, U, V for one frame pair per `encode`. */
export class PsnrKernel {
  private readonly planes: PlanePlan[];
  private readonly runs: PerPlaneRuns;

  /** Reserves partial slots in `slots`; call `bind` once the partials buffer exists. */
  constructor(device: GPUDevice, layout: PlaneLayout, slots: PartialSlots) {
    const cPix = layout.chromaWidth * layout.chromaHeight;
    const specs: Array<[number, number]> = [
      [layout.yByte, layout.width * layout.height],
      [layout.uByte, cPix],
      [layout.vByte, cPix],
    ];
    this.planes = specs.map(([byte, pixels], i) => {
      const words = Math.ceil(pixels / 4);
      const groups = Math.max(1, Math.ceil(words / WORDS_PER_WORKGROUP));
      const base = slots.reserve(groups);
      const params = paramsBuffer(device, `psnr params ${i}`, [
        ['u', words],
        ['u', byte / 4],
        ['u', byte / 4],
        ['u', base],
      ]);
      return { params, gx: groups, gy: 1, base, pixels };
    });
    this.runs = new PerPlaneRuns(device, 'psnr.wgsl', shaderSource, this.planes);
  }

  bind(refFrame: GPUBuffer, disFrame: GPUBuffer, partials: GPUBuffer): void {
    this.runs.bind(refFrame, disFrame, partials);
  }

  encode(pass: GPUComputePassEncoder): void {
    this.runs.encode(pass);
  }

  /** Per-plane MSE (pixel² units, 0..65025) from the read-back partials (u32 view). */
  mse(partials: Uint32Array): [number, number, number] {
    const out = this.planes.map((p) => {
      let s = 0;
      for (let k = 0; k < p.gx; k++) s += partials[p.base + k]!;
      return s / p.pixels;
    });
    return [out[0]!, out[1]!, out[2]!];
  }

  destroy(): void {
    this.runs.destroy();
  }
}
