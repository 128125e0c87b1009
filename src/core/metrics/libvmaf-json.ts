/**
 * Writes a measure result in libvmaf's JSON log layout (`vmaf --json`, Netflix/vmaf libvmaf/src/output.c@332dde62:
 * `version`, `frames: [{frameNum, metrics}]`, `pooled_metrics: {name: {min, max, mean, harmonic_mean}}`) so tools
 * that read libvmaf logs read ours, plus one top-level `preflight` object of our own (engine, probe, warnings,
 * Vidaio pooling). libvmaf prints non-finite values as `inf`/`nan` tokens (invalid JSON); here they become the
 * strings "Infinity", "-Infinity" and "NaN".
 */
import type { MeasureResult } from './measure.ts';

/** The `version` string written: Preflight's CPU engine, not a libvmaf build. */
export const PREFLIGHT_LIBVMAF_JSON_VERSION = 'preflight-cpu (libvmaf v3.0.0 log layout)';

export interface LibvmafJson {
  version: string;
  frames: { frameNum: number; metrics: Record<string, number | string> }[];
  pooled_metrics: Record<string, { min: number | string; max: number | string; mean: number | string; harmonic_mean: number | string }>;
  preflight: {
    engine: string;
    probe: unknown;
    warnings: string[];
    vidaio: Record<string, unknown>;
    frames: { frameNum: number; distIndex: number; refIndex: number }[];
  };
}

function enc(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/**
 * Builds the libvmaf-layout JSON object of a measure result. `probe` is whatever the caller knows about the
 * inputs (sizes, rates, frame counts); `vidaio` adds caller keys (e.g. the sampling used) to the pooled values.
 */
export function toLibvmafJson(r: MeasureResult, extra: { probe?: unknown; vidaio?: Record<string, unknown> } = {}): LibvmafJson {
  const pooled: LibvmafJson['pooled_metrics'] = {};
  for (const [k, p] of Object.entries(r.pooled)) pooled[k] = { min: enc(p.min), max: enc(p.max), mean: enc(p.mean), harmonic_mean: enc(p.harmonic_mean) };
  const vidaio: Record<string, unknown> = { ...extra.vidaio };
  for (const [k, v] of Object.entries(r.vidaio)) vidaio[k] = enc(v);
  return {
    version: PREFLIGHT_LIBVMAF_JSON_VERSION,
    frames: r.frames.map((f) => ({ frameNum: f.frameNum, metrics: Object.fromEntries(Object.entries(f.metrics).map(([k, v]) => [k, enc(v)])) })),
    pooled_metrics: pooled,
    preflight: {
      engine: r.engine,
      probe: extra.probe ?? null,
      warnings: [...r.warnings],
      vidaio,
      frames: r.frames.map((f) => ({ frameNum: f.frameNum, distIndex: f.distIndex, refIndex: f.refIndex })),
    },
  };
}

/** `toLibvmafJson` as indented text with a trailing newline. */
export function formatLibvmafJson(r: MeasureResult, extra: { probe?: unknown; vidaio?: Record<string, unknown> } = {}): string {
  return JSON.stringify(toLibvmafJson(r, extra), null, 4) + '\n';
}
