/**
 * Competition entry scoring, pure: a miner's entry is a set of items (for compression: the served input, which is the
 * reference, and the miner's output; for upscaling: the pristine reference, the low-resolution input and the output;
 * for removal: the clean reference, the served input with its mask and the output), and each item becomes one packet
 * score with its gate verdicts, as validator-vidaio v3 scores it (../shared/reference/rules/vidaio-v3.md §1.2–§1.5,
 * §2, §3.2, §4). Every gate a miner can evaluate on their own files is
 * evaluated; gates that need validator-side data, or whose measurement Preflight does not reproduce, are listed with
 * the reason and never silently skipped. Then the entry score (fsum/n over the full item set), its place against a
 * baseline and typed competitor scores (./competition.ts), manifest and competitor-list validation that names the
 * item or field at fault, and the sharding rule. The CLI (src/cli/commands/competition.ts) and the app's competition
 * page measure the files (probe facts, VMAF v0.6.1 and v0.6.1neg pooled as libvmaf's mean; removal items: the removal
 * measurement, CLI only) and call `scoreItem`, so both give the same numbers.
 */
import { callPackFunction } from '../call.ts';
import { packInForce } from '../index.ts';
import { codecFamily } from './checks.ts';
import {
  CODEC_ALLOWLIST,
  COMPRESSION_VMAF_BAND,
  CONFIG_COMPRESSION_THRESHOLD,
  evaluateGates,
  FILE_SIZE_CAPS,
  gatesInput,
  RATE_MAX,
  UPSCALING_VMAF_FLOOR,
  VMAF_MODEL_DELTA_MAX,
} from './v3-gates.ts';
import { compressionScore, validatorVidaio } from './validator-vidaio-b71f22d.ts';
import { composeItem, entryScore, place, type CompetitionRules, type Contender, type PlaceResult } from './competition.ts';
import { readCsv } from '../../text/csv.ts';
import type { RemovalMeasurement } from '../../metrics/removal/api.ts';
import { removalPacket } from '../../metrics/removal/item.ts';
import { REMOVAL_OUTSIDE_TOLERANCE } from './v3-removal.ts';
import { InputError } from '../../errors.ts';

export type Track = 'compression' | 'upscaling' | 'removal';
export const TRACKS: readonly Track[] = ['compression', 'upscaling', 'removal'];

/** One item of an entry. Paths are as the manifest gives them (the CLI resolves them against the manifest's folder). */
export interface EntryItemSpec {
  id: string;
  /** Compression: the served input (the reference is the input). Upscaling and removal: the pristine (clean) reference. */
  reference: string;
  /** Upscaling: the low-resolution input the miner was served. Removal: the served input (stream 1: the mask). */
  input?: string;
  /** Removal only: the mask as a separate video, when the served input has no mask stream. */
  mask?: string;
  /** Removal only: the challenge id (seeds the LPIPS frame offset, `removal.lpipsOffset`). */
  challengeId?: string;
  output: string;
  /** Upscaling only: 2 or 4. */
  scaleFactor?: number;
  /** Upscaling only: the signed 4-frame piq PIE-APP mean (e.g. from `preflight pieapp`); without it the item is incomplete. */
  pieapp?: number | null;
  /** Upscaling only: content length L in seconds (default: the reference's duration). */
  contentLengthS?: number | null;
}

export interface EntryManifest {
  track: Track;
  /** Compression: the competition's `vmaf_threshold` (floor = threshold − 5). Default 90 (inference default). */
  vmafThreshold: number;
  items: EntryItemSpec[];
  /** Baseline entry score; null = no executable baseline (decided by absolute bars); undefined = not given. */
  baseline?: number | null;
  /** The competition's anchored result rules; null = protocol defaults. */
  rules?: CompetitionRules | null;
}

