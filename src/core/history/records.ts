/**
 * Run records as Preflight stores them, and the portable history file (export/import JSON, CSV of runs).
 * Pure: the IndexedDB side is `src/storage`. Every imported file is validated entirely before anything is written,
 * and each error names the record and field. Times must lie in the range a JavaScript Date can represent
 * (±8.64e15 ms), so no record can later break a date conversion; the CSV export neutralises cells that a spreadsheet
 * would run as a formula (OWASP "CSV Injection": a leading `=`, `+`, `-`, `@`, TAB or CR gets a `'` prefix and the
 * cell is quoted).
 */
import type { Mechanism } from '../rules/types.ts';
import type { RunFramesSummary } from './frames.ts';
import { InputError, type InputLocation } from '../errors.ts';

/** One input file of a run: names, sizes and a SHA-256 so a later run on the same file is recognisable. */
export interface RunInput {
  role: string;
  name: string;
  sizeBytes: number;
  sha256: string | null;
}

export interface RunRecord {
  /** Random unique id (`run-…`). */
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  profileId: string;
  mechanism: Mechanism;
  /** Task type within the mechanism, e.g. `upscaling`, `compression`, `detector`. */
  task: string;
  packId: string;
  /** `webgpu`, `cpu`, `node-cpu`, `manual` (values typed in), … */
  engine: string;
  inputs: RunInput[];
  /** Measured metrics (pooled values), e.g. `vmaf`, `vmaf_neg`, `pieapp`, `ssim_all`. */
  metrics: Record<string, number>;
  /** The pack's outputs (score, zone, sF…): numbers, strings, booleans or null. */
  scores: Record<string, number | string | boolean | null>;
  /** Reasons for a zero, warnings and checks that failed, in the order the validator would meet them. */
  reasons: string[];
  /** Per-frame data kept in the `runFrames` store (count and metric keys); null or absent when none was kept. */
  frames?: RunFramesSummary | null;
}

export interface Profile {
  id: string;
  name: string;
  createdAt: number;
}

export const HISTORY_FORMAT = 'preflight-history';
export const HISTORY_FORMAT_VERSION = 1;

export interface HistoryFile {
  format: typeof HISTORY_FORMAT;
  version: number;
  exportedAt: number;
  profiles: Profile[];
  runs: RunRecord[];
}

/** A history file that cannot be imported (the message names the file, record and field). */
export class HistoryFileError extends InputError {
  override readonly name = 'HistoryFileError';
  constructor(message: string, at: InputLocation = {}) {
    super(message, at);
  }
}

const MECHANISMS: readonly Mechanism[] = ['vidaio', 'bitmind', 'yuma', 'zap', 'bly'];

export function newId(prefix: string, random: () => number = Math.random): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(random() * 2 ** 48).toString(36)}`;
}

export function toHistoryFile(profiles: Profile[], runs: RunRecord[], exportedAt = Date.now()): HistoryFile {
  return { format: HISTORY_FORMAT, version: HISTORY_FORMAT_VERSION, exportedAt, profiles, runs };
}

/** The largest |time| in ms a JavaScript Date represents (ECMA-262 TimeClip: 100 000 000 days). */
export const MAX_DATE_MS = 8.64e15;

/** ISO text of a time, or the number as is where no Date represents it (so one stored record never breaks an export). */
export function isoOrNumber(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : String(ms);
}

function fail(where: string, message: string): never {
  throw new HistoryFileError(`${where}: ${message}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A time in ms since the epoch that a Date can represent; names the field otherwise. */
function checkTime(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, 'expected a time in milliseconds since 1970 (a finite number)');
  if (Math.abs(v) > MAX_DATE_MS) fail(where, `${v} ms is outside the dates a browser can represent (±${MAX_DATE_MS} ms, years −271821…275760)`);
  return v;
}

