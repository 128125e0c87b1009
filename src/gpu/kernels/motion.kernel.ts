/**
 * Thin wrapper of motion.wgsl: float motion of the reference luma (libvmaf float_motion @ v3.0.0;
 * ../shared/reference/metrics.md §1.3). Keeps the blurred previous reference on the GPU (two buffers that
 * swap roles every frame). CPU twin: src/core/metrics/vmaf/motion.ts.
 */
import shaderSource from './motion.wgsl?raw';
import mirrorSource from './mirror.wgsl?raw';
import reduceSource from './reduce.wgsl?raw';
import { paramsBuffer, storageBuffer, sumF32, type PartialSlots, type PlaneLayout } from '../buffers.ts';
import { computePipeline, dispatchOf, encodeDispatches, type Dispatch, REDUCE_TILE, TILE } from '../dispatch.ts';

/** Blur + SAD of the reference luma, one frame per `encode`. */
export class MotionKernel {
  private readonly vPipe: GPUComputePipeline;
  private readonly hPipe: GPUComputePipeline;
  private readonly params: GPUBuffer;
  private readonly tmp: GPUBuffer;
  private readonly blur: [GPUBuffer, GPUBuffer];
  private readonly gx: number;
  private readonly gy: number;
  private readonly base: number;
  private readonly pixels: number;
  /** Per frame parity: blur_v then blur_h_sad (which blur buffer is current alternates); set by `bind`. */
  private dispatches: Dispatch[][] = [];
  private frame = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly layout: PlaneLayout,
    slots: PartialSlots,
  ) {
    const module = device.createShaderModule({ label: 'motion.wgsl', code: mirrorSource + reduceSource + shaderSource });
    this.vPipe = computePipeline(device, module, 'blur_v');
    this.hPipe = computePipeline(device, module, 'blur_h_sad');
    const { width: w, height: h } = layout;
    this.pixels = w * h;
    this.gx = Math.ceil(w / REDUCE_TILE.x);
    this.gy = Math.ceil(h / REDUCE_TILE.y);
    this.base = slots.reserve(this.gx * this.gy);
    this.params = paramsBuffer(device, 'motion params', [
      ['u', w],
      ['u', h],
      ['u', layout.yByte],
      ['u', this.base],
      ['u', this.gx],
    ]);
    this.tmp = storageBuffer(device, 'motion tmp', w * h * 4);
    this.blur = [storageBuffer(device, 'motion blur 0', w * h * 4), storageBuffer(device, 'motion blur 1', w * h * 4)];
  }

  /** Creates the bind groups (two for the horizontal pass: which blur buffer is current alternates). */
  bind(refFrame: GPUBuffer, partials: GPUBuffer): void {
    const d = this.device;
    const { width: w, height: h } = this.layout;
    const blurV = dispatchOf(d, this.vPipe, this.params, { 0: refFrame, 1: this.tmp }, Math.ceil(w / TILE), Math.ceil(h / TILE));
    this.dispatches = [0, 1].map((c) => [
      blurV,
      dispatchOf(d, this.hPipe, this.params, { 2: this.tmp, 3: this.blur[c]!, 4: this.blur[1 - c]!, 5: partials }, this.gx, this.gy),
    ]);
  }

  /** Encodes blur + SAD of the frame now in the reference buffer; the next call treats it as the previous frame. */
  encode(pass: GPUComputePassEncoder): void {
    encodeDispatches(pass, this.dispatches[this.frame & 1]!);
    this.frame++;
  }

  /**
   * `motion` of the frame encoded last: mean |blur(prev) − blur(cur)| in 8-bit pixel units (≥ 0); 0 for the
   * first frame encoded.
   */
  motion(partials: Float32Array): number {
    if (this.frame <= 1) return 0;
    return sumF32(partials, this.base, this.gx * this.gy) / this.pixels;
  }

  destroy(): void {
    this.params.destroy();
    this.tmp.destroy();
    this.blur[0].destroy();
    this.blur[1].destroy();
  }
}