/** Bad input: `field` names the item or field (`items[2] "clip-3".output`), `message` says what is wrong. */
export class EntryInputError extends InputError {
  override readonly name = 'EntryInputError';
  declare readonly field: string;
  constructor(field: string, message: string) {
    super(field, message);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : (JSON.stringify(v)?.slice(0, 60) ?? String(v)));

const COMPRESSION_KEYS = ['id', 'track', 'reference', 'output'];
const UPSCALING_KEYS = ['id', 'track', 'reference', 'input', 'output', 'scaleFactor', 'pieapp', 'contentLengthS'];
const REMOVAL_KEYS = ['id', 'track', 'reference', 'input', 'mask', 'output', 'challengeId'];
const RULE_KEYS = [
  'crownMargin',
  'crownMinScore',
  'podiumMinMargin',
  'podiumMinScore',
  'crownCompetitionShare',
  'podiumCompetitionShare',
  'crownSplit',
  'podiumSplit',
  'redistributeEmptyPlaces',
  'noQualifierClosesWindow',
];

/** Validates a parsed manifest. Throws `EntryInputError` for the first problem, naming the item and field. */
export function parseManifest(value: unknown): EntryManifest {
  if (!isObj(value)) throw new EntryInputError('manifest', `expected a JSON object with track and items, got ${show(value)}`);
  for (const k of Object.keys(value))
    if (!['track', 'vmafThreshold', 'items', 'baseline', 'rules', 'competitionId'].includes(k))
      throw new EntryInputError(`manifest.${k}`, 'unknown key (expected track, vmafThreshold, items, baseline, rules, competitionId)');
  const track = value.track;
  if (track !== 'compression' && track !== 'upscaling' && track !== 'removal')
    throw new EntryInputError('manifest.track', `expected "compression", "upscaling" or "removal", got ${show(track)}`);
  let vmafThreshold = 90;
  if (value.vmafThreshold !== undefined) {
    if (typeof value.vmafThreshold !== 'number' || !Number.isFinite(value.vmafThreshold) || value.vmafThreshold < 0 || value.vmafThreshold > 100)
      throw new EntryInputError('manifest.vmafThreshold', `expected a number from 0 to 100, got ${show(value.vmafThreshold)}`);
    vmafThreshold = value.vmafThreshold;
  }
  if (!Array.isArray(value.items) || value.items.length === 0)
    throw new EntryInputError('manifest.items', `expected a non-empty array of items, got ${show(value.items)}`);
  const items: EntryItemSpec[] = [];
  const ids = new Map<string, number>();
  const pairs = new Map<string, number>();
  value.items.forEach((raw, i) => {
    const where = isObj(raw) && typeof raw.id === 'string' && raw.id ? `items[${i}] "${raw.id}"` : `items[${i}]`;
    if (!isObj(raw)) throw new EntryInputError(where, `expected an object, got ${show(raw)}`);
    if (typeof raw.id !== 'string' || !raw.id.trim()) throw new EntryInputError(`${where}.id`, `expected a non-empty string, got ${show(raw.id)}`);
    if (raw.track !== undefined && raw.track !== track)
      throw new EntryInputError(`${where}.track`, `the item is for track ${show(raw.track)} but the manifest's track is "${track}"`);
    const allowed = track === 'compression' ? COMPRESSION_KEYS : track === 'upscaling' ? UPSCALING_KEYS : REMOVAL_KEYS;
    for (const k of Object.keys(raw)) {
      if (allowed.includes(k)) continue;
      if (track === 'compression' && UPSCALING_KEYS.includes(k))
        throw new EntryInputError(
          `${where}.${k}`,
          `an upscaling field in a ${track} entry (mismatched track: compression items have only id, reference and output)`,
        );
      throw new EntryInputError(`${where}.${k}`, `unknown key (expected ${allowed.join(', ')})`);
    }
    for (const k of track === 'compression' ? ['reference', 'output'] : ['reference', 'input', 'output'])
      if (typeof raw[k] !== 'string' || !(raw[k] as string).trim())
        throw new EntryInputError(
          `${where}.${k}`,
          track === 'upscaling' && k === 'input'
            ? 'missing: an upscaling item needs the low-resolution input (mismatched track?)'
            : track === 'removal' && k === 'input'
              ? 'missing: a removal item needs the served input (with its mask stream, or give "mask")'
              : `expected a file path, got ${show(raw[k])}`,
        );
    const item: EntryItemSpec = { id: raw.id, reference: raw.reference as string, output: raw.output as string };
    if (track === 'upscaling') {
      if (raw.scaleFactor !== 2 && raw.scaleFactor !== 4) throw new EntryInputError(`${where}.scaleFactor`, `expected 2 or 4, got ${show(raw.scaleFactor)}`);
      item.input = raw.input as string;
      item.scaleFactor = raw.scaleFactor;
      for (const k of ['pieapp', 'contentLengthS'] as const) {
        const v = raw[k];
        if (v === undefined || v === null) item[k] = null;
        else if (typeof v !== 'number' || !Number.isFinite(v) || (k === 'contentLengthS' && v < 0))
          throw new EntryInputError(`${where}.${k}`, `expected ${k === 'pieapp' ? 'a finite number' : 'seconds ≥ 0'} or null, got ${show(v)}`);
        else item[k] = v;
      }
    }
    if (track === 'removal') {
      item.input = raw.input as string;
      for (const k of ['mask', 'challengeId'] as const) {
        const v = raw[k];
        if (v === undefined) continue;
        if (typeof v !== 'string' || !v.trim())
          throw new EntryInputError(`${where}.${k}`, `expected ${k === 'mask' ? 'a file path' : 'a non-empty string'}, got ${show(v)}`);
        item[k] = v;
      }
    }
    if (ids.has(item.id)) throw new EntryInputError(`${where}.id`, `duplicate item: the id is also used by items[${ids.get(item.id)}]`);
    ids.set(item.id, i);
    const pair = JSON.stringify([item.reference, item.input ?? null]);
    if (pairs.has(pair))
      throw new EntryInputError(
        where,
        `duplicate item: the same ${track === 'compression' ? 'reference' : 'reference and input'} as items[${pairs.get(pair)}] (one packet per item)`,
      );
    pairs.set(pair, i);
    items.push(item);
  });
  const manifest: EntryManifest = { track, vmafThreshold, items };
  if (value.baseline !== undefined) {
    if (value.baseline !== null && (typeof value.baseline !== 'number' || !Number.isFinite(value.baseline) || value.baseline < 0 || value.baseline > 1))
      throw new EntryInputError(
        'manifest.baseline',
        `expected an entry score from 0 to 1, or null for a competition without a baseline, got ${show(value.baseline)}`,
      );
    manifest.baseline = value.baseline as number | null;
  }
  if (value.rules !== undefined && value.rules !== null) manifest.rules = parseRules(value.rules, 'manifest.rules');
  return manifest;
}

/** Validates result rules (types only; the ranges are upstream's and raise in `place`, named there). */
export function parseRules(value: unknown, field: string): CompetitionRules {
  if (!isObj(value)) throw new EntryInputError(field, `expected an object, got ${show(value)}`);
  for (const k of Object.keys(value)) if (!RULE_KEYS.includes(k)) throw new EntryInputError(`${field}.${k}`, `unknown key (expected ${RULE_KEYS.join(', ')})`);
  if (typeof value.crownMargin !== 'number') throw new EntryInputError(`${field}.crownMargin`, `expected a number, got ${show(value.crownMargin)}`);
  for (const k of RULE_KEYS.slice(1)) {
    const v = value[k];
    if (v === undefined || v === null) continue;
    const ok = k.endsWith('Split')
      ? Array.isArray(v) && v.every((x) => typeof x === 'number')
      : k.startsWith('redistribute') || k.startsWith('noQualifier')
        ? typeof v === 'boolean'
        : typeof v === 'number';
    if (!ok) throw new EntryInputError(`${field}.${k}`, `wrong type: ${show(v)}`);
  }
  return value as unknown as CompetitionRules;
}

// ---------------------------------------------------------------------------------------------------------------
// Competitors

/**
 * Competitor entry scores, from CSV (`hotkey,uid,score`, header optional, any column order with a header, `#` comments)
 * or JSON (`[{hotkey, uid, score}]` or `{contenders: [...]}`). Throws `EntryInputError` naming the line or field.
 */
export function parseCompetitors(text: string, name = 'competitors'): Contender[] {
  const trimmed = text.trim();
  const out: Contender[] = [];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      throw new EntryInputError(name, `not valid JSON: ${(err as Error).message}`);
    }
    const list = Array.isArray(data) ? data : isObj(data) && Array.isArray(data.contenders) ? data.contenders : null;
    if (!list) throw new EntryInputError(name, 'expected an array of {hotkey, uid, score} or {"contenders": [...]}');
    list.forEach((c: unknown, i: number) => {
      const where = `${name}[${i}]`;
      if (!isObj(c)) throw new EntryInputError(where, `expected {hotkey, uid, score}, got ${show(c)}`);
      for (const k of Object.keys(c))
        if (!['hotkey', 'uid', 'score'].includes(k)) throw new EntryInputError(`${where}.${k}`, 'unknown key (expected hotkey, uid, score)');
      out.push(checkContender(c.hotkey, c.uid, c.score, where));
    });
  } else {
    let rows;
    try {
      rows = readCsv(text, { delimiters: [',', ';', '\t'], comments: '#' });
    } catch (err) {
      throw new EntryInputError(name, (err as Error).message);
    }
    let cols = { hotkey: 0, uid: 1, score: 2 };
    let seenData = false;
    rows.forEach(({ line, cells }) => {
      const l = cells.join(',');
      const where = `${name} line ${line}`;
      if (!seenData && cells.some((c) => c.toLowerCase() === 'hotkey')) {
        const idx = (k: string) => cells.findIndex((c) => c.toLowerCase() === k);
        cols = { hotkey: idx('hotkey'), uid: idx('uid'), score: idx('score') };
        for (const [k, v] of Object.entries(cols)) if (v < 0) throw new EntryInputError(where, `the header has no "${k}" column (expected hotkey, uid, score)`);
        seenData = true;
        return;
      }
      seenData = true;
      if (cells.length < 3) throw new EntryInputError(where, `expected hotkey,uid,score, got ${show(l)}`);
      const uid = cells[cols.uid]!;
      const score = cells[cols.score]!;
      out.push(
        checkContender(
          cells[cols.hotkey],
          /^\d+$/.test(uid) ? Number(uid) : uid,
          /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(score) ? Number(score) : score,
          where,
        ),
      );
    });
  }
  const hot = new Map<string, number>();
  const uids = new Map<number, number>();
  out.forEach((c, i) => {
    if (hot.has(c.hotkey)) throw new EntryInputError(`${name}`, `hotkey ${show(c.hotkey)} appears twice (entries ${hot.get(c.hotkey)! + 1} and ${i + 1})`);
    if (uids.has(c.uid)) throw new EntryInputError(`${name}`, `uid ${c.uid} appears twice (entries ${uids.get(c.uid)! + 1} and ${i + 1})`);
    hot.set(c.hotkey, i);
    uids.set(c.uid, i);
  });
  return out;
}

