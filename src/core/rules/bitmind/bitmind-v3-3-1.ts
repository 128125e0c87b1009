/**
 * BitMind SN34 validator scoring at tag v3.3.1, transcribed from BitMind-AI/bitmind-subnet
 * bitmind/scoring/eval_engine.py, bitmind/scoring/miner_history.py, bitmind/epistula.py and bitmind/config.py
 * @736c035c2c945cc5f6be30475b8577797daa8b39, with the weight utilities of opentensor/bittensor
 * bittensor/utils/weight_utils.py@4cfa63e34d227611cb5025e8ebb1e4f6cebc618d (v9.3.0). Line references follow
 * shared/reference/rules/bitmind-yuma-zap-bly.md §A.
 */
import { npArgmax, pyMax } from '../../math/py.ts';
import { arr, bool, int, nullable, num, obj, oneOf, uidMap } from '../schema.ts';
import { fn, InputError, UpstreamError, type RulePack } from '../types.ts';
import type { BitmindV331Functions, ModalityResult } from './functions.ts';
import { sklearnMcc } from './mcc.ts';
import { v331Iou, maskPairInput } from './iou.ts';
import { emaStep, perTypeL1, processWeights, toU16, windowMean } from './weights.ts';
import { fromCode } from '../common.ts';

/** `--scoring.moving-average-alpha` default (config.py l.213–218). */
const ALPHA = 0.05;
/** `MinerHistory(store_last_n=200)` and the reward window (miner_history.py l.18, eval_engine.py l.294). */
const WINDOW = 200;
/** Minimum stored predictions per modality (eval_engine.py l.289). */
const MIN_PREDICTIONS = 5;
/** w_b, w_mc (config.py l.234–246): the seed's `mccWeights`. */
const MCC_WEIGHTS = { binary: 0.75, multiclass: 0.25 };
/** p_image, p_video (config.py l.220–232): the seed's `modalityWeights`. */
const MODALITY_WEIGHTS = { image: 0.6, video: 0.4 };
/** Burn: every weight × 0.3, then UID 135 := 0.7 (eval_engine.py `get_weights`, l.40–79). */
const BURN_UID = 135;
const BURN_SHARE = 0.7;

const probVector = () => arr(num());
const history = () => obj({ labels: arr(int({ min: 0, max: 2 })), probabilities: arr(probVector()) });

/**
 * One modality's reward from its chronological history (current prediction included): 0 with fewer than 5 entries
 * or when the current response errored; otherwise, over the last 200 entries, ŷ = argmax (first maximum, NaN wins),
 * reward = 0.75·max(0, MCC(label > 0, ŷ > 0)) + 0.25·max(0, MCC(label, ŷ)), in 0…1.
 */
function modalityReward(labels: readonly number[], probabilities: readonly (readonly number[])[], erroredNow: boolean, path: string): ModalityResult {
  if (labels.length !== probabilities.length) throw new InputError(`${path}.probabilities`, `has ${probabilities.length} entries, labels has ${labels.length}`);
  if (erroredNow) return { reward: 0, binaryMcc: 0, multiclassMcc: 0, warnings: ['the current response errored: this modality pays 0 this round'] };
  if (labels.length < MIN_PREDICTIONS)
    return {
      reward: 0,
      binaryMcc: 0,
      multiclassMcc: 0,
      warnings: [`only ${labels.length} stored prediction(s); the validator pays a modality only from 5 on`],
    };
  const start = Math.max(0, labels.length - WINDOW);
  const y = labels.slice(start);
  const yHat = probabilities.slice(start).map((p, i) => {
    if (p.length === 0) throw new UpstreamError(`ValueError: attempt to get argmax of an empty sequence (prediction ${start + i})`);
    return npArgmax(p);
  });
  const multiclassMcc = sklearnMcc(y, yHat);
  const binaryMcc = sklearnMcc(
    y.map((v) => (v > 0 ? 1 : 0)),
    yHat.map((v) => (v > 0 ? 1 : 0)),
  );
  const reward = MCC_WEIGHTS.binary * pyMax(0, binaryMcc) + MCC_WEIGHTS.multiclass * pyMax(0, multiclassMcc);
  return { reward, binaryMcc, multiclassMcc };
}

