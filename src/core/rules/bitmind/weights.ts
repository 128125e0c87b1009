/**
 * Scores → weights → u16 for the BitMind (SN34) rule packs: the score EMA, per-miner-type L1 normalisation (seed
 * and v3.3.1 variants), and bittensor's `normalize_max_weight`, `process_weights` and
 * `convert_weights_and_uids_for_emit` reproduced in float32 (opentensor/bittensor
 * bittensor/utils/weight_utils.py@4cfa63e34d227611cb5025e8ebb1e4f6cebc618d, tag v9.3.0), as called by
 * BitMind-AI/bitmind-subnet bitmind/metagraph.py `create_set_weights`@736c035c2c945cc5f6be30475b8577797daa8b39.
 */
import { f32, pyMax, pyMin, pyRoundInt } from '../../math/py.ts';
import { InputError, UpstreamError } from '../types.ts';

export type MinerType = 'DETECTOR' | 'SEGMENTER';

/** Exponential moving average step: α·reward + (1 − α)·score. */
export function emaStep(score: number, reward: number, alpha: number): number {
  return alpha * reward + (1 - alpha) * score;
}

/** Mean of the last `window` values (left-to-right sum); NaN for no values or when any value is NaN. */
export function windowMean(values: readonly number[], window: number): number {
  const recent = values.slice(Math.max(0, values.length - window));
  let sum = 0;
  for (const v of recent) sum += v;
  return sum / recent.length;
}

/**
 * L1 normalisation within each miner type: w_i = V_i / Σ_{j of i's type} |V_j|. `zeroSumFallback` true replaces
 * a sum of 0 or NaN by 1 (v3.3.1); false leaves it (seed: 0/0 → NaN). UIDs of no type get 0.
 */
export function perTypeL1(
  scores: readonly number[],
  minerTypes: readonly (MinerType | null)[],
  zeroSumFallback: boolean,
): { weights: number[]; nanTypes: MinerType[] } {
  if (scores.length !== minerTypes.length) throw new InputError('inputs.minerTypes', `has ${minerTypes.length} entries, scores has ${scores.length}`);
  const nanTypes: MinerType[] = [];
  const weights = new Array<number>(scores.length).fill(0);
  for (const type of ['DETECTOR', 'SEGMENTER'] as const) {
    let norm = 0;
    let any = false;
    scores.forEach((v, i) => {
      if (minerTypes[i] === type) {
        norm += Math.abs(v);
        any = true;
      }
    });
    if (!any) continue;
    if (zeroSumFallback && (norm === 0 || Number.isNaN(norm))) norm = 1;
    else if (norm === 0 || Number.isNaN(norm)) nanTypes.push(type);
    scores.forEach((v, i) => {
      if (minerTypes[i] === type) weights[i] = v / norm;
    });
  }
  return { weights, nanTypes };
}

/** float32 sum, left to right (numpy's pairwise sum differs only in the last bits, inside float32 rounding). */
function sum32(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s = f32(s + v);
  return s;
}

/**
 * bittensor `normalize_max_weight(x, limit)` in float32: uniform 1/n when Σx = 0 or n·limit ≤ 1; x/Σx when
 * max(x)/Σx ≤ limit; otherwise the largest values are capped at bittensor's cutoff (ε = 1e−7) and the vector is
 * renormalised. Result sums to ≈1 with every entry ≤ limit (up to ε).
 */
export function normalizeMaxWeight(x: readonly number[], limit: number): number[] {
  const n = x.length;
  const epsilon = 1e-7;
  const weights = x.map(f32);
  const values = [...weights].sort((a, b) => a - b);
  const total = sum32(weights);
  if (total === 0 || n * limit <= 1) return weights.map(() => f32(1 / n));
  const valuesSum = sum32(values);
  const estimation = values.map((v) => f32(v / valuesSum));
  let estMax = -Infinity;
  for (const e of estimation) estMax = pyMax(estMax, e);
  if (estMax <= limit) return weights.map((w) => f32(w / total));
  const cumsum: number[] = [];
  let acc = 0;
  for (const e of estimation) cumsum.push((acc = f32(acc + e)));
  let nValues = 0;
  for (let i = 0; i < n; i++) {
    const estSum = f32((n - i - 1) * estimation[i]!);
    if (f32(estimation[i]! / f32(f32(estSum + cumsum[i]!) + epsilon)) < limit) nValues++;
  }
  // Python's cumsum[n_values - 1] wraps to the last element when n_values is 0.
  const c = cumsum[nValues - 1 < 0 ? n - 1 : nValues - 1]!;
  const cutoffScale = f32(f32(f32(limit * c) - epsilon) / (1 - limit * (n - nValues)));
  const cutoff = f32(cutoffScale * valuesSum);
  const capped = weights.map((w) => (w > cutoff ? cutoff : w));
  const cappedSum = sum32(capped);
  return capped.map((w) => f32(w / cappedSum));
}

