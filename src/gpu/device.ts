/**
 * WebGPU device acquisition for the metric kernels: one place that requests the adapter and device, checks the
 * limits and features the kernels rely on, records whether the adapter is a software fallback (SwiftShader in
 * headless Chromium: correct but slow, see ../shared/platform-notes.md §1–2), and turns device loss into a
 * promise that callers await to fall back to the CPU engine and tell the user why. Missing WebGPU raises a
 * `GpuUnavailableError` whose message starts "WebGPU is not available in this browser: …".
 */
import { PreflightError } from '../core/errors.ts';

/** WebGPU is missing, blocked, or the adapter lacks what the kernels need. */
export class GpuUnavailableError extends PreflightError {
  override readonly name = 'GpuUnavailableError';
  constructor(reason: string) {
    super(`WebGPU is not available in this browser: ${reason}`);
  }
}

/** Why a device went away: `destroyed` when we called `destroy()`, `unknown` for a driver reset or crash. */
export interface GpuLossInfo {
  reason: 'destroyed' | 'unknown';
  message: string;
}

/** An acquired device plus what the app needs to know about it. */
export interface GpuContext {
  device: GPUDevice;
  adapterInfo: { vendor: string; architecture: string; device: string; description: string };
  /** True for a software adapter (SwiftShader): expect CPU-like or slower speed. */
  isFallbackAdapter: boolean;
  /** Limits of the device as granted. */
  limits: GPUSupportedLimits;
  /** Resolves once, when the device is lost (never rejects). */
  lost: Promise<GpuLossInfo>;
  /** Registers a callback for device loss; returns an unsubscribe function. */
  onLost(cb: (info: GpuLossInfo) => void): () => void;
  /** Destroys the device (resolves `lost` with reason `destroyed`). */
  destroy(): void;
}

/** Minimum limits the metric kernels use (all within the WebGPU defaults). */
export const REQUIRED_LIMITS = {
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupStorageSize: 4096,
  maxStorageBuffersPerShaderStage: 6,
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
} as const;

/** Options of `acquireGpu`. */
export interface AcquireGpuOptions {
  powerPreference?: GPUPowerPreference;
  /** Reject software adapters (for a run that must measure real GPU speed). */
  rejectFallback?: boolean;
}

/**
 * Requests a high-performance adapter and a device with the limits in `REQUIRED_LIMITS` (raised to the adapter's
 * maxStorageBufferBindingSize / maxBufferSize so 4K frames fit).
 * @throws GpuUnavailableError with a readable reason when WebGPU is missing or insufficient.
 */
export async function acquireGpu(options: AcquireGpuOptions = {}): Promise<GpuContext> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) throw new GpuUnavailableError('navigator.gpu is missing (needs a secure context and a WebGPU-enabled browser)');
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  } catch (e) {
    throw new GpuUnavailableError(`requestAdapter failed: ${(e as Error).message}`);
  }
  if (!adapter) throw new GpuUnavailableError('no adapter (GPU blocklisted or disabled; headless Chromium needs --enable-unsafe-webgpu)');
  const info = adapter.info;
  const isFallbackAdapter = Boolean((info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter);
  if (options.rejectFallback && isFallbackAdapter) throw new GpuUnavailableError('only a software (fallback) adapter was found');
  const al = adapter.limits;
  for (const [name, min] of Object.entries(REQUIRED_LIMITS)) {
    const have = al[name as keyof GPUSupportedLimits] as number;
    if (have < min) throw new GpuUnavailableError(`adapter limit ${name} = ${have} is below the ${min} the metric kernels need`);
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: al.maxStorageBufferBindingSize,
        maxBufferSize: al.maxBufferSize,
        maxStorageBuffersPerShaderStage: REQUIRED_LIMITS.maxStorageBuffersPerShaderStage,
      },
    });
  } catch (e) {
    throw new GpuUnavailableError(`requestDevice failed: ${(e as Error).message}`);
  }
  const listeners = new Set<(info: GpuLossInfo) => void>();
  let destroyedByUs = false;
  const lost: Promise<GpuLossInfo> = device.lost.then((l) => {
    const out: GpuLossInfo = { reason: destroyedByUs || l.reason === 'destroyed' ? 'destroyed' : 'unknown', message: l.message || 'device lost' };
    for (const cb of listeners) {
      try {
        cb(out);
      } catch {
        /* a listener's failure must not hide the loss from the others */
      }
    }
    return out;
  });
  return {
    device,
    adapterInfo: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description },
    isFallbackAdapter,
    limits: device.limits,
    lost,
    onLost(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    destroy() {
      destroyedByUs = true;
      device.destroy();
    },
  };
}

/** A one-line human description of the device, e.g. "google swiftshader (software fallback)". */
export function describeGpu(ctx: GpuContext): string {
  const a = ctx.adapterInfo;
  const name = [a.vendor, a.architecture, a.device || a.description].filter((s) => s).join(' ') || 'unknown adapter';
  return ctx.isFallbackAdapter ? `${name} (software fallback)` : name;
}

/** Text for the UI/log when a GPU run falls back to the CPU engine after a device loss. */
export function lossMessage(info: GpuLossInfo): string {
  return info.reason === 'destroyed'
    ? 'GPU device was released; metrics continue on the CPU engine.'
    : `GPU device was lost (${info.message}); metrics continue on the CPU engine.`;
}
