/**
 * Picks the engine for a measurement and adapts the WebGPU kernels to the `FrameEngine` interface of
 * src/core/metrics/measure.ts. `auto` uses WebGPU on a hardware adapter and the CPU twins otherwise (a software
 * adapter such as SwiftShader is slower than the CPU engine); the choice and its reason are returned for the UI.
 * A lost device surfaces as an error named `GPUDeviceLostError`, which the worker turns into a CPU re-run.
 */
import { cpuEngine, type FrameEngine, type PsnrResult, type SsimResult } from '../core/metrics/measure.ts';
import type { YuvFrame } from '../core/video/frame.ts';
import { acquireGpu, describeGpu, GpuUnavailableError, lossMessage, type GpuContext, type GpuLossInfo } from './device.ts';
import { GpuSsimPsnr, GpuVmafExtractor, type GpuSsimPsnrResult } from './vmaf-gpu.ts';

import type { EngineChoice } from '../core/engine-protocol.ts';

export type { EngineChoice };

export interface ChosenEngine {
  name: 'cpu' | 'webgpu';
  /** Why this engine (e.g. "WebGPU: NVIDIA …" or "no WebGPU adapter: …"); null when nothing to say. */
  note: string | null;
  impl: FrameEngine;
  dispose(): void;
  /** Destroys the GPU device as a driver reset would (fault injection for tests); absent on the CPU engine. */
  loseDevice?(): void;
}

function deviceLostError(info: GpuLossInfo): Error {
  const e = new Error(lossMessage(info));
  e.name = 'GPUDeviceLostError';
  return e;
}

function gpuFrameEngine(ctx: GpuContext): ChosenEngine {
  let lost: GpuLossInfo | null = null;
  let simulated = false;
  ctx.onLost((info) => (lost = simulated ? { reason: 'unknown', message: 'device lost (simulated)' } : info));
  const guard = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      // The failing call can settle before `device.lost` does: give the loss a moment to be reported.
      const info = lost ?? (await Promise.race([ctx.lost, new Promise<null>((r) => setTimeout(() => r(null), 250))]));
      if (info) throw deviceLostError(lost ?? info);
      throw err;
    }
  };
  const owned: { destroy(): void }[] = [];
  let ssimPsnr: GpuSsimPsnr | null = null;
  // measure() asks for SSIM then PSNR of the same pair; one GPU pass computes both.
  let last: { dist: YuvFrame; ref: YuvFrame; result: Promise<GpuSsimPsnrResult> } | null = null;
  const both = (dist: YuvFrame, ref: YuvFrame) => {
    if (last && last.dist === dist && last.ref === ref) return last.result;
    if (!ssimPsnr || ssimPsnr.width !== dist.width || ssimPsnr.height !== dist.height) {
      ssimPsnr = new GpuSsimPsnr(ctx.device, dist.width, dist.height);
      owned.push(ssimPsnr);
    }
    last = { dist, ref, result: guard(ssimPsnr.frame(dist, ref)) };
    return last.result;
  };
  const impl: FrameEngine = {
    name: 'webgpu',
    // `integer: true` runs VIF with libvmaf's integer rounding (exact u32 moments, float statistic; see
    // src/gpu/kernels/vif.wgsl): its features match libvmaf's integer_vif_* within ~1e-5 and the float ADM/motion
    // match integer_adm2/motion2 within ~5e-5, so measure() may name them integer_* and feed them to
    // vmaf_v0.6.1 / neg / 4k; vmaf_float_v0.6.1 gets a second, float extractor.
    integerFeatures: true,
    createVmaf(width, height, options) {
      const x = new GpuVmafExtractor(ctx.device, width, height, { neg: options.neg, integerRounding: options.integer });
      owned.push(x);
      return { push: (r, d) => guard(x.push(r, d)), flush: () => guard(x.flush()) };
    },
    ssim: async (dist, ref): Promise<SsimResult> => (await both(dist, ref)).ssim,
    psnr: async (dist, ref): Promise<PsnrResult> => (await both(dist, ref)).psnr,
  };
  return {
    name: 'webgpu',
    note: `WebGPU: ${describeGpu(ctx)}`,
    impl,
    dispose() {
      for (const o of owned) {
        try {
          o.destroy();
        } catch {
          /* already gone with the device */
        }
      }
      ctx.destroy();
    },
    loseDevice() {
      simulated = true;
      ctx.device.destroy();
    },
  };
}

/**
 * Returns the engine for `choice`. `webgpu` throws GpuUnavailableError when WebGPU is missing; `auto` falls back
 * to the CPU engine and says why.
 */
export async function frameEngine(choice: EngineChoice): Promise<ChosenEngine> {
  const cpu = (note: string | null): ChosenEngine => ({ name: 'cpu', note, impl: cpuEngine, dispose() {} });
  if (choice === 'cpu') return cpu(null);
  let ctx: GpuContext;
  try {
    ctx = await acquireGpu();
  } catch (err) {
    if (choice === 'webgpu') throw err;
    return cpu(
      err instanceof GpuUnavailableError ? `${err.message}; using the CPU engine.` : `WebGPU failed (${(err as Error).message}); using the CPU engine.`,
    );
  }
  if (choice === 'auto' && ctx.isFallbackAdapter) {
    ctx.destroy();
    return cpu(`Only a software WebGPU adapter (${describeGpu(ctx)}) is available, which is slower than the CPU engine; using the CPU engine.`);
  }
  return gpuFrameEngine(ctx);
}