function checkContender(hotkey: unknown, uid: unknown, score: unknown, where: string): Contender {
  if (typeof hotkey !== 'string' || !hotkey.trim()) throw new EntryInputError(`${where}.hotkey`, `expected a non-empty hotkey, got ${show(hotkey)}`);
  if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 0) throw new EntryInputError(`${where}.uid`, `expected a whole number ≥ 0, got ${show(uid)}`);
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)
    throw new EntryInputError(`${where}.score`, `expected an entry score from 0 to 1, got ${show(score)}`);
  return { hotkey: hotkey.trim(), uid, score };
}

// ---------------------------------------------------------------------------------------------------------------
// Item scoring

/** What a probe and the decoder report about one file. */
export interface FileFacts {
  codec: string;
  pixFmt: string | null;
  width: number;
  height: number;
  fps: number;
  /** Decoded frame count. */
  frameCount: number;
  /** Video stream duration in seconds (NaN when unknown). */
  durationS: number;
  sizeBytes: number;
}

/** VMAF of the output against the reference (libvmaf pool=mean), or why it could not be measured. */
export interface ItemMeasurement {
  vmaf: number | null;
  vmafNeg: number | null;
  /** Set when the pair could not be measured (different frame sizes, undecodable file…). */
  error: string | null;
}