export const bitmindV331: RulePack<BitmindV331Functions, 'bitmind'> = {
  id: 'bitmind-v3.3.1',
  mechanism: 'bitmind',
  title: 'BitMind SN34 v3.3.1 validator scoring (detectors, segmenters, EMA, weights)',
  ...fromCode(
    {
      repo: 'BitMind-AI/bitmind-subnet',
      paths: ['bitmind/scoring/eval_engine.py', 'bitmind/scoring/miner_history.py', 'bitmind/epistula.py', 'bitmind/config.py'],
      commit: '736c035c2c945cc5f6be30475b8577797daa8b39',
    },
    { repo: 'opentensor/bittensor', paths: ['bittensor/utils/weight_utils.py'], commit: '4cfa63e34d227611cb5025e8ebb1e4f6cebc618d' },
  ),
  inForce: { from: '2025-07-20', until: '2025-08-01' },
  notes: [
    {
      kind: 'dates',
      text: "In force from the v3.3.1 tag, 2025-07-20 (shared/reference/rules/bitmind-yuma-zap-bly.md §0), until GAS v4.0 replaced the v3 scoring in August 2025 (same document, SN34 timeline, 'v4.0.x (Aug–Sep 2025)'). The reference gives the month only; the pack ends on 2025-08-01, the earliest day the month allows.",
    },
    {
      kind: 'difference',
      text: 'Negative MCCs are clipped: a modality pays 0.75·max(0, binary MCC) + 0.25·max(0, multiclass MCC), so an all-wrong miner (binary −1, multiclass −0.577) gets 0, where the seed formula gives −0.894.',
    },
    {
      kind: 'difference',
      text: "MCC is scikit-learn 1.6.1's, which returns 0 (not NaN as the literal seed formula) when every label or every prediction is one class, or for a single sample.",
    },
    {
      kind: 'difference',
      text: 'A modality needs at least 5 stored valid predictions before it pays anything, and only the last 200 count; an errored response pays 0 for the challenged modality only, the other modality is still paid from its history. The weights are fixed: p = 0.6 image / 0.4 video, w = 0.75 binary / 0.25 multiclass.',
    },
    {
      kind: 'difference',
      text: 'The EMA rate is 0.05 in code, not the 0.02 of the seed and docs. Every round, known miners that were not sampled get 0.5 as EMA input (pulling them toward 0.5), validators and miners without history get 0, and a NaN reward counts as 0.',
    },
    {
      kind: 'difference',
      text: 'Weights: each type is L1-normalised (a zero or NaN sum is replaced by 1 instead of giving NaN); if any segmenter exists, segmenters are scaled by 0.1 and detectors by 0.9; then every weight is scaled by 0.3 and UID 135 is set to 0.7 (burn). The code writes index 135, so fewer than 136 UIDs raise.',
    },
    {
      kind: 'difference',
      text: 'Segmenter masks arrive as float16 and are thresholded with numpy round (ties to even), so the effective rule is confidence > 0.5 (the smallest float16 that counts is 0.50098). With a shape mismatch a fractional mask is truncated to uint8 before the bilinear resize (so only exact 1.0 survives), and a 0/1 mask of another shape fails to broadcast: the response pays 0 and nothing is stored. A NaN IoU stays in the 200-deep window, making the mean NaN and the EMA input 0 until it scrolls out.',
    },
    {
      kind: 'gap',
      text: 'Segmenter values outside [0, 1] make the response an error (epistula.py); whether NaN passes that check is not traced, and this pack lets it pass (comparisons with NaN are false) and counts it as foreground.',
    },
  ],
  functions: {
    'mcc.binary': fn(
      'scikit-learn 1.6.1 MCC of 0/1 labels and predictions, range −1…1, 0 on a zero denominator',
      obj({ labels: arr(int({ min: 0, max: 1 })), predictions: arr(int({ min: 0, max: 1 })) }),
      /** sklearn `matthews_corrcoef` (eval_engine.py l.374–376). */
      ({ labels, predictions }) => ({ mcc: sklearnMcc(labels, predictions) }),
    ),
    'mcc.multiclass': fn(
      'scikit-learn 1.6.1 MCC of class ids, range −1…1, 0 on a zero denominator',
      obj({ labels: arr(int({ min: 0 })), predictions: arr(int({ min: 0 })) }),
      /** sklearn `matthews_corrcoef` over the union of classes (eval_engine.py l.371). */
      ({ labels, predictions }) => ({ mcc: sklearnMcc(labels, predictions) }),
    ),
    'detector.parsePrediction': fn(
      "Validates a detector miner's probability list the way the validator does",
      obj({ prediction: arr(num()) }),
      /**
       * epistula.py `query_miner` l.255–285: a 2-vector [real, fake] gets a third 0; invalid when |Σp − 1| > 1e−6 (sum
       * left to right) or any p < 0 or > 1. NaN passes both checks; other lengths are kept as they are.
       */
      ({ prediction }) => {
        const probabilities = prediction.length === 2 ? [...prediction, 0] : [...prediction];
        let sum = 0;
        for (const p of probabilities) sum += p;
        const reasons: string[] = [];
        if (Math.abs(sum - 1) > 1e-6) reasons.push(`the probabilities sum to ${sum}, not 1 within 1e-6`);
        if (probabilities.some((p) => p < 0 || p > 1)) reasons.push('a probability lies outside [0, 1]');
        if (reasons.length)
          return { valid: false, probabilities: null, warnings: reasons.map((r) => `rejected: ${r}; the response counts as an error and is not stored`) };
        if (probabilities.some(Number.isNaN))
          return {
            valid: true,
            probabilities,
            warnings: ["a NaN probability passes the validator's checks (comparisons with NaN are false); argmax then picks it"],
          };
        return { valid: true, probabilities };
      },
    ),
    'detector.modalityReward': fn(
      "One modality's detector reward from its history, range 0…1",
      obj({ labels: arr(int({ min: 0, max: 2 })), probabilities: arr(probVector()), erroredNow: bool() }),
      /** eval_engine.py `_get_detection_metrics` l.327–381 and `_get_detection_rewards` l.246–325. */
      ({ labels, probabilities, erroredNow }) => modalityReward(labels, probabilities, erroredNow, 'inputs'),
    ),
    'detector.reward': fn(
      'Detector reward C = 0.6·image + 0.4·video, range 0…1',
      obj({ image: history(), video: history(), challengeModality: oneOf('image', 'video'), errored: bool() }),
      /** Both modalities are recomputed from history each challenge; `errored` zeroes only the challenged one. */
      ({ image, video, challengeModality, errored }) => {
        const img = modalityReward(image.labels, image.probabilities, errored && challengeModality === 'image', 'inputs.image');
        const vid = modalityReward(video.labels, video.probabilities, errored && challengeModality === 'video', 'inputs.video');
        const reward = MODALITY_WEIGHTS.image * img.reward + MODALITY_WEIGHTS.video * vid.reward;
        const warnings = [...(img.warnings ?? []).map((w) => `image: ${w}`), ...(vid.warnings ?? []).map((w) => `video: ${w}`)];
        const out = {
          reward,
          imageReward: img.reward,
          videoReward: vid.reward,
          image: { binaryMcc: img.binaryMcc, multiclassMcc: img.multiclassMcc },
          video: { binaryMcc: vid.binaryMcc, multiclassMcc: vid.multiclassMcc },
        };
        return warnings.length ? { ...out, warnings } : out;
      },
    ),
    'iou.mask': fn(
      'Segmenter IoU of a float16 confidence mask with the 0/1 truth, range 0…1 (NaN for an empty union)',
      maskPairInput,
      /** eval_engine.py `_get_segmentation_rewards` l.196–212; status `exception` when numpy cannot broadcast. */
      ({ prediction, groundTruth }) => v331Iou(prediction, groundTruth),
    ),
    'segmenter.reward': fn(
      'Segmenter reward: mean of the last 200 IoUs (range 0…1, NaN if any is NaN) and the EMA input (NaN → 0)',
      obj({ ious: arr(num()) }),
      /** eval_engine.py l.225–227; `update_scores` maps NaN to 0 (l.112–114). */
      ({ ious }) => {
        const reward = windowMean(ious, WINDOW);
        if (Number.isNaN(reward))
          return {
            reward,
            emaInput: 0,
            warnings: [
              ious.length === 0
                ? 'no IoU stored: the mean of nothing is NaN, taken as 0 by the EMA'
                : 'an IoU in the 200-deep window is NaN (empty union), so the mean is NaN and the EMA input is 0 until it scrolls out',
            ],
          };
        return { reward, emaInput: reward };
      },
    ),
    'ema.update': fn(
      'Score EMA with α = 0.05: 0.05·reward + 0.95·score (NaN reward → 0)',
      obj({ score: num(), reward: num() }),
      /** `update_scores` l.105–165 (nan_to_num, then the moving average). */
      ({ score, reward }) => {
        const r = Number.isNaN(reward) ? 0 : reward;
        const out = { score: emaStep(score, r, ALPHA) };
        return Number.isNaN(reward) ? { ...out, warnings: ['the reward is NaN; the validator takes it as 0'] } : out;
      },
    ),
    'ema.round': fn(
      'One challenge round of score updates over all UIDs (α = 0.05)',
      obj({ scores: arr(num()), rewards: uidMap(num()), hasHistory: arr(bool()), isValidator: arr(bool()) }),
      /**
       * `update_scores` l.137–158: input 0.5 by default, 0 for validators and UIDs with no history, the reward (NaN → 0)
       * for sampled UIDs; then the EMA for every UID. No rewards leaves the scores unchanged.
       */
      ({ scores, rewards, hasHistory, isValidator }) => {
        const n = scores.length;
        if (hasHistory.length !== n) throw new InputError('inputs.hasHistory', `has ${hasHistory.length} entries, scores has ${n}`);
        if (isValidator.length !== n) throw new InputError('inputs.isValidator', `has ${isValidator.length} entries, scores has ${n}`);
        const entries = Object.entries(rewards);
        if (entries.length === 0) return { scores: [...scores] };
        const scattered: number[] = scores.map((_, i) => (isValidator[i] || !hasHistory[i] ? 0 : 0.5));
        for (const [uid, r] of entries) {
          const i = Number(uid);
          if (i >= n) throw new UpstreamError(`IndexError: index ${i} is out of bounds for axis 0 with size ${n}`);
          scattered[i] = Number.isNaN(r) ? 0 : r;
        }
        return { scores: scores.map((s, i) => emaStep(s, scattered[i]!, ALPHA)), emaInputs: scattered };
      },
    ),
    'weights.normalize': fn(
      'Scores → weights: per-type L1, segmenters ×0.1 / detectors ×0.9, then ×0.3 with UID 135 = 0.7',
      obj({ scores: arr(num()), minerTypes: arr(nullable(oneOf('DETECTOR', 'SEGMENTER'))) }),
      /** eval_engine.py `get_weights` l.40–79. Throws with fewer than 136 UIDs (the code writes index 135). */
      ({ scores, minerTypes }) => {
        const { weights } = perTypeL1(scores, minerTypes, true);
        if (minerTypes.includes('SEGMENTER'))
          minerTypes.forEach((t, i) => {
            if (t === 'SEGMENTER') weights[i] = weights[i]! * 0.1;
            else if (t === 'DETECTOR') weights[i] = weights[i]! * 0.9;
          });
        if (weights.length <= BURN_UID) throw new UpstreamError(`IndexError: index ${BURN_UID} is out of bounds for axis 0 with size ${weights.length}`);
        const out = weights.map((w) => w * (1 - BURN_SHARE));
        out[BURN_UID] = BURN_SHARE;
        return { weights: out };
      },
    ),
    'weights.process': fn(
      'bittensor process_weights (float32): non-zero filter, min-allowed floor, max-weight-limit normalisation',
      obj({ weights: arr(num({ finite: true })), minAllowedWeights: int({ min: 0 }), maxWeightLimit: num({ min: 0, max: 1, minExclusive: true }) }),
      /** weight_utils.py `process_weights` / `normalize_max_weight` with num_neurons = weights.length, quantile 0. */
      ({ weights, minAllowedWeights, maxWeightLimit }) => processWeights(weights, minAllowedWeights, maxWeightLimit),
    ),
    'weights.toU16': fn(
      'bittensor convert_weights_and_uids_for_emit: max-upscale to u16 (0…65535), zeros dropped',
      obj({ uids: arr(int({ min: 0 })), weights: arr(num({ finite: true })) }),
      /** u = round(w/max(w)·65535), Python round; negative weights raise; all zeros emit nothing. */
      ({ uids, weights }) => toU16(uids, weights),
    ),
  },
};
