/**
 * Matthews correlation coefficient for the BitMind (SN34) rule packs, in three flavours:
 *
 * - `sklearnMcc`: scikit-learn 1.6.1 `matthews_corrcoef` (the version BitMind v3.3.1 pins). The confusion matrix is
 *   built over the sorted union of the classes present in either array; with t = row sums, p = column sums,
 *   c = trace and s = N, MCC = (c·s − t·p) / sqrt((s² − p·p)(s² − t·t)), and 0 when that denominator is 0
 *   (scikit-learn/scikit-learn sklearn/metrics/_classification.py, `matthews_corrcoef`, release 1.6.1).
 * - `literalMcc`: the same coefficient (Matthews for two classes, Gorodkin's R_K for more) read literally from the
 *   seed document, which leaves 0/0 undefined: a zero denominator gives NaN and a warning.
 * - `weightedBinaryMcc`: gasbench's binary MCC from (optionally weighted) TP/TN/FP/FN counts, 0 when the
 *   denominator is not positive (BitMind-AI/gasbench src/gasbench/benchmarks/utils/metrics.py
 *   `calculate_binary_mcc`@2e3ee3097486a0ec4e683a958a79a63c40d05679).
 */
import { UpstreamError } from '../types.ts';

/** Raw MCC terms of a confusion matrix (sklearn's covariance form). */
interface MccTerms {
  numerator: number;
  /** (s² − p·p)(s² − t·t); the coefficient is undefined when this is 0. */
  denominatorSquared: number;
}

function mccTerms(labels: readonly number[], predictions: readonly number[]): MccTerms {
  if (labels.length !== predictions.length)
    throw new UpstreamError(`ValueError: Found input variables with inconsistent numbers of samples: [${labels.length}, ${predictions.length}]`);
  const classes = [...new Set([...labels, ...predictions])].sort((a, b) => a - b);
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const matrix: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < labels.length; i++) matrix[index.get(labels[i]!)!]![index.get(predictions[i]!)!]! += 1;
  const t = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const p = classes.map((_, j) => matrix.reduce((a, row) => a + row[j]!, 0));
  let correct = 0;
  for (let i = 0; i < k; i++) correct += matrix[i]![i]!;
  let s = 0;
  for (const v of p) s += v;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < k; i++) {
    tp += t[i]! * p[i]!;
    pp += p[i]! * p[i]!;
    tt += t[i]! * t[i]!;
  }
  const covYtYp = correct * s - tp;
  const covYpYp = s * s - pp;
  const covYtYt = s * s - tt;
  return { numerator: covYtYp, denominatorSquared: covYtYt * covYpYp };
}

/**
 * scikit-learn 1.6.1 `matthews_corrcoef(labels, predictions)`. Works for binary (0/1) and multiclass ids alike.
 * Returns a value in [−1, 1]; 0 when every label or every prediction is one class (zero denominator), for a single
 * sample, and for empty input. Throws `UpstreamError` when the lengths differ (sklearn raises ValueError).
 */
export function sklearnMcc(labels: readonly number[], predictions: readonly number[]): number {
  const { numerator, denominatorSquared } = mccTerms(labels, predictions);
  if (denominatorSquared === 0) return 0;
  return numerator / Math.sqrt(denominatorSquared);
}

/**
 * The seed document's MCC read literally: the same coefficient, but 0/0 is left undefined, so a zero denominator
 * (one class present or predicted, or no samples) gives NaN plus a warning. Range [−1, 1] or NaN.
 */
export function literalMcc(labels: readonly number[], predictions: readonly number[]): { mcc: number; warnings?: string[] } {
  const { numerator, denominatorSquared } = mccTerms(labels, predictions);
  if (denominatorSquared === 0)
    return {
      mcc: NaN,
      warnings: ['MCC is undefined: every label or every prediction is the same class (zero denominator); the seed gives no value, so NaN'],
    };
  return { mcc: numerator / Math.sqrt(denominatorSquared) };
}

/**
 * gasbench binary MCC from weighted counts: (TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)), 0 when the
 * denominator is not positive. `labels` and `predictions` are 0 (real) / 1 (AI); `weights` default to 1 each.
 * Range [−1, 1].
 */
export function weightedBinaryMcc(labels: readonly number[], predictions: readonly number[], weights?: readonly number[]): number {
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i]! : 1;
    const y = labels[i]!;
    const yHat = predictions[i]!;
    if (y === 1 && yHat === 1) tp += w;
    else if (y === 0 && yHat === 0) tn += w;
    else if (y === 0 && yHat === 1) fp += w;
    else if (y === 1 && yHat === 0) fn += w;
  }
  const numerator = tp * tn - fp * fn;
  const denominator = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return denominator > 0 ? numerator / denominator : 0;
}