export type VerdictStatus = 'pass' | 'fail' | 'validator-side' | 'not-previewed';

export interface GateVerdict {
  code: string;
  status: VerdictStatus;
  /** The numbers, or why the gate cannot be previewed. */
  detail: string;
  /** Upstream location (vidaio-v3.md). */
  source: string;
}

/** One JSON line of `preflight competition`: everything needed to merge, nothing machine-dependent but `seconds`. */
export interface ItemRecord {
  type: 'item';
  index: number;
  id: string;
  track: Track;
  /** Packet score 0–1; null when the item is incomplete (upscaling without PIE-APP). */
  score: number | null;
  gatePassed: boolean;
  /** breakdown.final before the gates (null without a breakdown). */
  final: number | null;
  /** Breakdown zero reason, e.g. VMAF_BELOW_THRESHOLD. */
  zeroReason: string | null;
  incomplete: string | null;
  verdicts: GateVerdict[];
  metrics: Record<string, number | string | null>;
  outputSha256: string;
  seconds?: number;
}

const GATES = 'E:vidaio/scoring/gates.py:38-73';
const CANON = 'B:vidaio/scoring/canonicalize.py validate_stream';
const PERCEPTUAL = 'B:vidaio/scoring/perceptual_cpu.py CpuPerceptualConfig';
const NOT_PREVIEWED_PERCEPTUAL =
  "not previewed: the validator samples 8 frames on a 128×128 grid of the canonical input and output (perceptual_cpu.py); that sampling is not transcribed in Preflight's reference, so Preflight does not guess it";

export interface ScoreItemInput {
  track: Track;
  index: number;
  spec: EntryItemSpec;
  vmafThreshold: number;
  reference: FileFacts;
  output: FileFacts;
  /** Upscaling: the served low-resolution input. */
  input?: FileFacts | null;
  measurement: ItemMeasurement;
  /** Removal: the item's measurement (src/core/metrics/removal/pipeline.ts); null when it failed (`measurement.error` says why). */
  removal?: RemovalMeasurement | null;
  outputSha256: string;
}

const fmt = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? '—' : Number.isFinite(x) ? x.toFixed(d) : String(x));

/** The pack's gate input for one file (v3-gates.ts `mediaInfo`). */
function media(x: FileFacts) {
  return {
    codec: codecFamily(x.codec),
    width: x.width,
    height: x.height,
    fps: x.fps,
    frameCount: Number.isInteger(x.frameCount) ? x.frameCount : -1,
    duration: Number.isFinite(x.durationS) ? x.durationS : 0,
    byteSize: x.sizeBytes,
    pixFmt: x.pixFmt ?? 'unknown',
  };
}

/** The record of a scored item: its packet score is item.compose of the gates and the breakdown's final, null while the item is incomplete. */
function itemRecord(
  a: ScoreItemInput,
  track: Track,
  o: Pick<ItemRecord, 'gatePassed' | 'final' | 'zeroReason' | 'incomplete' | 'verdicts' | 'metrics'>,
): ItemRecord {
  const score = o.incomplete ? null : composeItem({ gatePassed: o.gatePassed, final: o.final }).score;
  return { type: 'item', index: a.index, id: a.spec.id, track, score, ...o, outputSha256: a.outputSha256 };
}

