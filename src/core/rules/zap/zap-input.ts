/**
 * Parsing a Zap input file for the app: a JSON object, or a two-column CSV (`field,value` per line), with the
 * measurements `zap.score` needs. Frame arrival times (`frameArrivalsMs`) may replace `jitterMs`: jitter is then
 * the standard deviation of the inter-frame intervals (the validator document's reading; the incentive document
 * says "of frame arrival times", which for a steady stream is not a jitter at all).
 */
import { readCsv } from '../../text/csv.ts';
import { InputError, type InputLocation } from '../../errors.ts';

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

const RANGES: Record<string, [number, number]> = {
  vmaf: [0, 100],
  ssim: [0, 1],
  rttMs: [0, Infinity],
  jitterMs: [0, Infinity],
  uptime: [0, 1],
  sessionCompletion: [0, 1],
  challengeResponse: [0, 1],
  minersPer100Km2: [0, Infinity],
};
const REQUIRED = ['vmaf', 'ssim', 'rttMs', 'uptime', 'sessionCompletion', 'challengeResponse'];

/** Population standard deviation of consecutive differences, in the same unit (ms). Needs ≥ 3 arrivals. */
export function jitterFromArrivals(arrivalsMs: readonly number[]): number {
  if (arrivalsMs.length < 3) throw new Error(`frameArrivalsMs: need at least 3 arrival times to measure jitter, got ${arrivalsMs.length}`);
  const d = arrivalsMs.slice(1).map((t, i) => t - arrivalsMs[i]!);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  return Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
}

function fromRecord(rec: Record<string, unknown>, where: (k: string) => string, at: (k?: string) => InputLocation): ZapInputs {
  const known = [...Object.keys(RANGES), 'zeroNode', 'frameArrivalsMs'];
  for (const k of Object.keys(rec)) if (!known.includes(k)) throw new InputError(`${where(k)}: unknown field "${k}" (expected ${known.join(', ')})`, at(k));
  const out: Record<string, number | boolean> = {};
  for (const k of REQUIRED) if (!(k in rec)) throw new InputError(`missing field "${k}"`, { ...at(), field: k });
  for (const [k, [lo, hi]] of Object.entries(RANGES)) {
    if (!(k in rec)) continue;
    const v = typeof rec[k] === 'string' && (rec[k] as string).trim() !== '' ? Number(rec[k]) : rec[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${where(k)}: "${k}" must be a number, got ${JSON.stringify(rec[k])}`, at(k));
    if (v < lo || v > hi) throw new InputError(`${where(k)}: "${k}" must be in ${lo}…${hi}, got ${v}`, at(k));
    out[k] = v;
  }
  if ('frameArrivalsMs' in rec) {
    const a = rec.frameArrivalsMs;
    const list =
      typeof a === 'string'
        ? a
            .split(/[\s;|]+/)
            .filter(Boolean)
            .map(Number)
        : a;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
      throw new InputError(`${where('frameArrivalsMs')}: "frameArrivalsMs" must be a list of numbers (ms)`, at('frameArrivalsMs'));
    try {
      out.jitterMs = jitterFromArrivals(list as number[]);
    } catch (err) {
      throw new InputError((err as Error).message, at('frameArrivalsMs'));
    }
  }
  if (!('jitterMs' in out)) throw new InputError('missing field "jitterMs" (or "frameArrivalsMs")', { ...at(), field: 'jitterMs' });
  const zn = rec.zeroNode;
  out.zeroNode = zn === true || zn === 'true' || zn === '1' || zn === 1;
  out.minersPer100Km2 ??= 5;
  return out as unknown as ZapInputs;
}

/** Parses JSON or CSV text; throws `InputError` naming the file and the line (CSV) or field. */
export function parseZapInputs(text: string, fileName = 'input'): ZapInputs {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      throw new InputError(`${fileName}: not valid JSON (${(err as Error).message})`, { file: fileName });
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InputError(`${fileName}: expected a JSON object`, { file: fileName });
    return fromRecord(
      data as Record<string, unknown>,
      (k) => `${fileName} field ${k}`,
      (k) => ({ file: fileName, ...(k ? { field: k } : {}) }),
    );
  }
  const rec: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  let rows;
  try {
    rows = readCsv(trimmed, { delimiters: [',', ';', '\t'], comments: '#' });
  } catch (err) {
    throw new InputError(`${fileName} ${(err as Error).message}`, { file: fileName });
  }
  for (const { line, cells } of rows) {
    if (line === 1 && cells[0] === 'field') continue;
    if (cells.length < 2) throw new InputError(`${fileName} line ${line}: expected "field,value", got "${cells.join(',')}"`, { file: fileName, row: line });
    rec[cells[0]!] = cells[0] === 'frameArrivalsMs' ? cells.slice(1).join(' ') : cells[1]!;
    lineOf[cells[0]!] = line;
  }
  if (Object.keys(rec).length === 0) throw new InputError(`${fileName}: no fields found (expected JSON or "field,value" lines)`, { file: fileName });
  return fromRecord(
    rec,
    (k) => `${fileName} line ${lineOf[k] ?? '?'}`,
    (k) => ({ file: fileName, ...(k ? { field: k, row: lineOf[k] } : {}) }),
  );
}
