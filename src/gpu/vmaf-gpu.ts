/**
 * GPU pipelines that compose the metric kernels: `GpuVmafExtractor` (VIF scales 0–3, ADM2, motion/motion2
 * and the NEG `_egl_1` variants; float VIF, or with `integerRounding` VIF with libvmaf's integer rounding; same streaming shape as the CPU `VmafExtractor` of src/core/metrics/vmaf, but
 * async) and `GpuSsimPsnr` (ffmpeg `ssim` and `psnr` filter values per frame). Per frame, each frame's planes are
 * uploaded once as packed u32 (4 pixels per word), every intermediate (VIF pyramid and moments, ADM bands, the
 * blurred previous reference for motion) stays on the GPU, all kernels run in one compute pass, and one buffer
 * of per-workgroup partial sums is read back and summed in f64. Calls are serialised internally, so callers may
 * fire `push` without awaiting the previous one. When the device is lost, pending and later calls reject;
 * `GpuContext.lost` (src/gpu/device.ts) tells the caller to continue on the CPU engine.
 */
import type { VmafFeatures } from '../core/metrics/vmaf/index.ts';
import { assembleFeatures, VmafStream } from '../core/metrics/vmaf/features.ts';
import { psnrFromMse } from '../core/metrics/psnr.ts';
import { SsimStream, ssimAll } from '../core/metrics/ssim.ts';
import type { YuvFrame } from '../core/video/frame.ts';
import { PartialReadback, PartialSlots, packPlanes, planeLayout, type PlaneLayout } from './buffers.ts';
import { acquireGpu, type GpuContext } from './device.ts';
import { AdmKernel } from './kernels/adm.kernel.ts';
import { MotionKernel } from './kernels/motion.kernel.ts';
import { PsnrKernel } from './kernels/psnr.kernel.ts';
import { SsimKernel } from './kernels/ssim.kernel.ts';
import { VifKernel } from './kernels/vif.kernel.ts';

/** Two frame buffers (reference, distorted) of one layout plus the CPU-side packing scratch. */
class FramePair {
  readonly ref: GPUBuffer;
  readonly dis: GPUBuffer;
  private readonly scratch: Uint8Array;

  constructor(
    private readonly device: GPUDevice,
    readonly layout: PlaneLayout,
    label: string,
  ) {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    this.ref = device.createBuffer({ label: `${label} ref`, size: layout.totalBytes, usage });
    this.dis = device.createBuffer({ label: `${label} dis`, size: layout.totalBytes, usage });
    this.scratch = new Uint8Array(layout.totalBytes);
  }

  /** Uploads one frame pair (each plane once). */
  upload(ref: [Uint8Array, Uint8Array?, Uint8Array?], dis: [Uint8Array, Uint8Array?, Uint8Array?]): void {
    packPlanes(this.layout, this.scratch, ...ref);
    this.device.queue.writeBuffer(this.ref, 0, this.scratch);
    packPlanes(this.layout, this.scratch, ...dis);
    this.device.queue.writeBuffer(this.dis, 0, this.scratch);
  }

  destroy(): void {
    this.ref.destroy();
    this.dis.destroy();
  }
}

