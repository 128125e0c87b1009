/**
 * validator-vidaio's gate pipeline for one item (vidAio-subnet/validator-vidaio vidaio/scoring/gates.py
 * `GatePipeline.run` / `default_pipeline`@e76b503a75add302a7fadbf6920cfe00ccef0b52, the stream checks of
 * vidaio/scoring/canonicalize.py `validate_stream`@b71f22d561fa1e72ff709d5abc293998e2eaf85b, and the violations
 * vidaio/scoring_worker/service.py@e76b503 adds before the gates: PIE-APP not measured, outside-mask change).
 * shared/reference/rules/vidaio-v3.md §1.4 tabulates the codes.
 *
 * Every gate runs (no short-circuit) and any violation zeroes the item. Order: the service's extra violations
 * (stream checks on the canonical probes, METRIC_MISSING for an unmeasured PIE-APP, OUTSIDE_REGION_MODIFIED), then
 * encoding, frame count, file-size cap, compression rate, VMAF floor, VMAF model delta, tone, grayscale, chroma.
 * Metrics the caller could not measure are `null` and fail closed as upstream (METRIC_MISSING); perceptual results
 * that are not supplied are listed in `notEvaluated` instead, since Preflight, not the validator, lacks them.
 */
import { bool, int, nullable, num, obj, oneOf, optional, str } from '../schema.ts';
import { REMOVAL_OUTSIDE_TOLERANCE, outsideGate } from './v3-removal.ts';

/** Gate constants, vidaio/scoring/config.py@e76b503: :117 codecs, :115 caps, :106 rate, :108 delta, 50 upscaling floor. */
export const CODEC_ALLOWLIST = ['h264', 'hevc', 'vp9', 'av1'] as const;
export const FILE_SIZE_CAPS: Record<number, number> = { 2: 8, 4: 20 };
export const RATE_MAX = 0.8;
export const VMAF_MODEL_DELTA_MAX = 3.0;
export const UPSCALING_VMAF_FLOOR = 50;
export const COMPRESSION_VMAF_BAND = 5;
export const CONFIG_COMPRESSION_THRESHOLD = 90;
/** validate_stream tolerances (canonicalize.py): relative mismatch of the container duration, and of frames/fps against it. */
export const STREAM_TOLERANCE = { duration: 0.05, pts: 0.05 };

export interface Violation {
  code: string;
  /** The gate (or pipeline step) that raised it. */
  gate: string;
  detail: string;
  measured?: number | null;
  limit?: number | null;
}

const mediaInfo = obj({
  codec: str(),
  width: int(),
  height: int(),
  fps: num({ unit: 'frames/s' }),
  frameCount: int(),
  duration: num({ unit: 'seconds' }),
  byteSize: int({ unit: 'bytes' }),
  pixFmt: optional(str(), 'yuv420p'),
});
const perceptual = obj({ passed: bool(), measure: optional(nullable(num())), limit: optional(nullable(num())) });

export const gatesInput = obj({
  track: oneOf('upscaling', 'compression', 'removal'),
  /** Probe of the original pristine reference (frame count, and the size basis when there is no input). */
  reference: mediaInfo,
  /** Probe of the original candidate (codec, frames, bytes). */
  candidate: mediaInfo,
  /** Probe of the original served input (size cap and rate basis); null falls back to the reference, as upstream. */
  input: optional(nullable(mediaInfo), null),
  /** Probes of the canonical (y4m) reference and candidate for the stream checks; omitted → not evaluated. */
  canonicalReference: optional(nullable(mediaInfo), null),
  canonicalCandidate: optional(nullable(mediaInfo), null),
  /** Scored VMAF v0.6.1 (upscaling: vs pristine; compression: vs served input); null = not measured. */
  vmaf: optional(nullable(num({ unit: '0-100' })), null),
  /** The anti-gaming pair against the served input: v0.6.1 and v0.6.1neg; null = not measured. */
  vmafDeltaPrimary: optional(nullable(num({ unit: '0-100' })), null),
  vmafDeltaSecondary: optional(nullable(num({ unit: '0-100' })), null),
  /** The scoring config's compression threshold (the gate's floor is this − 5; a manifest threshold only reaches the score). */
  configVmafThreshold: optional(num({ unit: '0-100' }), CONFIG_COMPRESSION_THRESHOLD),
  upscaleFactor: optional(nullable(int()), null),
  /** Upscaling: whether PIE-APP was measured (false → METRIC_MISSING, as the service adds it). */
  pieappMeasured: optional(bool(), true),
  tone: optional(nullable(perceptual), null),
  grayscale: optional(nullable(perceptual), null),
  chroma: optional(nullable(perceptual), null),
  /** Removal: max per-frame mean |candidate − served input| outside the mask (8-bit units); null = not measured. */
  outsideChange: optional(nullable(num({ unit: '8-bit mean abs' })), null),
});

