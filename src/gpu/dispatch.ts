/**
 * How the metric kernels record their work: compute pipelines (auto layout), bind groups keyed by binding number,
 * `Dispatch` (a pipeline, its two bind groups — 0: params uniform, 1: buffers — and workgroup counts) recorded in
 * order into one compute pass, and `PerPlaneRuns` for the kernels that run once per plane (psnr, ssim).
 */

/**
 * The kernels' two workgroup shapes: 16x16 invocations with one output each, and the reducing passes' 64x4
 * invocations of one column x 4 rows each (`ROWS` in the WGSL), a tile of 64 x 16 outputs whose values
 * reduce.wgsl's `workgroup_sum` adds up.
 */
export const TILE = 16;
export const REDUCE_TILE = { x: 64, y: 16 } as const;

/** `createComputePipeline` with an auto layout; `constants` are WGSL override values. */
export function computePipeline(device: GPUDevice, module: GPUShaderModule, entryPoint: string, constants?: Record<string, number>): GPUComputePipeline {
  return device.createComputePipeline({ label: entryPoint, layout: 'auto', compute: { module, entryPoint, constants } });
}

/** Bind group `group` of `pipeline` with buffers keyed by binding number. */
export function bindBuffers(device: GPUDevice, pipeline: GPUComputePipeline, group: number, buffers: Record<number, GPUBuffer>): GPUBindGroup {
  return device.createBindGroup({
    layout: pipeline.getBindGroupLayout(group),
    entries: Object.entries(buffers).map(([b, buffer]) => ({ binding: Number(b), resource: { buffer } })),
  });
}

/** One compute dispatch: a pipeline, its bind groups 0 (params) and 1 (buffers), and the workgroup counts. */
export interface Dispatch {
  pipeline: GPUComputePipeline;
  groups: [GPUBindGroup, GPUBindGroup];
  x: number;
  y: number;
}

/** A dispatch of `pipeline` with `params` as group 0 and `buffers` (keyed by binding number) as group 1. */
export function dispatchOf(device: GPUDevice, pipeline: GPUComputePipeline, params: GPUBuffer, buffers: Record<number, GPUBuffer>, x: number, y = 1): Dispatch {
  return { pipeline, groups: [bindBuffers(device, pipeline, 0, { 0: params }), bindBuffers(device, pipeline, 1, buffers)], x, y };
}

/** Records `dispatches` into `pass`, in order. */
export function encodeDispatches(pass: GPUComputePassEncoder, dispatches: readonly Dispatch[]): void {
  for (const d of dispatches) {
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.groups[0]);
    pass.setBindGroup(1, d.groups[1]);
    pass.dispatchWorkgroups(d.x, d.y);
  }
}

/** One run of a per-plane kernel: its params uniform and its workgroup counts. */
export interface PlaneRun {
  params: GPUBuffer;
  gx: number;
  gy: number;
}

/**
 * A kernel whose `main` entry runs once per plane of the uploaded frame pair (psnr.wgsl, ssim.wgsl): each run has
 * its own params (group 0, binding 0); all share the frame buffers and the partials (group 1: 0 ref, 1 dis,
 * 2 partials). Owns the runs' params buffers.
 */
export class PerPlaneRuns {
  private readonly pipeline: GPUComputePipeline;
  private dispatches: Dispatch[] = [];

  constructor(
    private readonly device: GPUDevice,
    label: string,
    code: string,
    private readonly runs: readonly PlaneRun[],
  ) {
    this.pipeline = computePipeline(device, device.createShaderModule({ label, code }), 'main');
  }

  /** Creates the bind groups (frame buffers and partials are fixed for the kernel's life). */
  bind(refFrame: GPUBuffer, disFrame: GPUBuffer, partials: GPUBuffer): void {
    this.dispatches = this.runs.map((r) => dispatchOf(this.device, this.pipeline, r.params, { 0: refFrame, 1: disFrame, 2: partials }, r.gx, r.gy));
  }

  encode(pass: GPUComputePassEncoder): void {
    encodeDispatches(pass, this.dispatches);
  }

  destroy(): void {
    for (const r of this.runs) r.params.destroy();
  }
}
