/**
 * Rule pack `validator-vidaio@f396e47`: vidAio-subnet/validator-vidaio after the minimum payout score moved from 0.10
 * to 0.05 on 2026-09-15 (validator-vidaio@e76b503 vidaio/tokenomics/weights.py:17, "0.10 -> 0.05 on 2026-09-15";
 * shared/reference/rules/vidaio-v3.md §1.7). The scoring formulas are the launch's (validator-vidaio@b71f22d, whose
 * functions this pack reuses); only the default floor of `weights.trackShares` differs.
 */
import type { ValidatorVidaioFunctions, VidaioPackOf } from './functions.ts';
import { VALIDATOR_PRISTINE_METRICS } from './metric-policy.ts';
import { PIQ_CONVENTION, trackSharesFn, validatorVidaio } from './validator-vidaio-b71f22d.ts';
import { fromCode } from '../common.ts';

/** The lowered payout floor (weights.py:17 at e76b503). */
export const MINIMUM_PAYOUT_SCORE = 0.05;

export const validatorVidaioF396e47: VidaioPackOf<ValidatorVidaioFunctions> = {
  metrics: VALIDATOR_PRISTINE_METRICS,
  id: 'validator-vidaio@f396e47',
  mechanism: 'vidaio',
  title: 'Vidaio SN85 validator-vidaio with the 0.05 payout floor',
  ...fromCode({
    repo: 'vidAio-subnet/validator-vidaio',
    paths: [
      'vidaio/scoring/upscaling.py',
      'vidaio/scoring/compression.py',
      'vidaio/tokenomics/ewma.py',
      'vidaio/tokenomics/rank_curve.py',
      'vidaio/tokenomics/weights.py',
    ],
    commit: 'f396e47',
  }),
  inForce: { from: '2026-09-15', until: '2026-09-27' },
  pieapp: PIQ_CONVENTION,
  notes: [
    {
      kind: 'dates',
      text:
        'In force from 2026-09-15, the day the payout floor was lowered ("0.10 -> 0.05 on 2026-09-15", weights.py:17 at e76b503), until validator-vidaio@688b671 ' +
        'moved the compression VMAF to the served input. That release is not dated in the reference; it precedes v3 (2026-09-27), so this pack ends ' +
        '2026-09-27 at the latest, and between 2026-09-15 and 2026-09-27 the app says that either pack may have been in force.',
    },
    {
      kind: 'difference',
      text:
        'Versus validator-vidaio@b71f22d: the minimum payout score on the accumulated (EWMA) score is 0.05 instead of 0.10 ("the upscaling score curve tops out ' +
        'near 0.10, the pool burned", weights.py:17 at e76b503); ensure_locked_levers pins it. Scoring formulas, gates and the 5:4:3:2:1 top-5 curve are unchanged.',
    },
    {
      kind: 'gap',
      text:
        'The reference documents do not quote files at f396e47 itself; the pack is the launch pack with the floor that e76b503 dates to 2026-09-15. ' +
        'Any other change in that commit is not modelled.',
    },
  ],
  functions: {
    ...validatorVidaio.functions,
    'weights.trackShares': trackSharesFn(MINIMUM_PAYOUT_SCORE),
  },
};
