/**
 * BitMind SN34 today (GAS): discriminators submit models that gasbench benchmarks off-chain and scores with
 * sn34 = sqrt(max(1e−12, ((MCC+1)/2)^1.2 · ((0.25 − Brier)/0.25)^1.8)), paid winner-take-all per modality through
 * escrow UIDs. Transcribed from BitMind-AI/gasbench src/gasbench/benchmarks/utils/metrics.py and
 * src/gasbench/benchmarks/utils/inference.py@2e3ee3097486a0ec4e683a958a79a63c40d05679 (math in ./sn34.ts).
 */
import { arr, int, num, obj, optional } from '../schema.ts';
import { fn, InputError, type RulePack } from '../types.ts';
import type { BitmindSn34Functions } from './functions.ts';
import { aiProbability, processLogits, sn34Score } from './sn34.ts';
import { fromCode } from '../common.ts';

const probVector = () => arr(num({ min: 0, max: 1, finite: true }), { minLength: 1, maxLength: 3 });

export const bitmindGas: RulePack<BitmindSn34Functions, 'bitmind'> = {
  id: 'bitmind-gas',
  mechanism: 'bitmind',
  title: 'BitMind SN34 today (GAS): gasbench sn34_score for discriminators',
  ...fromCode({
    repo: 'BitMind-AI/gasbench',
    paths: ['src/gasbench/benchmarks/utils/metrics.py', 'src/gasbench/benchmarks/utils/inference.py'],
    commit: '2e3ee3097486a0ec4e683a958a79a63c40d05679',
  }),
  inForce: { from: '2026-02-02' },
  notes: [
    {
      kind: 'dates',
      text: "In force from 2026-02-02, gasbench commit ae6d9c6, which introduced the current MCC + Brier form with exponents 1.2 and 1.8 (shared/reference/rules/bitmind-yuma-zap-bly.md, sn34_score history); still the form at gasbench HEAD 2e3ee30 (2026-07-15). The earlier sn34 forms (2025-11-04, 2025-11-27) and GAS v4.0's on-validator rewards are not modelled, so dates from 2025-08-01 to 2026-02-01 fall in a gap.",
    },
    {
      kind: 'difference',
      text: 'Unlike v3 (and the seed), discriminators are no longer scored by validators from live challenges: gasbench benchmarks a submitted model off-chain, only the binary real/AI decision enters the MCC, and calibration enters through the Brier score. The score never reaches 0: its floor is sqrt(1e-12) = 1e-6 (for example always answering 0.5 gives Brier 0.25 and sn34 1e-6).',
    },
    {
      kind: 'difference',
      text: 'The binary label comes from argmax ≠ 0 for 3 classes, argmax for 2, and p > 0.5 for a single probability (so exactly 0.5 is "real"), while P(AI) is 1 − p_real, p₁ or p. MCC is 0 (not NaN) on a zero denominator; Brier clips P(AI) to [1e-7, 1 − 1e-7] and is 0.25 with no samples.',
    },
    {
      kind: 'difference',
      text: 'The metric has changed in gasbench: an arithmetic mean of MCC and cross-entropy terms (6e6db4c, 2025-11-04), then a geometric mean of the binary MCC term and a rescaled cross-entropy term (5b73e3c, 2025-11-27), then the current MCC + Brier form with exponents 1.2 and 1.8 (ae6d9c6, 2026-02-02). On chain, validators give fixed escrow shares (video 0.40, image 0.40, audio 0.04, generators 0.16) and the escrows pay the round winners.',
    },
  ],
  functions: {
    'sn34.score': fn(
      'gasbench sn34 score from labels and probability vectors, range 1e-6…1',
      obj({
        labels: arr(int({ min: 0, max: 1 })),
        probabilities: arr(probVector()),
        sampleWeights: optional(arr(num({ min: 0, finite: true }))),
      }),
      /** metrics.py `calculate_binary_mcc` (l.53–64), `calculate_brier` (l.78–97), `compute_sn34_score` (l.99–139). */
      ({ labels, probabilities, sampleWeights }) => {
        if (probabilities.length !== labels.length)
          throw new InputError('inputs.probabilities', `has ${probabilities.length} entries, labels has ${labels.length}`);
        if (sampleWeights && sampleWeights.length !== labels.length)
          throw new InputError('inputs.sampleWeights', `has ${sampleWeights.length} entries, labels has ${labels.length}`);
        const result = sn34Score(labels, probabilities, sampleWeights);
        const warnings: string[] = [];
        if (labels.length === 0) warnings.push('no samples: MCC is 0 and Brier 0.25, so sn34 is the floor 1e-6');
        else if (result.sn34 <= 1e-6) warnings.push('sn34 is at its floor 1e-6 (sqrt of the 1e-12 minimum): the MCC term or the Brier term is 0');
        return warnings.length ? { ...result, warnings } : result;
      },
    ),
    'sn34.processLogits': fn(
      "A model's raw output → binary label (0 real, 1 AI) and probabilities",
      obj({ logits: arr(num({ finite: true }), { minLength: 1, maxLength: 3 }) }),
      /** inference.py `process_model_output` (l.83–116): sigmoid for one logit, max-shifted softmax otherwise. */
      ({ logits }) => processLogits(logits),
    ),
    'sn34.aiProbability': fn(
      'P(AI) of one probability vector, range 0…1',
      obj({ probabilities: probVector() }),
      /** 1 − p_real (3 classes), p₁ (2), p₀ (1). */
      ({ probabilities }) => ({ pAi: aiProbability(probabilities) }),
    ),
  },
};
