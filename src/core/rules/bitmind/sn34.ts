/**
 * gasbench's sn34 score for SN34 discriminators (the off-chain benchmark that pays them today), from
 * BitMind-AI/gasbench src/gasbench/benchmarks/utils/metrics.py (`calculate_binary_mcc`, `calculate_brier`,
 * `compute_sn34_score`) and src/gasbench/benchmarks/utils/inference.py (`process_model_output`)
 * @2e3ee3097486a0ec4e683a958a79a63c40d05679, as described in shared/reference/rules/bitmind-yuma-zap-bly.md §A.9:
 * sn34 = sqrt(max(1e−12, clip((MCC+1)/2, 0, 1)^1.2 · max(0, (0.25 − Brier)/0.25)^1.8)), clipped to [0, 1].
 */
import { npArgmax, npClip, pyMax } from '../../math/py.ts';
import { UpstreamError } from '../types.ts';
import { weightedBinaryMcc } from './mcc.ts';

/** Exponent of the MCC term and of the Brier term (metrics.py `compute_sn34_score`). */
export const SN34_ALPHA = 1.2;
export const SN34_BETA = 1.8;
/** Probability clip used by the Brier score. */
const P_EPS = 1e-7;

/** P(AI) of one probability vector: 1 − p₀ (3 classes), p₁ (2), p₀ (1). Range 0…1 for valid vectors. */
export function aiProbability(p: readonly number[]): number {
  if (p.length === 3) return 1 - p[0]!;
  if (p.length === 2) return p[1]!;
  return p[0]!;
}

/** Predicted binary label (0 real, 1 AI): 3 classes → argmax ≠ 0; 2 → argmax; 1 → p > 0.5. */
export function predictedLabel(p: readonly number[]): 0 | 1 {
  if (p.length === 3) return npArgmax(p) !== 0 ? 1 : 0;
  if (p.length === 2) return npArgmax(p) === 1 ? 1 : 0;
  return p[0]! > 0.5 ? 1 : 0;
}

/** Model output → probabilities: one logit → sigmoid; otherwise softmax after subtracting the maximum. */
export function processLogits(logits: readonly number[]): { label: 0 | 1; probabilities: number[] } {
  let probabilities: number[];
  if (logits.length === 1) probabilities = [1 / (1 + Math.exp(-logits[0]!))];
  else {
    let max = -Infinity;
    for (const x of logits) max = pyMax(max, x);
    const e = logits.map((x) => Math.exp(x - max));
    let s = 0;
    for (const v of e) s += v;
    probabilities = e.map((v) => v / s);
  }
  return { label: predictedLabel(probabilities), probabilities };
}

/** Combines an MCC (−1…1) and a Brier score (0…1) into sn34 ∈ [1e−6, 1], with the two normalised terms. */
export function sn34FromMetrics(mcc: number, brier: number): { mccNorm: number; brierNorm: number; sn34: number } {
  const mccNorm = npClip((mcc + 1) / 2, 0, 1) ** SN34_ALPHA;
  const brierNorm = pyMax(0, (0.25 - brier) / 0.25) ** SN34_BETA;
  const sn34 = npClip(Math.sqrt(pyMax(1e-12, mccNorm * brierNorm)), 0, 1);
  return { mccNorm, brierNorm, sn34 };
}

export interface Sn34Result {
  mcc: number;
  brier: number;
  mccNorm: number;
  brierNorm: number;
  sn34: number;
}

/**
 * sn34 score of a set of predictions. `labels`: 0 real / 1 AI; `probabilities`: one vector of length 1–3 per
 * sample; `sampleWeights`: optional non-negative weights (a sample of weight 2 counts twice). Brier = weighted mean of
 * (clip(p_AI, 1e−7, 1 − 1e−7) − label)², 0.25 with no samples; weights summing to 0 throw `UpstreamError`
 * (numpy.average). The result's `sn34` lies in [1e−6, 1].
 */
export function sn34Score(labels: readonly number[], probabilities: readonly (readonly number[])[], sampleWeights?: readonly number[]): Sn34Result {
  const predictions = probabilities.map(predictedLabel);
  const mcc = weightedBinaryMcc(labels, predictions, sampleWeights);
  let brier: number;
  if (labels.length === 0) brier = 0.25;
  else {
    const sq = probabilities.map((p, i) => (npClip(aiProbability(p), P_EPS, 1 - P_EPS) - labels[i]!) ** 2);
    if (sampleWeights) {
      let wSum = 0;
      let acc = 0;
      sq.forEach((v, i) => {
        acc += v * sampleWeights[i]!;
        wSum += sampleWeights[i]!;
      });
      if (wSum === 0) throw new UpstreamError("ZeroDivisionError: Weights sum to zero, can't be normalized");
      brier = acc / wSum;
    } else {
      let acc = 0;
      for (const v of sq) acc += v;
      brier = acc / sq.length;
    }
  }
  return { mcc, brier, ...sn34FromMetrics(mcc, brier) };
}
