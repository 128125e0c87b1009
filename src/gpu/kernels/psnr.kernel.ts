/**
 * Thin wrapper of psnr.wgsl: per-plane sums of squared 8-bit differences (ffmpeg `psnr` filter,
 * libavfilter/vf_psnr.c) for the three planes of a 4:2:0 frame pair already uploaded in the `PlaneLayout` of
 * src/gpu/buffers.ts. u32 partials per workgroup; the f64 sum on the CPU is exact, so results equal the CPU
 * twin src/core/metrics/psnr.ts bit for bit.
 */
import shaderSource from './psnr.wgsl?raw';
import { bindBuffers, computePipeline, paramsBuffer, type PartialSlots, type PlaneLayout } from '../buffers.ts';

/** Constants from psnr.wgsl: 256 invocations x 4 words x 4 pixels per workgroup. */
const WORDS_PER_WORKGROUP = 256 * 4;

interface PlanePlan {
  params: GPUBuffer;
  groups: number;
  base: number;
  pixels: number;
  bg0?: GPUBindGroup;
  bg1?: GPUBindGroup;
}

/** SSE of Y, U, V for one frame pair per `encode`. */
export class PsnrKernel {
  private readonly pipeline: GPUComputePipeline;
  private readonly planes: PlanePlan[];

  /** Reserves partial slots in `slots`; call `bind` once the partials buffer exists. */
  constructor(
    private readonly device: GPUDevice,
    layout: PlaneLayout,
    slots: PartialSlots,
  ) {
    const module = device.createShaderModule({ label: 'psnr.wgsl', code: shaderSource });
    this.pipeline = computePipeline(device, module, 'main');
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
      return { params, groups, base, pixels };
    });
  }

  /** Creates the bind groups (frame buffers and partials are fixed for the kernel's life). */
  bind(refFrame: GPUBuffer, disFrame: GPUBuffer, partials: GPUBuffer): void {
    for (const p of this.planes) {
      p.bg0 = bindBuffers(this.device, this.pipeline, 0, { 0: p.params });
      p.bg1 = bindBuffers(this.device, this.pipeline, 1, { 0: refFrame, 1: disFrame, 2: partials });
    }
  }

  encode(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.pipeline);
    for (const p of this.planes) {
      pass.setBindGroup(0, p.bg0!);
      pass.setBindGroup(1, p.bg1!);
      pass.dispatchWorkgroups(p.groups);
    }
  }

  /** Per-plane MSE (pixel² units, 0..65025) from the read-back partials (u32 view). */
  mse(partials: Uint32Array): [number, number, number] {
    const out = this.planes.map((p) => {
      let s = 0;
      for (let k = 0; k < p.groups; k++) s += partials[p.base + k]!;
      return s / p.pixels;
    });
    return [out[0]!, out[1]!, out[2]!];
  }

  destroy(): void {
    for (const p of this.planes) p.params.destroy();
  }
}
