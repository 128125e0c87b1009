/**
 * Measures the frame-shift hint for a Vidaio page: VMAF v0.6.1 of the same first distorted frames at offsets −2…+2
 * through the engine bridge (the page's engine and threads), then core's `frameShiftHint` decides. Only run when
 * the first frames already score low at offset 0 (`shouldProbeShift`), so a normal run costs nothing extra.
 */
import { engine } from '../bridge/engine.ts';
import { frameShiftHint, shouldProbeShift, SHIFT_OFFSETS, type FrameShiftHint } from '../core/sim/frame-shift.ts';

/** Distorted frames probed at each offset: [PROBE_START, PROBE_START + PROBE_COUNT), so offset −2 has references. */
const PROBE_START = 2;
const PROBE_COUNT = 6;

export interface ShiftProbeOptions {
  engine: 'auto' | 'cpu' | 'webgpu';
  threads: 'auto' | number;
}

/** The first frames' VMAF at offset 0 from a full run, in frame order. */
export function firstFramesVmaf(frames: readonly { distIndex: number; metrics: Record<string, number | undefined> }[]): number[] {
  return frames.filter((f) => f.distIndex >= PROBE_START && f.distIndex < PROBE_START + PROBE_COUNT).map((f) => f.metrics.vmaf ?? NaN);
}

/** The hint, or null (offset 0 fine, too few frames, or nothing aligns). Aborts with the signal. */
export async function probeFrameShift(
  signal: AbortSignal,
  ref: Blob,
  dist: Blob,
  first: readonly number[],
  opts: ShiftProbeOptions,
  onStep?: (done: number, total: number) => void,
): Promise<FrameShiftHint | null> {
  if (!shouldProbeShift(first)) return null;
  const measured: { offset: number; vmaf: number }[] = [];
  for (const [i, offset] of SHIFT_OFFSETS.entries()) {
    onStep?.(i, SHIFT_OFFSETS.length);
    try {
      const r = await engine.measure(signal, ref, dist, {
        models: ['vmaf_v0.6.1'],
        engine: opts.engine,
        threads: opts.threads,
        features: { ssim: false, psnr: false },
        frameRange: { start: PROBE_START, count: PROBE_COUNT },
        offset,
      });
      const v = r.frames.map((f) => f.metrics.vmaf ?? NaN).filter(Number.isFinite);
      measured.push({ offset, vmaf: v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      measured.push({ offset, vmaf: NaN });
    }
  }
  onStep?.(SHIFT_OFFSETS.length, SHIFT_OFFSETS.length);
  return frameShiftHint(measured);
}
