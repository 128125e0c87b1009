/**
 * Pure helpers for a detector miner's own prediction table (what the app lets a BitMind SN34 miner paste or load
 * before scoring it with a rule pack): a parser/validator that names the row and field of every problem, a
 * confusion matrix, per-class accuracy, and reliability-diagram bins of P(AI) against the truth.
 * Class ids follow BitMind's `MediaType`: 0 real, 1 synthetic, 2 semi-synthetic.
 */
import { InputError } from '../../errors.ts';
import { npArgmax } from '../../math/py.ts';

export type Modality = 'image' | 'video';
export type ClassId = 0 | 1 | 2;

export interface PredictionRow {
  id: string;
  modality: Modality;
  /** 0 real, 1 synthetic, 2 semi-synthetic. */
  label: ClassId;
  /** 3 entries [real, synthetic, semi-synthetic], 2 entries [real, AI], or 1 entry [P(AI)]; each in 0…1. */
  probabilities: number[];
}

/**
 * One problem of a prediction table, as the app's input-error type: `row` is 1-based (absent for the table as a
 * whole), `index` the 0-based row index (−1 for the table), `field` the offending field (`id`, `modality`, `label`,
 * `probabilities`, `probabilities[i]`, or `row`); the message is the bare problem, for the caller to prefix with
 * where it applies (a CSV line, a JSON row).
 */
export class RowError extends InputError {
  override readonly name = 'RowError';
  readonly index: number;
  /** The row's id when it has a usable one. */
  readonly id?: string;
  declare readonly field: string;
  constructor(index: number, field: string, message: string, id?: string) {
    super(message, index < 0 ? { field } : { field, row: index + 1 });
    this.index = index;
    if (id !== undefined) this.id = id;
  }
}

export type ParseResult = { ok: true; rows: PredictionRow[] } | { ok: false; rows: PredictionRow[]; errors: RowError[] };

const LABELS: Record<string, ClassId> = { real: 0, synthetic: 1, 'semi-synthetic': 2 };
/** Tolerance on Σp = 1, the same as the v3.3.1 validator's. */
export const PROBABILITY_SUM_TOLERANCE = 1e-6;

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

/**
 * Validates a prediction table: an array of `{id, modality, label, probabilities}` objects. Labels are
 * `'real' | 'synthetic' | 'semi-synthetic'` or 0/1/2; probabilities hold 1–3 finite values in [0, 1], and with 2 or 3
 * entries they must sum to 1 within 1e−6 (a single entry is P(AI) on its own). Ids must be unique non-empty strings
 * or numbers. Returns the valid rows, and every error with its row index and field; `ok` is true only without errors.
 */
export function parsePredictionTable(input: unknown): ParseResult {
  if (!Array.isArray(input)) return { ok: false, rows: [], errors: [new RowError(-1, 'row', `expected an array of rows, got ${show(input)}`)] };
  const rows: PredictionRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  input.forEach((raw, row) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push(new RowError(row, 'row', `expected an object with id, modality, label, probabilities, got ${show(raw)}`));
      return;
    }
    const r = raw as Record<string, unknown>;
    const before = errors.length;
    const err = (field: string, message: string, id?: string) => errors.push(new RowError(row, field, message, id));
    let id: string | undefined;
    if ((typeof r.id === 'string' && r.id.trim() !== '') || (typeof r.id === 'number' && Number.isFinite(r.id))) {
      id = String(r.id);
      const first = seen.get(id);
      if (first !== undefined) err('id', `duplicate id ${JSON.stringify(id)} (first used in row ${first})`, id);
      else seen.set(id, row);
    } else err('id', `expected a non-empty string or a number, got ${show(r.id)}`);
    for (const k of Object.keys(r))
      if (!['id', 'modality', 'label', 'probabilities'].includes(k)) err(k, 'unknown field (expected id, modality, label, probabilities)', id);
    if (r.modality !== 'image' && r.modality !== 'video') err('modality', `expected "image" or "video", got ${show(r.modality)}`, id);
    let label: ClassId | undefined;
    if (typeof r.label === 'string' && r.label in LABELS) label = LABELS[r.label];
    else if (r.label === 0 || r.label === 1 || r.label === 2) label = r.label;
    else err('label', `expected "real", "synthetic", "semi-synthetic" or 0, 1, 2, got ${show(r.label)}`, id);
    const p = r.probabilities;
    if (!Array.isArray(p) || p.length < 1 || p.length > 3) {
      err('probabilities', `expected 1, 2 or 3 numbers, got ${show(p)}`, id);
    } else {
      let fine = true;
      p.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          err(`probabilities[${i}]`, `expected a finite number, got ${show(v)}`, id);
          fine = false;
        } else if (v < 0) {
          err(`probabilities[${i}]`, `negative probability ${v}`, id);
          fine = false;
        } else if (v > 1) {
          err(`probabilities[${i}]`, `probability ${v} is greater than 1`, id);
          fine = false;
        }
      });
      if (fine && p.length > 1) {
        let sum = 0;
        for (const v of p as number[]) sum += v;
        if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE)
          err('probabilities', `the probabilities sum to ${sum}, not 1 (tolerance ${PROBABILITY_SUM_TOLERANCE})`, id);
      }
    }
    if (errors.length === before) rows.push({ id: id!, modality: r.modality as Modality, label: label!, probabilities: [...(p as number[])] });
  });
  return errors.length ? { ok: false, rows, errors } : { ok: true, rows };
}