/**
 * Scores one item: the v3 gate pipeline of the pack (./v3-gates.ts `evaluateGates`: every gate, no short-circuit), the
 * breakdown (compression: the manifest threshold; upscaling: S_Q from the signed PIE-APP mean and S_L), the packet score
 * (item.compose). Verdicts list every gate code of the track in pipeline order with its numbers, plus the gates that
 * cannot be previewed and why.
 */
export function scoreItem(a: ScoreItemInput): ItemRecord {
  if (a.track === 'removal') return scoreRemovalItem(a);
  const { track, spec, reference: ref, output: out, measurement: m } = a;
  const vmafOk = m.vmaf !== null && Number.isFinite(m.vmaf);
  const input = track === 'upscaling' ? a.input! : null;
  const g = evaluateGates(
    gatesInput.parse(
      {
        track,
        reference: media(ref),
        candidate: media(out),
        input: input ? media(input) : null,
        canonicalReference: media(ref),
        canonicalCandidate: media(out),
        vmaf: m.vmaf,
        vmafDeltaPrimary: track === 'compression' ? m.vmaf : null,
        vmafDeltaSecondary: track === 'compression' ? m.vmafNeg : null,
        upscaleFactor: track === 'upscaling' ? spec.scaleFactor : null,
        pieappMeasured: true,
      },
      'gates',
    ),
  );
  // Upscaling's model-delta pair is measured against the served input scaled to the output size, which Preflight does
  // not reproduce: its METRIC_MISSING is not the miner's failure, and the gate is listed as not previewed instead.
  const violations = g.violations.filter((x) => !(track === 'upscaling' && x.gate === 'vmaf_model_delta'));
  const v: GateVerdict[] = [];
  const verdict = (code: string, passDetail: string, source: string) => {
    const failed = violations.filter((x) => x.code === code);
    v.push({ code, status: failed.length ? 'fail' : 'pass', detail: failed.length ? failed.map((x) => x.detail).join('; ') : passDetail, source });
  };
  const metrics: Record<string, number | string | null> = {
    vmaf: m.vmaf,
    vmafNeg: m.vmafNeg,
    referenceBytes: ref.sizeBytes,
    outputBytes: out.sizeBytes,
    referenceFrames: ref.frameCount,
    outputFrames: out.frameCount,
  };
  verdict('ENCODING_NOT_ALLOWED', `codec ${out.codec} (allowed ${CODEC_ALLOWLIST.join(', ')})`, 'E:vidaio/scoring/config.py:117');
  verdict('FRAME_COUNT_MISMATCH', `${out.frameCount} frames, as the reference`, GATES);
  if (track === 'upscaling') {
    const cap = FILE_SIZE_CAPS[spec.scaleFactor ?? 0];
    metrics.inputBytes = input!.sizeBytes;
    verdict(
      'FILE_SIZE_CAP_EXCEEDED',
      `output ${out.sizeBytes} bytes ≤ ${cap}× input = ${cap === undefined ? '—' : cap * input!.sizeBytes} bytes`,
      'E:vidaio/scoring/config.py:115',
    );
    verdict('UNSUPPORTED_SCALE_FACTOR', `scale factor ${spec.scaleFactor}`, GATES);
    verdict('VMAF_BELOW_FLOOR', `VMAF v0.6.1 vs the pristine reference ${fmt(m.vmaf)} ≥ ${UPSCALING_VMAF_FLOOR}`, 'E:vidaio/scoring/config.py vmaf_floor');
    v.push({
      code: 'VMAF_MODEL_DELTA_EXCEEDED',
      status: 'not-previewed',
      detail:
        "not previewed: both models are measured against the served input Lanczos-scaled to the output size by the validator's canonicalizer (B:canonicalize.py); Preflight does not reproduce that scaling",
      source: 'E:vidaio/scoring/config.py:108',
    });
  } else {
    const rate = ref.sizeBytes > 0 ? out.sizeBytes / ref.sizeBytes : NaN;
    const floor = CONFIG_COMPRESSION_THRESHOLD - COMPRESSION_VMAF_BAND;
    metrics.compressionRate = rate;
    metrics.vmafThreshold = a.vmafThreshold;
    verdict('COMPRESSION_RATE_TOO_HIGH', `rate ${fmt(rate, 4)} = ${out.sizeBytes}/${ref.sizeBytes} bytes < ${RATE_MAX}`, 'E:vidaio/scoring/config.py:106');
    verdict(
      'VMAF_BELOW_FLOOR',
      `VMAF v0.6.1 vs the served input ${fmt(m.vmaf)} ≥ ${floor} (the scoring config's threshold ${CONFIG_COMPRESSION_THRESHOLD} − 5; the manifest threshold ${a.vmafThreshold} applies in the score)`,
      'E:vidaio/scoring/config.py:121-123,157',
    );
    const d = vmafOk && m.vmafNeg !== null ? Math.abs(m.vmaf! - m.vmafNeg) : NaN;
    metrics.vmafModelDelta = Number.isFinite(d) ? d : null;
    verdict(
      'VMAF_MODEL_DELTA_EXCEEDED',
      `|v0.6.1 − v0.6.1neg| = |${fmt(m.vmaf)} − ${fmt(m.vmafNeg)}| = ${fmt(d)} ≤ ${VMAF_MODEL_DELTA_MAX}`,
      'E:vidaio/scoring/config.py:108',
    );
  }
  for (const code of ['TONE_MANIPULATION', 'COLOR_GRAYSCALE', 'CHROMA_UV_MANIPULATION'])
    v.push({ code, status: 'not-previewed', detail: NOT_PREVIEWED_PERCEPTUAL, source: PERCEPTUAL });
  verdict('STREAM_DIMENSIONS_MISMATCH', `${out.width}×${out.height}, as the reference`, CANON);
  verdict('STREAM_PIX_FMT_MISMATCH', `${out.pixFmt ?? 'unknown'}, as the reference`, CANON);
  verdict('STREAM_DURATION_MISMATCH', `output ${fmt(out.durationS)} s, reference ${fmt(ref.durationS)} s (within 5 %)`, CANON);
  verdict('STREAM_PTS_INCONSISTENT', `frames/fps ${fmt(out.frameCount / out.fps)} s vs duration ${fmt(out.durationS)} s (within 5 %)`, CANON);
  if (m.error) v.push({ code: 'METRIC_MISSING', status: 'fail', detail: `VMAF could not be measured: ${m.error}`, source: GATES });
  else verdict('METRIC_MISSING', 'every metric was measured', GATES);
  verdict('METRIC_NON_FINITE', 'every metric is finite', 'E:vidaio/scoring/finite.py');
  v.push({
    code: 'SOURCE_PROXIMITY',
    status: 'validator-side',
    detail: 'validator-side, not previewable: a round verdict over ≥ 3 packets against the sealed pristine original (inference rounds)',
    source: 'A:vidaio/scoring/source_proximity_evidence.py',
  });
  v.push({
    code: 'REPLAY_DUPLICATE',
    status: 'validator-side',
    detail: 'validator-side, not previewable: compares with anchor-salted earlier winners the miner cannot see (inference rounds)',
    source: GATES,
  });
  v.push({
    code: 'MINER_TIMEOUT / TRANSPORT / TASK_ID / OUTPUT_DIGEST',
    status: 'validator-side',
    detail: 'validator-side, not previewable: transport conditions of the live request',
    source: GATES,
  });

  let final: number | null = null;
  let zeroReason: string | null = null;
  let incomplete: string | null = null;
  const gatePassed = !v.some((x) => x.status === 'fail');
  if (!m.error && vmafOk) {
    if (track === 'compression') {
      const rate = metrics.compressionRate as number;
      if (Number.isFinite(rate)) {
        const r = compressionScore(rate, m.vmaf!, a.vmafThreshold);
        final = r.score;
        zeroReason = {
          'no-meaningful-compression': 'COMPRESSION_RATE_TOO_HIGH',
          'below-hard-cutoff': 'VMAF_BELOW_FLOOR',
          'below-threshold': 'VMAF_BELOW_THRESHOLD',
          'above-threshold': null,
        }[r.zone];
        metrics.formula = r.zone === 'above-threshold' ? `min(1, (0.7·${fmt(r.compressionComponent, 4)} + 0.3·${fmt(r.qualityComponent, 4)})/1.12)` : r.zone;
      }
    } else {
      const L = spec.contentLengthS ?? ref.durationS;
      metrics.contentLengthS = Number.isFinite(L) ? L : null;
      if (spec.pieapp === null || spec.pieapp === undefined)
        incomplete = 'PIE-APP missing: give the item a "pieapp" value (the signed mean over the validator\'s 4 frames, e.g. from `preflight pieapp`)';
      else if (!Number.isFinite(L)) incomplete = 'content length unknown: give the item "contentLengthS"';
      else {
        const r = callPackFunction(validatorVidaio, 'upscaling.score', { pieapp: spec.pieapp, contentLengthS: L });
        metrics.pieapp = spec.pieapp;
        metrics.sQ = r.sQ;
        metrics.sL = r.sL;
        metrics.sPre = r.sPre;
        final = r.sF;
      }
    }
  }
  return itemRecord(a, track, { gatePassed, final, zeroReason, incomplete, verdicts: v, metrics });
}

