/**
 * BitMind SN34 incentive mechanism as the seed document 001_2bfd84dd38a208c8.txt states it, read literally:
 * detector reward C = Σ_m p_m Σ_k w_k MCC_k (no clipping), segmenter IoU of the confidence mask thresholded at 0.5
 * averaged over the 200 most recent challenges, score EMA V_t = 0.02·C_t + 0.98·V_(t−1), and per-miner-type L1
 * weight normalisation. Where the seed leaves a value undefined (0/0), the pack returns NaN with a warning.
 */
import { arr, int, num, obj, oneOf } from '../schema.ts';
import { fn, InputError, type RulePack } from '../types.ts';
import { seedPack } from '../common.ts';
import type { BitmindSeedFunctions } from './functions.ts';
import { literalMcc } from './mcc.ts';
import { literalIou, maskPairInput } from './iou.ts';
import { emaStep, perTypeL1, windowMean } from './weights.ts';

const SEED_ALPHA = 0.02;
const SEED_WINDOW = 200;

const mccPair = () => obj({ binary: num({ min: -1, max: 1 }), multiclass: num({ min: -1, max: 1 }) });

function sameLength(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new InputError('inputs.predictions', `has ${b.length} entries, labels has ${a.length}`);
}

export const bitmindSeed: RulePack<BitmindSeedFunctions, 'bitmind'> = {
  ...seedPack('bitmind', '001_2bfd84dd38a208c8.txt'),
  title: 'BitMind SN34 v3 incentive mechanism as documented in the seed',
  notes: [
    {
      kind: 'dates',
      text: 'Undated: the seed document carries no date. It describes SN34 v3 (detector and segmenter miners), which BitMind ran from v3.0 (May 2025) until the move to GAS in August 2025 (shared/reference/rules/bitmind-yuma-zap-bly.md, SN34 timeline); date-based selection never picks it while a dated BitMind pack exists.',
    },
    {
      kind: 'contradiction',
      text: 'The seed says a detector reward ranges from 0.0 to 1.0, but its formula C = Σ p_m Σ w_k MCC_k has no clipping, so a negative MCC makes it negative: MCCs of −1 / −0.577 (image) and 0.2 / 0.1 (video) with p = 0.6/0.4 and w = 0.75/0.25 give C = −0.4666. This pack follows the formula.',
    },
    {
      kind: 'contradiction',
      text: 'The seed normalises scores "separately for each miner type" by L1 norm "while maintaining overall subnet balance", yet separate L1 normalisation makes each type sum to 1, so the whole weight vector sums to 2 when detectors and segmenters both exist; the seed names no split between the types. This pack returns the per-type weights unsplit.',
    },
    {
      kind: 'gap',
      text: 'MCC with a zero denominator (every label, or every prediction, of one class) is undefined in the seed; the literal formula is 0/0, so the pack returns NaN. The v3.3.1 code (scikit-learn) returns 0 instead.',
    },
    {
      kind: 'gap',
      text: 'IoU with an empty union (both masks empty) is 0/0, so NaN; the mean of no IoUs is NaN; a miner type whose scores sum to 0 normalises to NaN.',
    },
    {
      kind: 'gap',
      text: '"Thresholded at 0.5" does not say on which side 0.5 falls: the pack counts confidence > 0.5 as foreground (0.5 is background, 0.5001 foreground), which is also what the v3.3.1 code does through round-half-to-even.',
    },
    {
      kind: 'gap',
      text: 'The seed calls the modality weights p_m and the MCC weights w_k configurable and gives no values; they are inputs here (the v3.3.1 code uses p = 0.6/0.4 and w = 0.75/0.25).',
    },
    {
      kind: 'difference',
      text: 'The seed gives the EMA rate α = 0.02; the v3.3.1 code defaults to 0.05.',
    },
  ],
  functions: {
    'mcc.binary': fn(
      'Matthews correlation of 0/1 labels and predictions, range −1…1 (NaN when undefined)',
      obj({ labels: arr(int({ min: 0, max: 1 })), predictions: arr(int({ min: 0, max: 1 })) }),
      /** Binary MCC = (TP·TN − FP·FN)/sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)); a zero denominator gives NaN + warning. */
      ({ labels, predictions }) => {
        sameLength(labels, predictions);
        return literalMcc(labels, predictions);
      },
    ),
    'mcc.multiclass': fn(
      "Gorodkin's multiclass MCC (R_K) of class ids, range −1…1 (NaN when undefined)",
      obj({ labels: arr(int({ min: 0 })), predictions: arr(int({ min: 0 })) }),
      /** R_K over the classes present; a zero denominator gives NaN + warning. */
      ({ labels, predictions }) => {
        sameLength(labels, predictions);
        return literalMcc(labels, predictions);
      },
    ),
    'detector.reward': fn(
      'Detector reward C = Σ_m p_m Σ_k w_k MCC_k, unclipped (range −1…1 for weights summing to 1)',
      obj({
        mcc: obj({ image: mccPair(), video: mccPair() }),
        modalityWeights: obj({ image: num({ finite: true }), video: num({ finite: true }) }),
        mccWeights: obj({ binary: num({ finite: true }), multiclass: num({ finite: true }) }),
      }),
      /** imageReward = w_b·MCC_b + w_m·MCC_m (same for video); reward = p_image·imageReward + p_video·videoReward. */
      ({ mcc, modalityWeights, mccWeights }) => {
        const imageReward = mccWeights.binary * mcc.image.binary + mccWeights.multiclass * mcc.image.multiclass;
        const videoReward = mccWeights.binary * mcc.video.binary + mccWeights.multiclass * mcc.video.multiclass;
        const reward = modalityWeights.image * imageReward + modalityWeights.video * videoReward;
        const warnings: string[] = [];
        if (Number.isNaN(reward)) warnings.push('an MCC is NaN (undefined), so the reward is NaN');
        else if (reward < 0) warnings.push('the reward is negative: the seed formula does not clip negative MCCs although it states a 0–1 range');
        return warnings.length ? { reward, imageReward, videoReward, warnings } : { reward, imageReward, videoReward };
      },
    ),
    'iou.mask': fn(
      'IoU of the confidence mask (> 0.5 = foreground) with the 0/1 truth, range 0…1 (NaN for an empty union)',
      maskPairInput,
      /** |P ∧ G| / |P ∨ G| with P = confidence > 0.5; both masks must share one shape. */
      ({ prediction, groundTruth }) => literalIou(prediction, groundTruth),
    ),
    'segmenter.reward': fn(
      'Segmenter reward: mean of the 200 most recent IoUs, range 0…1 (NaN if none or any is NaN)',
      obj({ ious: arr(num()) }),
      /** Mean of the last 200 IoUs of the chronological history. */
      ({ ious }) => {
        const reward = windowMean(ious, SEED_WINDOW);
        if (ious.length === 0) return { reward, warnings: ['no IoU yet: the mean of nothing is 0/0, so NaN'] };
        if (Number.isNaN(reward)) return { reward, warnings: ['an IoU in the window is NaN, so the mean is NaN'] };
        return { reward };
      },
    ),
    'ema.update': fn(
      'Score EMA with α = 0.02: 0.02·reward + 0.98·score',
      obj({ score: num(), reward: num() }),
      /** V_t = 0.02·C_t + 0.98·V_(t−1); NaN propagates. */
      ({ score, reward }) => {
        const next = emaStep(score, reward, SEED_ALPHA);
        return Number.isNaN(next) ? { score: next, warnings: ['a NaN reward or score makes the EMA NaN (the seed does not filter it)'] } : { score: next };
      },
    ),
    'weights.normalize': fn(
      'Per-miner-type L1 normalisation w = V/‖V‖₁ (each type sums to 1)',
      obj({ scores: arr(num()), minerTypes: arr(oneOf('DETECTOR', 'SEGMENTER')) }),
      /** Within each type, w_i = V_i / Σ|V_j|; a type whose |V| sums to 0 gets NaN. */
      ({ scores, minerTypes }) => {
        const { weights, nanTypes } = perTypeL1(scores, minerTypes, false);
        if (nanTypes.length)
          return {
            weights,
            warnings: nanTypes.map((t) => `every ${t} score is 0, so its L1 norm is 0 and 0/0 gives NaN (the seed does not define it)`),
          };
        return { weights };
      },
    ),
  },
};
