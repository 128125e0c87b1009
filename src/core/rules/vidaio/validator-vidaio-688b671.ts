/**
 * Rule pack `validator-vidaio@688b671`: vidAio-subnet/validator-vidaio once compression VMAF is measured against the
 * served input (`compression_vmaf_basis = "miner_input"`, vidaio/scoring/config.py:130 at e76b503, "from P6 =
 * 688b6716…"; shared/reference/rules/vidaio-v3.md §4.2). The formula is unchanged (vidaio/scoring/compression.py has
 * one stored version); what changes is which VMAF feeds it: VMAF(candidate vs the canonical served input) instead of
 * VMAF(candidate vs the sealed pristine source), for the score and for the thr − 5 floor alike.
 */
import { fn } from '../types.ts';
import { fromCode } from '../common.ts';
import type { ValidatorVidaioFunctions, VidaioPackOf } from './functions.ts';
import { VALIDATOR_SERVED_INPUT_METRICS } from './metric-policy.ts';
import { num, obj } from '../schema.ts';
import { PIQ_CONVENTION, compressionScore } from './validator-vidaio-b71f22d.ts';
import { validatorVidaioF396e47 } from './validator-vidaio-f396e47.ts';

/** Which VMAF the compression score reads under this pack. */
export const COMPRESSION_VMAF_BASIS = 'miner_input';

export const validatorVidaio688b671: VidaioPackOf<ValidatorVidaioFunctions> = {
  metrics: VALIDATOR_SERVED_INPUT_METRICS,
  id: 'validator-vidaio@688b671',
  mechanism: 'vidaio',
  title: 'Vidaio SN85 validator-vidaio, compression VMAF against the served input',
  ...fromCode({
    repo: 'vidAio-subnet/validator-vidaio',
    paths: [
      'vidaio/scoring/config.py',
      'vidaio/scoring/compression.py',
      'vidaio/scoring/upscaling.py',
      'vidaio/tokenomics/ewma.py',
      'vidaio/tokenomics/rank_curve.py',
    ],
    commit: '688b6716',
  }),
  inForce: { from: '2026-09-15', until: '2026-09-27', fromIsBound: true },
  pieapp: PIQ_CONVENTION,
  notes: [
    {
      kind: 'dates',
      text:
        'The release date of 688b671 is not in the reference. It follows the 0.05 floor of 2026-09-15 in release order and precedes tokenomics v3 (mainnet ' +
        '2026-09-27, weights.py:24 at e76b503), which keeps the served-input basis; so it was in force from some day after 2026-09-15 until 2026-09-27. ' +
        'On those dates the app shows this pack and says that validator-vidaio@f396e47 may still have been in force.',
    },
    {
      kind: 'difference',
      text:
        'Versus validator-vidaio@f396e47: compression VMAF (the 0.3·VMAF/100 term, the threshold and the thr − 5 floor) is measured against the canonical ' +
        'served input the miner received, not the sealed pristine source ("miner-side and validator-side VMAF agree exactly", config.py comment); the ' +
        'pristine value is only published as vmaf_pristine. A miner can now measure the scored VMAF exactly on their own files.',
    },
  ],
  functions: {
    ...validatorVidaioF396e47.functions,
    'compression.score': fn(
      'Compression score (0…0.893) from rate (output/input bytes), VMAF of the output against the served input (0–100, vmaf_v0.6.1 mean) and threshold, with the zone and both components.',
      obj({
        compressionRate: num({ min: 0, soft: true, unit: 'output/input' }),
        vmaf: num({ unit: '0-100, against the served input' }),
        vmafThreshold: num({ unit: '0-100' }),
      }),
      ({ compressionRate, vmaf, vmafThreshold }) => compressionScore(compressionRate, vmaf, vmafThreshold),
    ),
  },
};