/**
 * A removal item: the v3 gate pipeline on the removal track (outside-mask identity, encoding, frame count, stream
 * checks; the VMAF and perceptual gates do not apply), the breakdown of `removal.score` (zero reasons
 * REGION_BASELINE_NOT_BEATEN, WARP_ERROR_EXCEEDED; ../shared/reference/rules/vidaio-v3.md §2.7) and the packet score
 * (item.compose, src/core/metrics/removal/item.ts). Without LPIPS weights the item is incomplete unless its verdict is
 * already a zero the missing terms cannot change.
 */
function scoreRemovalItem(a: ScoreItemInput): ItemRecord {
  const { reference: ref, output: out, measurement: m } = a;
  const r = a.removal ?? null;
  const g = evaluateGates(
    gatesInput.parse(
      {
        track: 'removal',
        reference: media(ref),
        candidate: media(out),
        input: a.input ? media(a.input) : null,
        canonicalReference: media(ref),
        canonicalCandidate: media(out),
        vmaf: null,
        outsideChange: r ? r.outside.change : null,
      },
      'gates',
    ),
  );
  const v: GateVerdict[] = [];
  const verdict = (code: string, passDetail: string, source: string) => {
    const failed = g.violations.filter((x) => x.code === code);
    v.push({ code, status: failed.length ? 'fail' : 'pass', detail: failed.length ? failed.map((x) => x.detail).join('; ') : passDetail, source });
  };
  const c = r?.candidate;
  const metrics: Record<string, number | string | null> = {
    psnrDb: c?.psnrDb ?? null,
    floorPsnrDb: r?.floor.psnrDb ?? null,
    ssim: c?.ssim ?? null,
    lpipsVgg: c?.lpipsVgg ?? null,
    floorLpipsVgg: r?.floor.lpipsVgg ?? null,
    warpError: c?.warpError ?? null,
    warpReference: r?.warpReference ?? null,
    outsideChange: r ? r.outside.change : null,
    referenceFrames: ref.frameCount,
    outputFrames: out.frameCount,
  };
  if (r)
    verdict(
      'OUTSIDE_REGION_MODIFIED',
      `max per-frame mean abs change outside the mask ${fmt(r.outside.change, 4)} ≤ ${REMOVAL_OUTSIDE_TOLERANCE}`,
      'E:vidaio/scoring_worker/service.py step 5d',
    );
  verdict('ENCODING_NOT_ALLOWED', `codec ${out.codec} (allowed ${CODEC_ALLOWLIST.join(', ')})`, 'E:vidaio/scoring/config.py:117');
  verdict('FRAME_COUNT_MISMATCH', `${out.frameCount} frames, as the reference`, GATES);
  verdict('STREAM_DIMENSIONS_MISMATCH', `${out.width}×${out.height}, as the reference`, CANON);
  verdict('STREAM_PIX_FMT_MISMATCH', `${out.pixFmt ?? 'unknown'}, as the reference`, CANON);
  verdict('STREAM_DURATION_MISMATCH', `output ${fmt(out.durationS)} s, reference ${fmt(ref.durationS)} s (within 5 %)`, CANON);
  verdict('STREAM_PTS_INCONSISTENT', `frames/fps ${fmt(out.frameCount / out.fps)} s vs duration ${fmt(out.durationS)} s (within 5 %)`, CANON);
  if (m.error) v.push({ code: 'METRIC_MISSING', status: 'fail', detail: `the removal metrics could not be measured: ${m.error}`, source: GATES });
  v.push({
    code: 'MINER_TIMEOUT / TRANSPORT / TASK_ID / OUTPUT_DIGEST',
    status: 'validator-side',
    detail: 'validator-side, not previewable: transport conditions of the live request',
    source: GATES,
  });
  const gatePassed = !v.some((x) => x.status === 'fail');
  let final: number | null = null;
  let zeroReason: string | null = null;
  let incomplete: string | null = null;
  if (r) {
    const p = removalPacket(r);
    final = p.final;
    zeroReason = p.zeroReason === 'OUTSIDE_REGION_MODIFIED' ? null : p.zeroReason;
    incomplete = p.incomplete;
    if (r.score) {
      metrics.sPsnr = r.score.sPsnr;
      metrics.sLpips = r.score.sLpips;
      metrics.warpCap = r.score.warpCap;
    }
  }
  // A failed gate decides the item whatever is missing (item.compose: gate failed → 0).
  if (!gatePassed) incomplete = null;
  return itemRecord(a, 'removal', { gatePassed, final, zeroReason, incomplete, verdicts: v, metrics });
}