function checkRun(v: unknown, where: string): RunRecord {
  if (!isObj(v)) fail(where, 'expected an object');
  const str = (k: string) =>
    typeof v[k] === 'string' && (v[k] as string).length > 0 ? (v[k] as string) : fail(`${where}.${k}`, 'expected a non-empty string');
  const time = (k: string) => checkTime(v[k], `${where}.${k}`);
  const mechanism = str('mechanism') as Mechanism;
  if (!MECHANISMS.includes(mechanism)) fail(`${where}.mechanism`, `expected one of ${MECHANISMS.join(', ')}`);
  if (!Array.isArray(v.inputs)) fail(`${where}.inputs`, 'expected an array');
  const inputs = v.inputs.map((inp, i) => {
    const w = `${where}.inputs[${i}]`;
    if (!isObj(inp)) fail(w, 'expected an object');
    if (typeof inp.role !== 'string' || typeof inp.name !== 'string') fail(w, 'expected role and name strings');
    if (typeof inp.sizeBytes !== 'number' || !(inp.sizeBytes >= 0)) fail(`${w}.sizeBytes`, 'expected a size ≥ 0');
    if (inp.sha256 !== null && (typeof inp.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(inp.sha256))) fail(`${w}.sha256`, 'expected 64 hex digits or null');
    return { role: inp.role, name: inp.name, sizeBytes: inp.sizeBytes, sha256: inp.sha256 as string | null };
  });
  if (!isObj(v.metrics)) fail(`${where}.metrics`, 'expected an object of numbers');
  for (const [k, m] of Object.entries(v.metrics)) if (typeof m !== 'number') fail(`${where}.metrics.${k}`, 'expected a number');
  if (!isObj(v.scores)) fail(`${where}.scores`, 'expected an object');
  for (const [k, s] of Object.entries(v.scores))
    if (s !== null && !['number', 'string', 'boolean'].includes(typeof s)) fail(`${where}.scores.${k}`, 'expected a number, string, boolean or null');
  if (!Array.isArray(v.reasons) || v.reasons.some((r) => typeof r !== 'string')) fail(`${where}.reasons`, 'expected an array of strings');
  return {
    id: str('id'),
    createdAt: time('createdAt'),
    profileId: str('profileId'),
    mechanism,
    task: str('task'),
    packId: str('packId'),
    engine: str('engine'),
    inputs,
    metrics: v.metrics as Record<string, number>,
    scores: v.scores as RunRecord['scores'],
    reasons: v.reasons as string[],
  };
}

/** Parses and validates a history file; throws HistoryFileError naming the first problem. Nothing is partial. */
export function parseHistoryFile(text: string): HistoryFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new HistoryFileError(`not a Preflight history file: the JSON does not parse (${(err as Error).message})`);
  }
  if (!isObj(data) || data.format !== HISTORY_FORMAT) fail('file', `not a Preflight history file (expected "format": "${HISTORY_FORMAT}")`);
  if (typeof data.version !== 'number' || data.version < 1 || data.version > HISTORY_FORMAT_VERSION)
    fail('file.version', `unsupported version ${String(data.version)} (this Preflight reads 1…${HISTORY_FORMAT_VERSION})`);
  if (!Array.isArray(data.profiles)) fail('file.profiles', 'expected an array');
  if (!Array.isArray(data.runs)) fail('file.runs', 'expected an array');
  const profiles = data.profiles.map((p, i) => {
    if (!isObj(p) || typeof p.id !== 'string' || p.id.length === 0 || typeof p.name !== 'string') fail(`profiles[${i}]`, 'expected {id, name, createdAt}');
    return { id: p.id, name: p.name, createdAt: checkTime(p.createdAt, `profiles[${i}].createdAt`) };
  });
  const runs = data.runs.map((r, i) => checkRun(r, `runs[${i}]`));
  const ids = new Set<string>();
  for (const r of runs) {
    if (ids.has(r.id)) fail(`runs (id ${r.id})`, 'duplicate run id');
    ids.add(r.id);
  }
  const exportedAt = data.exportedAt === undefined ? 0 : checkTime(data.exportedAt, 'file.exportedAt');
  return { format: HISTORY_FORMAT, version: data.version, exportedAt, profiles, runs };
}

/** Leading characters that make a spreadsheet (Excel, LibreOffice, Sheets) evaluate a cell (OWASP CSV Injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Numbers are written as numbers; any other text that starts like a formula is prefixed with `'` and
 * quoted, so a spreadsheet shows it as text instead of running it.
 */
export function csvCell(v: unknown): string {
  if (typeof v === 'number') return String(v);
  let s = v === null || v === undefined ? '' : String(v);
  const formula = FORMULA_START.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per run: fixed columns, then every metric and score key that occurs (sorted), then reasons joined by " | ". */
export function runsToCsv(runs: readonly RunRecord[]): string {
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const scoreKeys = [...new Set(runs.flatMap((r) => Object.keys(r.scores)))].sort();
  const header = [
    'id',
    'createdAt',
    'profileId',
    'mechanism',
    'task',
    'packId',
    'engine',
    'inputs',
    ...metricKeys.map((k) => `metric.${k}`),
    ...scoreKeys.map((k) => `score.${k}`),
    'reasons',
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const r of runs) {
    const row = [
      r.id,
      isoOrNumber(r.createdAt),
      r.profileId,
      r.mechanism,
      r.task,
      r.packId,
      r.engine,
      r.inputs.map((i) => `${i.role}:${i.name}`).join(' '),
      ...metricKeys.map((k) => r.metrics[k]),
      ...scoreKeys.map((k) => r.scores[k]),
      r.reasons.join(' | '),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
