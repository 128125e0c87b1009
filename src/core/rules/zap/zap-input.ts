/**
 * Parsing a Zap input file for the app: a JSON object, or a two-column CSV (`field,value` per line), with the
 * measurements `zap.score` needs. Frame arrival times (`frameArrivalsMs`) may replace `jitterMs`: jitter is then
 * the standard deviation of the inter-frame intervals (the validator document's reading; the incentive document
 * says "of frame arrival times", which for a steady stream is not a jitter at all).
 */
import { readCsv } from '../../text/csv.ts';

export interface ZapInputs {
  vmaf: number;
  ssim: number;
  rttMs: number;
  jitterMs: number;
  uptime: number;
  sessionCompletion: number;
  challengeResponse: number;
  zeroNode: boolean;
  minersPer100Km2: number;
}

export type ZapParse = { ok: true; inputs: ZapInputs } | { ok: false; error: string };

const RANGES: Record<string, [number, number]> = {
  vmaf: [0, 100], ssim: [0, 1], rttMs: [0, Infinity], jitterMs: [0, Infinity], uptime: [0, 1],
  sessionCompletion: [0, 1], challengeResponse: [0, 1], minersPer100Km2: [0, Infinity],
};
const REQUIRED = ['vmaf', 'ssim', 'rttMs', 'uptime', 'sessionCompletion', 'challengeResponse'];

/** Population standard deviation of consecutive differences, in the same unit (ms). Needs ≥ 3 arrivals. */
export function jitterFromArrivals(arrivalsMs: readonly number[]): number {
  if (arrivalsMs.length < 3) throw new Error(`frameArrivalsMs: need at least 3 arrival times to measure jitter, got ${arrivalsMs.length}`);
  const d = arrivalsMs.slice(1).map((t, i) => t - arrivalsMs[i]!);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  return Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
}

function fromRecord(rec: Record<string, unknown>, where: (k: string) => string): ZapParse {
  const known = [...Object.keys(RANGES), 'zeroNode', 'frameArrivalsMs'];
  for (const k of Object.keys(rec)) if (!known.includes(k)) return { ok: false, error: `${where(k)}: unknown field "${k}" (expected ${known.join(', ')})` };
  const out: Record<string, number | boolean> = {};
  for (const k of REQUIRED) if (!(k in rec)) return { ok: false, error: `missing field "${k}"` };
  for (const [k, [lo, hi]] of Object.entries(RANGES)) {
    if (!(k in rec)) continue;
    const v = typeof rec[k] === 'string' && (rec[k] as string).trim() !== '' ? Number(rec[k]) : rec[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, error: `${where(k)}: "${k}" must be a number, got ${JSON.stringify(rec[k])}` };
    if (v < lo || v > hi) return { ok: false, error: `${where(k)}: "${k}" must be in ${lo}…${hi}, got ${v}` };
    out[k] = v;
  }
  if ('frameArrivalsMs' in rec) {
    const a = rec.frameArrivalsMs;
    const list = typeof a === 'string' ? a.split(/[\s;|]+/).filter(Boolean).map(Number) : a;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
      return { ok: false, error: `${where('frameArrivalsMs')}: "frameArrivalsMs" must be a list of numbers (ms)` };
    try {
      out.jitterMs = jitterFromArrivals(list as number[]);
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }
  if (!('jitterMs' in out)) return { ok: false, error: 'missing field "jitterMs" (or "frameArrivalsMs")' };
  const zn = rec.zeroNode;
  out.zeroNode = zn === true || zn === 'true' || zn === '1' || zn === 1;
  out.minersPer100Km2 ??= 5;
  return { ok: true, inputs: out as unknown as ZapInputs };
}

/** Parses JSON or CSV text; errors name the line (CSV) or field. */
export function parseZapInputs(text: string, fileName = 'input'): ZapParse {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      return { ok: false, error: `${fileName}: not valid JSON (${(err as Error).message})` };
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, error: `${fileName}: expected a JSON object` };
    return fromRecord(data as Record<string, unknown>, (k) => `${fileName} field ${k}`);
  }
  const rec: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  let rows;
  try {
    rows = readCsv(trimmed, { delimiters: [',', ';', '\t'], comments: '#' });
  } catch (err) {
    return { ok: false, error: `${fileName} ${(err as Error).message}` };
  }
  for (const { line, cells } of rows) {
    if (line === 1 && cells[0] === 'field') continue;
    if (cells.length < 2) return { ok: false, error: `${fileName} line ${line}: expected "field,value", got "${cells.join(',')}"` };
    rec[cells[0]!] = cells[0] === 'frameArrivalsMs' ? cells.slice(1).join(' ') : cells[1]!;
    lineOf[cells[0]!] = line;
  }
  if (Object.keys(rec).length === 0) return { ok: false, error: `${fileName}: no fields found (expected JSON or "field,value" lines)` };
  return fromRecord(rec, (k) => `${fileName} line ${lineOf[k] ?? '?'}`);
}