/**
 * Predicted class of one probability vector: argmax (first maximum) for 3 entries; for 2 entries [real, AI] the
 * argmax as 0/1; for 1 entry P(AI) > 0.5 → 1. Returns 0, 1 or 2.
 */
export function predictedClass(probabilities: readonly number[]): ClassId {
  if (probabilities.length === 1) return probabilities[0]! > 0.5 ? 1 : 0;
  return npArgmax(probabilities) as ClassId;
}

/** P(AI) of one probability vector: 1 − p_real (3 entries), p₁ (2), p₀ (1). Range 0…1. */
export function aiProbabilityOf(probabilities: readonly number[]): number {
  if (probabilities.length === 3) return 1 - probabilities[0]!;
  if (probabilities.length === 2) return probabilities[1]!;
  return probabilities[0]!;
}

function checkLengths(a: readonly unknown[], b: readonly unknown[], what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: ${a.length} labels but ${b.length} values`);
}

/**
 * Confusion matrix with rows = true class and columns = predicted class (counts). `numClasses` defaults to
 * max(label, prediction) + 1 (at least 2). Class ids must be integers in 0…numClasses−1.
 */
export function confusionMatrix(labels: readonly number[], predictions: readonly number[], numClasses?: number): number[][] {
  checkLengths(labels, predictions, 'confusionMatrix');
  let k = numClasses ?? 2;
  if (numClasses === undefined) for (const v of [...labels, ...predictions]) k = Math.max(k, v + 1);
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  labels.forEach((y, i) => {
    const p = predictions[i]!;
    if (!Number.isInteger(y) || !Number.isInteger(p) || y < 0 || p < 0 || y >= k || p >= k)
      throw new RangeError(`confusionMatrix: sample ${i} has class ${y} → ${p}, outside 0…${k - 1}`);
    m[y]![p]! += 1;
  });
  return m;
}

export interface ClassAccuracy {
  classId: number;
  /** Samples whose true class is `classId`. */
  count: number;
  correct: number;
  /** correct / count in 0…1, or null when the class has no samples. */
  accuracy: number | null;
}

/** Per-class accuracy (recall) for classes 0…numClasses−1 (default as in `confusionMatrix`). */
export function accuracyByClass(labels: readonly number[], predictions: readonly number[], numClasses?: number): ClassAccuracy[] {
  const m = confusionMatrix(labels, predictions, numClasses);
  return m.map((row, c) => {
    const count = row.reduce((a, b) => a + b, 0);
    const correct = row[c]!;
    return { classId: c, count, correct, accuracy: count > 0 ? correct / count : null };
  });
}

export interface ReliabilityBin {
  /** Bin edges in P(AI); bin i covers [i/bins, (i+1)/bins), the last one includes 1. */
  lower: number;
  upper: number;
  count: number;
  /** Mean P(AI) of the samples in the bin, or null when empty. */
  meanPredicted: number | null;
  /** Fraction of samples in the bin whose label is AI (label > 0), or null when empty. */
  fractionPositive: number | null;
}

/**
 * Reliability-diagram bins: P(AI) values (0…1) split into `bins` equal-width bins, each with its mean prediction
 * and the observed fraction of AI samples (labels 1 and 2 count as AI, 0 as real). Throws `RangeError` for a
 * P(AI) outside [0, 1] or NaN, mismatched lengths, or a non-positive bin count.
 */
export function reliabilityBins(pAi: readonly number[], labels: readonly number[], bins = 10): ReliabilityBin[] {
  checkLengths(labels, pAi, 'reliabilityBins');
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`reliabilityBins: bins must be a positive integer, got ${bins}`);
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const positives = new Array<number>(bins).fill(0);
  pAi.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`reliabilityBins: P(AI) of sample ${i} is ${p}, outside [0, 1]`);
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b]! += 1;
    sumP[b]! += p;
    if (labels[i]! > 0) positives[b]! += 1;
  });
  return count.map((c, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: c,
    meanPredicted: c > 0 ? sumP[b]! / c : null,
    fractionPositive: c > 0 ? positives[b]! / c : null,
  }));
}