/**
 * bittensor `process_weights` with `uids = 0…n−1`, `num_neurons = n` and exclude quantile 0, in float32. Keeps the
 * UIDs with weight > 0; none (or n < minAllowedWeights) → uniform 1/n over all UIDs; fewer non-zero weights than
 * `minAllowedWeights` → every UID gets 1e−5 plus its weight; then `normalizeMaxWeight(…, maxWeightLimit)`.
 */
export function processWeights(
  weightsIn: readonly number[],
  minAllowedWeights: number,
  maxWeightLimit: number,
): { uids: number[]; weights: number[]; warnings?: string[] } {
  const n = weightsIn.length;
  const weights = weightsIn.map(f32);
  const nzUids: number[] = [];
  const nzWeights: number[] = [];
  weights.forEach((w, i) => {
    if (w > 0) {
      nzUids.push(i);
      nzWeights.push(w);
    }
  });
  const all = weights.map((_, i) => i);
  if (nzWeights.length === 0 || n < minAllowedWeights) {
    if (n === 0) throw new UpstreamError('ZeroDivisionError: no neurons (num_neurons is 0)');
    return {
      uids: all,
      weights: all.map(() => 1 / n),
      warnings: ['no usable non-zero weights: bittensor sets a uniform 1/n over every UID'],
    };
  }
  if (nzWeights.length < minAllowedWeights) {
    const floored = weights.map((w) => f32(1e-5 + (w > 0 ? w : 0)));
    return {
      uids: all,
      weights: normalizeMaxWeight(floored, maxWeightLimit),
      warnings: [`only ${nzWeights.length} non-zero weights (< min_allowed_weights ${minAllowedWeights}): every UID gets 1e-5 added`],
    };
  }
  return { uids: nzUids, weights: normalizeMaxWeight(nzWeights, maxWeightLimit) };
}

/**
 * bittensor `convert_weights_and_uids_for_emit`: u = round(w / max(w) · 65535) with Python's round (ties to even);
 * zeros are dropped; all-zero weights emit nothing. Throws `UpstreamError` for a negative weight or UID, different
 * lengths, or empty input (Python's `min` of an empty list). Values are u16 (0…65535).
 */
export function toU16(uids: readonly number[], weights: readonly number[]): { uids: number[]; values: number[] } {
  if (weights.length === 0 || uids.length === 0) throw new UpstreamError('ValueError: min() arg is an empty sequence');
  let minW = weights[0]!;
  for (const w of weights) minW = pyMin(minW, w);
  if (minW < 0) throw new UpstreamError('ValueError: Passed weight is negative cannot exist on chain');
  if (uids.some((u) => u < 0)) throw new UpstreamError('ValueError: Passed uid is negative cannot exist on chain');
  if (uids.length !== weights.length)
    throw new UpstreamError(`ValueError: Passed weights and uids must have the same length, got ${uids.length} and ${weights.length}`);
  let total = 0;
  for (const w of weights) total += w;
  if (total === 0) return { uids: [], values: [] };
  let maxW = weights[0]!;
  for (const w of weights) maxW = pyMax(maxW, w);
  const outUids: number[] = [];
  const values: number[] = [];
  weights.forEach((w, i) => {
    const u = pyRoundInt((w / maxW) * 65535);
    if (u !== 0) {
      values.push(u);
      outUids.push(uids[i]!);
    }
  });
  return { uids: outUids, values };
}