/** Runs jobs one at a time in call order (a failed job does not stop the next); once closed, jobs reject. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  /** @param owner names the owner in the error of a job run after `close` */
  constructor(private readonly owner: string) {}

  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(() => {
      if (this.closed) throw new Error(`${this.owner}: used after destroy()`);
      return job();
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Refuses later jobs; false when it was closed already. */
  close(): boolean {
    const was = this.closed;
    this.closed = true;
    return !was;
  }
}

/** Options of the GPU VMAF extractor. */
export interface GpuVmafOptions {
  /** Also compute the `_egl_1` features of vmaf_v0.6.1neg. */
  neg?: boolean;
  /**
   * VIF with libvmaf's integer-path rounding (Q8 means and pyramid, uncentred Q16 moments; src/gpu/kernels/vif.wgsl,
   * twin src/core/metrics/vmaf/vif-intlike.ts): its vif_scale* and `_egl_1` features match libvmaf's `integer_vif_*`
   * (twin ≤ 6e-6 on the tiny_vtest references), which vmaf_v0.6.1, vmaf_v0.6.1neg and vmaf_4k_v0.6.1 are defined
   * on. ADM and motion stay float (libvmaf float vs integer adm2 ≤ 4.2e-5, motion2 ≤ 9e-6 on those references).
   * Off: libvmaf's float VIF (for vmaf_float_v0.6.1).
   */
  integerRounding?: boolean;
}

/**
 * Streaming float VMAF feature extractor on WebGPU. Feed frame pairs in display order; motion2 of frame i needs
 * frame i+1, so results lag by one frame (exactly as the CPU `VmafExtractor`).
 */
export class GpuVmafExtractor extends VmafStream {
  private readonly frames: FramePair;
  private readonly vif: VifKernel;
  private readonly adm: AdmKernel;
  private readonly motion: MotionKernel;
  private readonly readback: PartialReadback;
  private readonly jobs = new SerialQueue('GpuVmafExtractor');

  /**
   * Acquires a device with `acquireGpu` and builds an extractor on it; the caller owns the returned context
   * (`gpu.destroy()` after `extractor.destroy()`; `gpu.lost` to fall back to the CPU engine).
   * @throws GpuUnavailableError when WebGPU is missing.
   */
  static async create(width: number, height: number, options?: GpuVmafOptions): Promise<{ extractor: GpuVmafExtractor; gpu: GpuContext }> {
    const gpu = await acquireGpu();
    return { extractor: new GpuVmafExtractor(gpu.device, width, height, options), gpu };
  }

  /**
   * @param device a WebGPU device (see src/gpu/device.ts)
   * @param width luma width in pixels (≥ 16)
   * @param height luma height in pixels (≥ 16)
   */
  constructor(
    private readonly device: GPUDevice,
    width: number,
    height: number,
    options?: GpuVmafOptions,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16) {
      throw new Error(`GpuVmafExtractor: frame size ${width}x${height} is below the 16x16 VIF minimum`);
    }
    super('GpuVmafExtractor', width, height, options);
    const layout = planeLayout(width, height, false);
    this.frames = new FramePair(device, layout, 'vmaf frame');
    const slots = new PartialSlots();
    this.vif = new VifKernel(device, layout, slots, options?.integerRounding === true);
    this.adm = new AdmKernel(device, layout, slots);
    this.motion = new MotionKernel(device, layout, slots);
    this.readback = new PartialReadback(device, 'vmaf partials', slots.count);
    this.vif.bind(this.frames.ref, this.frames.dis, this.readback.buffer);
    this.adm.bind(this.frames.ref, this.frames.dis, this.readback.buffer);
    this.motion.bind(this.frames.ref, this.readback.buffer);
  }

  /**
   * refY/distY: luma planes, 8-bit, stride = width. Resolves with the features of every frame that became final
   * (in order).
   */
  async push(refY: Uint8Array, distY: Uint8Array): Promise<VmafFeatures[]> {
    const [refIn, disIn] = this.lumaPlanes(refY, distY);
    // copy now so the caller may reuse its buffers before the queued work runs
    const ref = refIn.slice();
    const dis = disIn.slice();
    return this.jobs.run(() => this.run(ref, dis));
  }

  /** Call after the last frame: resolves with the remaining frame(s). */
  flush(): Promise<VmafFeatures[]> {
    return this.jobs.run(async () => this.lag.flush());
  }

  /** Frees every GPU buffer (the device itself belongs to the caller). Later calls reject. */
  destroy(): void {
    if (!this.jobs.close()) return;
    for (const owned of [this.frames, this.vif, this.adm, this.motion, this.readback]) owned.destroy();
  }

  private async run(ref: Uint8Array, dis: Uint8Array): Promise<VmafFeatures[]> {
    this.frames.upload([ref], [dis]);
    const encoder = this.device.createCommandEncoder({ label: 'vmaf frame' });
    const pass = encoder.beginComputePass({ label: 'vmaf kernels' });
    this.vif.encode(pass);
    this.adm.encode(pass);
    this.motion.encode(pass);
    pass.end();
    const raw = await this.readback.submitAndRead(this.device, encoder);
    const partials = new Float32Array(raw);
    const v = this.vif.sums(partials);
    return this.lag.push(assembleFeatures(v, this.adm.result(partials), this.motion.motion(partials), this.neg));
  }
}