type Media = ReturnType<typeof mediaInfo.parse>;
type Perceptual = ReturnType<typeof perceptual.parse>;
type Parsed = ReturnType<typeof gatesInput.parse>;
/** The parsed input with every default filled in. */
export type GatesInput = { [K in keyof Parsed]-?: Exclude<Parsed[K], undefined> };

/** The optional keys of `gatesInput` whose fallback is null (not given, not measured). */
const NULL_FALLBACK_KEYS = [
  'input',
  'canonicalReference',
  'canonicalCandidate',
  'vmaf',
  'vmafDeltaPrimary',
  'vmafDeltaSecondary',
  'upscaleFactor',
  'tone',
  'grayscale',
  'chroma',
  'outsideChange',
] as const;

/** The parsed input with every fallback filled in (as `gatesInput.parse` does), for a caller that built it by hand. */
function withDefaults(p: Parsed): GatesInput {
  const x = { ...p, configVmafThreshold: p.configVmafThreshold ?? CONFIG_COMPRESSION_THRESHOLD, pieappMeasured: p.pieappMeasured ?? true };
  for (const k of NULL_FALLBACK_KEYS) x[k] ??= null;
  return x as GatesInput;
}

const isFinite = Number.isFinite;

function nonFinite(gate: string, name: string, value: number): Violation {
  return { code: 'METRIC_NON_FINITE', gate, detail: `${name} is non-finite (${value})` };
}

/** canonicalize.py `validate_stream`: dimensions, pix_fmt, frame count, duration within 5 %, PTS within 5 %. */
export function validateStream(ref: Media, cand: Media): Violation[] {
  const out: Violation[] = [];
  const gate = 'validate_stream';
  if (cand.width !== ref.width || cand.height !== ref.height)
    out.push({ code: 'STREAM_DIMENSIONS_MISMATCH', gate, detail: `candidate ${cand.width}x${cand.height} vs reference ${ref.width}x${ref.height}` });
  if (cand.pixFmt !== ref.pixFmt) out.push({ code: 'STREAM_PIX_FMT_MISMATCH', gate, detail: `candidate ${cand.pixFmt} vs reference ${ref.pixFmt}` });
  if (cand.frameCount !== ref.frameCount)
    out.push({
      code: 'FRAME_COUNT_MISMATCH',
      gate,
      detail: `canonical candidate ${cand.frameCount} frames vs reference ${ref.frameCount}`,
      measured: cand.frameCount,
      limit: ref.frameCount,
    });
  if (ref.duration > 0) {
    const rel = Math.abs(cand.duration - ref.duration) / ref.duration;
    if (rel > STREAM_TOLERANCE.duration)
      out.push({
        code: 'STREAM_DURATION_MISMATCH',
        gate,
        detail: `duration ${cand.duration} s vs ${ref.duration} s (more than 5 % apart)`,
        measured: cand.duration,
        limit: ref.duration,
      });
  }
  if (cand.fps > 0 && cand.duration > 0) {
    const implied = cand.frameCount / cand.fps;
    const rel = Math.abs(implied - cand.duration) / cand.duration;
    if (rel > STREAM_TOLERANCE.pts)
      out.push({
        code: 'STREAM_PTS_INCONSISTENT',
        gate,
        detail: `frames/fps = ${implied} s vs container duration ${cand.duration} s`,
        measured: implied,
        limit: cand.duration,
      });
  }
  return out;
}