// ---------------------------------------------------------------------------------------------------------------
// Entry summary

export interface Standing {
  baseline: number | null;
  hasBaseline: boolean;
  rules: CompetitionRules | null;
  competitors: Contender[];
  self: { hotkey: string; uid: number };
  appliedAt: string;
  now?: string;
}

export interface EntrySummary {
  items: number;
  scored: number;
  missing: string[];
  incomplete: string[];
  entryScore: number | null;
  /** Items whose outputs are byte-identical (sha256), as information: equal-share duplicates apply to inference rounds only. */
  duplicateOutputs: string[][];
  place: PlaceResult | null;
  self: { hotkey: string; uid: number; rank: number | null; qualified: boolean; paid: boolean; placeShare: number; emissionShare: number } | null;
}

/** The default UID of the user's own entry: one above the competitors' largest (0 without competitors). */
export function defaultSelfUid(competitors: readonly Contender[]): number {
  return competitors.reduce((m, c) => Math.max(m, c.uid + 1), 0);
}

/** Entry score over the full item set (items in manifest order), and the place against the standing when given. */
export function summarizeEntry(itemIds: readonly string[], records: readonly ItemRecord[], standing: Standing | null): EntrySummary {
  const byId = new Map(records.map((r) => [r.id, r]));
  const missing = itemIds.filter((id) => !byId.has(id));
  const incomplete = itemIds.filter((id) => byId.get(id)?.score === null && byId.has(id));
  const digests = new Map<string, string[]>();
  for (const id of itemIds) {
    const r = byId.get(id);
    if (r) digests.set(r.outputSha256, [...(digests.get(r.outputSha256) ?? []), id]);
  }
  const duplicateOutputs = [...digests.values()].filter((ids) => ids.length > 1);
  const complete = missing.length === 0 && incomplete.length === 0;
  const score = complete ? entryScore(itemIds.map((id) => byId.get(id)!.score!)).score : null;
  let placed: PlaceResult | null = null;
  let self: EntrySummary['self'] = null;
  if (score !== null && standing) {
    const me = { hotkey: standing.self.hotkey, uid: standing.self.uid, score };
    if (standing.competitors.some((c) => c.hotkey === me.hotkey))
      throw new EntryInputError('hotkey', `your entry's hotkey ${JSON.stringify(me.hotkey)} is also a competitor's`);
    if (standing.competitors.some((c) => c.uid === me.uid)) throw new EntryInputError('uid', `your entry's uid ${me.uid} is also a competitor's`);
    placed = place({
      contenders: [...standing.competitors, me],
      baselineScore: standing.hasBaseline ? standing.baseline : null,
      hasBaseline: standing.hasBaseline,
      rules: standing.rules,
      appliedAt: standing.appliedAt,
      now: standing.now,
    });
    const rankIdx = placed.ranked.findIndex((c) => c.hotkey === me.hotkey);
    const paidIdx = placed.paidHotkeys.indexOf(me.hotkey);
    self = {
      hotkey: me.hotkey,
      uid: me.uid,
      rank: rankIdx + 1,
      qualified: placed.qualifiers.includes(me.hotkey),
      paid: paidIdx >= 0,
      placeShare: paidIdx >= 0 ? placed.placeShares[paidIdx]! : 0,
      emissionShare: placed.emissionByHotkey[me.hotkey] ?? 0,
    };
  }
  return { items: itemIds.length, scored: itemIds.length - missing.length, missing, incomplete, entryScore: score, duplicateOutputs, place: placed, self };
}