/** ffmpeg `ssim` and `psnr` filter values of one frame pair (same fields as ssimFrame / psnrFrame in src/core). */
export interface GpuSsimPsnrResult {
  ssim: { y: number; u: number; v: number; all: number };
  psnr: { y: number; u: number; v: number; avg: number; mseY: number; mseU: number; mseV: number; mseAvg: number };
}

/** Per-frame SSIM (ffmpeg variant) and PSNR of 8-bit 4:2:0 frames of one fixed size on WebGPU. */
export class GpuSsimPsnr {
  private readonly frames: FramePair;
  private readonly ssimK: SsimKernel;
  /** ffmpeg's x86 row tails and the scratch state they read, carried from frame to frame (src/core). */
  private readonly ssimStream: SsimStream;
  private readonly psnrK: PsnrKernel;
  private readonly readback: PartialReadback;
  private readonly jobs = new SerialQueue('GpuSsimPsnr');

  /**
   * @param device a WebGPU device (see src/gpu/device.ts)
   * @param width luma width in pixels (≥ 1)
   * @param height luma height in pixels (≥ 1)
   */
  constructor(
    private readonly device: GPUDevice,
    readonly width: number,
    readonly height: number,
  ) {
    const layout = planeLayout(width, height, true);
    this.frames = new FramePair(device, layout, 'ssim/psnr frame');
    const slots = new PartialSlots();
    this.ssimStream = new SsimStream(width, height);
    this.ssimK = new SsimKernel(device, layout, slots, this.ssimStream);
    this.psnrK = new PsnrKernel(device, layout, slots);
    this.readback = new PartialReadback(device, 'ssim/psnr partials', slots.count);
    this.ssimK.bind(this.frames.ref, this.frames.dis, this.readback.buffer);
    this.psnrK.bind(this.frames.ref, this.frames.dis, this.readback.buffer);
  }

  /**
   * SSIM per plane and `all` (Y 2/3, U 1/6, V 1/6 for even sizes; values in [-1, 1]) and PSNR in dB (Infinity for
   * identical planes) with the MSEs (pixel² units). `dist` = ffmpeg's main input, `ref` = its reference.
   * @throws RangeError when a frame is not `width` x `height`.
   */
  frame(dist: YuvFrame, ref: YuvFrame): Promise<GpuSsimPsnrResult> {
    for (const f of [dist, ref]) {
      if (f.width !== this.width || f.height !== this.height) {
        return Promise.reject(new RangeError(`GpuSsimPsnr: frame is ${f.width}x${f.height}, expected ${this.width}x${this.height}`));
      }
    }
    return this.jobs.run(async (): Promise<GpuSsimPsnrResult> => {
      this.frames.upload([ref.y, ref.u, ref.v], [dist.y, dist.u, dist.v]);
      const encoder = this.device.createCommandEncoder({ label: 'ssim/psnr frame' });
      const pass = encoder.beginComputePass({ label: 'ssim/psnr kernels' });
      this.ssimK.encode(pass);
      this.psnrK.encode(pass);
      pass.end();
      const raw = await this.readback.submitAndRead(this.device, encoder);
      const [sy, su, sv] = this.ssimK.ssim(new Float32Array(raw), this.ssimStream.tailSums(dist, ref));
      const [mseY, mseU, mseV] = this.psnrK.mse(new Uint32Array(raw));
      const ly = this.width * this.height;
      const lc = dist.chromaWidth * dist.chromaHeight;
      const sum = ly + 2 * lc;
      const all = ssimAll(sy, su, sv, this.width, this.height, dist.chromaWidth, dist.chromaHeight);
      const mseAvg = mseY * (ly / sum) + mseU * (lc / sum) + mseV * (lc / sum);
      return {
        ssim: { y: sy, u: su, v: sv, all },
        psnr: { y: psnrFromMse(mseY), u: psnrFromMse(mseU), v: psnrFromMse(mseV), avg: psnrFromMse(mseAvg), mseY, mseU, mseV, mseAvg },
      };
    });
  }

  /** Frees every GPU buffer (the device belongs to the caller). */
  destroy(): void {
    if (!this.jobs.close()) return;
    for (const owned of [this.frames, this.ssimK, this.psnrK, this.readback]) owned.destroy();
  }
}