/** The whole pipeline for one item; see the file comment. */
export function evaluateGates(parsed: Parsed) {
  const x = withDefaults(parsed);
  const violations: Violation[] = [];
  const skips: { gate: string; detail: string }[] = [];
  const notEvaluated: { gate: string; reason: string }[] = [];
  const input = x.input ?? x.reference;

  // Extra violations the service computes before the pipeline.
  if (x.canonicalReference && x.canonicalCandidate) violations.push(...validateStream(x.canonicalReference, x.canonicalCandidate));
  else notEvaluated.push({ gate: 'validate_stream', reason: 'the canonical (y4m) probes of reference and candidate were not given' });
  if (x.track === 'upscaling' && !x.pieappMeasured) violations.push({ code: 'METRIC_MISSING', gate: 'pieapp', detail: 'PIE-APP was not measured' });
  if (x.track === 'removal') {
    if (x.outsideChange === null) notEvaluated.push({ gate: 'outside_region', reason: 'the outside-mask change was not measured' });
    else if (!outsideGate(x.outsideChange).passed)
      violations.push({
        code: 'OUTSIDE_REGION_MODIFIED',
        gate: 'outside_region',
        detail: `max per-frame mean abs change outside the mask ${x.outsideChange} > ${REMOVAL_OUTSIDE_TOLERANCE}`,
        measured: x.outsideChange,
        limit: REMOVAL_OUTSIDE_TOLERANCE,
      });
  }

  // EncodingGate
  const codec = x.candidate.codec.toLowerCase();
  if (!(CODEC_ALLOWLIST as readonly string[]).includes(codec))
    violations.push({ code: 'ENCODING_NOT_ALLOWED', gate: 'encoding', detail: `codec ${codec} is not one of ${CODEC_ALLOWLIST.join(', ')}` });
  // FrameCountGate
  if (x.candidate.frameCount !== x.reference.frameCount)
    violations.push({
      code: 'FRAME_COUNT_MISMATCH',
      gate: 'frame_count',
      detail: `candidate has ${x.candidate.frameCount} frames, reference ${x.reference.frameCount}`,
      measured: x.candidate.frameCount,
      limit: x.reference.frameCount,
    });
  // FileSizeCapGate
  if (x.track === 'upscaling') {
    const cap = x.upscaleFactor === null ? undefined : FILE_SIZE_CAPS[x.upscaleFactor];
    if (x.upscaleFactor === null)
      violations.push({ code: 'UNSUPPORTED_SCALE_FACTOR', gate: 'file_size_cap', detail: 'upscale factor absent; supported: 2, 4' });
    else if (cap === undefined)
      violations.push({
        code: 'UNSUPPORTED_SCALE_FACTOR',
        gate: 'file_size_cap',
        detail: `upscale factor ${x.upscaleFactor} is not 2 or 4`,
        measured: x.upscaleFactor,
      });
    else {
      const limit = cap * input.byteSize;
      if (!isFinite(limit)) violations.push(nonFinite('file_size_cap', 'file-size cap limit', limit));
      else if (x.candidate.byteSize > limit)
        violations.push({
          code: 'FILE_SIZE_CAP_EXCEEDED',
          gate: 'file_size_cap',
          detail: `candidate ${x.candidate.byteSize} bytes exceeds ${cap}× the input (${limit} bytes)`,
          measured: x.candidate.byteSize,
          limit,
        });
    }
  }
  // CompressionRateGate
  if (x.track === 'compression') {
    if (input.byteSize <= 0)
      violations.push({ code: 'COMPRESSION_RATE_TOO_HIGH', gate: 'compression_rate', detail: 'input byte size is zero: rate undefined' });
    else {
      const rate = x.candidate.byteSize / input.byteSize;
      if (rate >= RATE_MAX)
        violations.push({ code: 'COMPRESSION_RATE_TOO_HIGH', gate: 'compression_rate', detail: `rate ${rate} ≥ ${RATE_MAX}`, measured: rate, limit: RATE_MAX });
    }
  }
  if (x.track !== 'removal') {
    // VmafFloorGate
    if (x.vmaf === null) violations.push({ code: 'METRIC_MISSING', gate: 'vmaf_floor', detail: 'primary VMAF was not measured' });
    else if (!isFinite(x.vmaf)) violations.push(nonFinite('vmaf_floor', 'primary VMAF', x.vmaf));
    else {
      const floor = x.track === 'upscaling' ? UPSCALING_VMAF_FLOOR : x.configVmafThreshold - COMPRESSION_VMAF_BAND;
      if (!isFinite(floor)) violations.push(nonFinite('vmaf_floor', `${x.track} VMAF floor`, floor));
      else if (x.vmaf < floor)
        violations.push({
          code: 'VMAF_BELOW_FLOOR',
          gate: 'vmaf_floor',
          detail: `VMAF ${x.vmaf} below the ${x.track} floor ${floor}`,
          measured: x.vmaf,
          limit: floor,
        });
    }
    // VmafModelDeltaGate (the pair against the served input; require_secondary_vmaf is on)
    const own: Violation[] = [];
    const p = x.vmafDeltaPrimary;
    const s = x.vmafDeltaSecondary;
    if (p === null) own.push({ code: 'METRIC_MISSING', gate: 'vmaf_model_delta', detail: 'primary VMAF was not measured (model-delta gate)' });
    else if (!isFinite(p)) own.push(nonFinite('vmaf_model_delta', 'delta-primary VMAF', p));
    if (s === null) own.push({ code: 'METRIC_MISSING', gate: 'vmaf_model_delta', detail: 'secondary (NEG) VMAF run absent' });
    else if (!isFinite(s)) own.push(nonFinite('vmaf_model_delta', 'delta-secondary VMAF', s));
    if (own.length) violations.push(...own);
    else {
      const delta = Math.abs(p! - s!);
      if (delta > VMAF_MODEL_DELTA_MAX)
        violations.push({
          code: 'VMAF_MODEL_DELTA_EXCEEDED',
          gate: 'vmaf_model_delta',
          detail: `|v0.6.1 − v0.6.1neg| = ${delta} > ${VMAF_MODEL_DELTA_MAX}`,
          measured: delta,
          limit: VMAF_MODEL_DELTA_MAX,
        });
    }
  }
  // Perceptual gates (tone, grayscale, chroma), skipped on the removal track.
  const perceptualGates: [string, string, Perceptual | null][] = [
    ['tone_manipulation', 'TONE_MANIPULATION', x.tone],
    ['color_grayscale', 'COLOR_GRAYSCALE', x.grayscale],
    ['chroma_uv', 'CHROMA_UV_MANIPULATION', x.chroma],
  ];
  for (const [gate, code, result] of perceptualGates) {
    if (x.track === 'removal') {
      skips.push({ gate, detail: 'removal track: the outside-mask identity check applies instead' });
      continue;
    }
    if (result === null) {
      notEvaluated.push({ gate, reason: 'the perceptual check result was not given' });
      continue;
    }
    if (!result.passed) violations.push({ code, gate, detail: `${gate} check failed`, measured: result.measure ?? null, limit: result.limit ?? null });
  }
  return { passed: violations.length === 0, violations, codes: violations.map((v) => v.code), skips, notEvaluated };
}

/** Input check beyond the schema: a removal item never carries an upscale factor (warned, as upstream ignores it). */
export function gateWarnings(x: Parsed): string[] {
  const w: string[] = [];
  if (x.track !== 'upscaling' && x.upscaleFactor !== null && x.upscaleFactor !== undefined) w.push(`upscaleFactor is ignored on the ${x.track} track`);
  return w;
}