/** The pack whose rules the preview applies (gates, item scores, tokenomics v3). */
export const COMPETITION_PACK_ID = 'validator-vidaio@e76b503';

/** One line naming the rules applied, and a warning when validators ran another pack on the window's start day. */
export function competitionRulesNote(appliedAt: string): string {
  const choice = packInForce('vidaio', new Date(Date.parse(appliedAt)));
  const v3 = packInForce('vidaio', '2026-09-28');
  if (choice.pack.id === COMPETITION_PACK_ID) return `Rules: ${COMPETITION_PACK_ID} (tokenomics v3), ${choice.label}.`;
  return `Rules: ${COMPETITION_PACK_ID} (tokenomics v3, ${v3.label}); on ${choice.day} validators ran ${choice.pack.id} (${choice.label}), whose competitions paid under the v2 launch profile (idle 80/20, podium 60/40, crown 10/90, split 70/20/10, no redistribution) or had none: this preview shows the v3 rules.`;
}

// ---------------------------------------------------------------------------------------------------------------
// Shards

/** `i/n` with 0 ≤ i < n (i is 0-based, as Kubernetes' JOB_COMPLETION_INDEX). */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2]))
    throw new EntryInputError('--shard', `expected i/n with 0 ≤ i < n (i is 0-based, e.g. 0/4), got ${JSON.stringify(text)}`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** Item indices of one shard: round robin, item k belongs to shard k mod n (so long and short clips spread out). */
export function shardItems(itemCount: number, shard: { index: number; count: number } | null): number[] {
  const all = Array.from({ length: itemCount }, (_, k) => k);
  return shard ? all.filter((k) => k % shard.count === shard.index) : all;
}
