/**
 * Rule pack `yuma-subtensor`: Yuma Consensus as the chain runs it, a float64 port of opentensor/subtensor
 * pallets/subtensor/src/epoch/run_epoch.rs (`epoch_mechanism`) and pallets/subtensor/src/epoch/math.rs
 * @14bc6f9f964b9cc362e9635dd110a487fa5d15a0. The epoch itself lives in `epoch.ts`, the math in `math.ts`.
 */
import { arr, bool, int, nullable, num, obj, optional } from '../schema.ts';
import { InputError, fn, type RulePack } from '../types.ts';
import type { YumaSubtensorFunctions } from './functions.ts';
import { yumaEpoch, type YumaParams } from './epoch.ts';
import { consensus } from './math.ts';
import { fromCode } from '../common.ts';

const COMMIT = '14bc6f9f964b9cc362e9635dd110a487fa5d15a0';
const u16 = () => int({ min: 0, max: 65535, unit: 'u16' });

const paramsSchema = obj({
  kappaU16: optional(u16(), 32767),
  bondsPenaltyU16: optional(u16(), 65535),
  bondsMovingAverage: optional(int({ min: 0, max: 1_000_000, unit: 'millionths' }), 900_000),
  yuma3: optional(bool(), true),
  liquidAlpha: optional(bool(), false),
  alphaLowU16: optional(u16(), 45875),
  alphaHighU16: optional(u16(), 58982),
  alphaSigmoidSteepness: optional(num({ min: 0, finite: true }), 1000),
  stakeThreshold: optional(num({ min: 0, finite: true, unit: 'stake units' }), 0),
});

function checkSquare(name: string, m: readonly (readonly unknown[])[], n: number): void {
  if (m.length !== n) throw new InputError(`inputs.${name}`, `expected ${n} rows (one per UID), got ${m.length}`);
  m.forEach((row, i) => {
    if (row.length !== n) throw new InputError(`inputs.${name}[${i}]`, `expected ${n} entries (one per UID), got ${row.length}`);
  });
}

function checkLength(name: string, v: readonly unknown[], n: number): void {
  if (v.length !== n) throw new InputError(`inputs.${name}`, `expected ${n} entries (one per UID), got ${v.length}`);
}

export const yumaSubtensor: RulePack<YumaSubtensorFunctions, 'yuma'> = {
  id: 'yuma-subtensor',
  mechanism: 'yuma',
  title: 'Yuma Consensus epoch as run on chain (subtensor epoch_mechanism)',
  ...fromCode({
    repo: 'opentensor/subtensor',
    paths: ['pallets/subtensor/src/epoch/run_epoch.rs', 'pallets/subtensor/src/epoch/math.rs'],
    commit: COMMIT,
  }),
  inForce: { from: '2026-06-30' },
  notes: [
    {
      kind: 'dates',
      text: 'In force from 2026-06-30, the date of subtensor commit 14bc6f9 whose epoch the pack ports (shared/reference/rules/bitmind-yuma-zap-bly.md §0); no later change to the epoch is known. Earlier epochs are not claimed (rank and trust were still computed before 2025-10-29, 8fb5c3688).',
    },
    {
      kind: 'difference',
      text:
        'Unlike the seed formula (yuma-seed), the chain clips every weight to the column consensus: consensus is the ' +
        'largest weight backed by at least κ = 32767/65535 ≈ 0.49999 of active stake, and rank uses min(W, C). With stake ' +
        '600/300/100 and the small validator putting all its weight on the last miner, that miner gets incentive 0.1099 on ' +
        'chain instead of 0.19 under the seed formula.',
    },
    {
      kind: 'difference',
      text:
        'Because κ = 32767/65535 is just below 0.5, a weight given by exactly half of the active stake becomes consensus ' +
        '(stake 0.5/0.25/0.25 with weights 0.8/0.2/0.2 gives consensus 0.8; with kappaU16 = 32768 it is 0.2).',
    },
    {
      kind: 'difference',
      text:
        'Yuma3 with liquid alpha only updates bonds for cells present in the sparse bond-weight matrix: a miner that a ' +
        'validator stops weighting (the SDK drops zero weights) has its bond reset to 0 at once (0.1753 → 0), while with ' +
        'liquid alpha off the same bond decays by 0.9 per epoch (0.025 → 0.0225).',
    },
    {
      kind: 'gap',
      text:
        'This is a float64 port of fixed-point code (I32F32/I64F64): floats match the chain to about 1e-9 and stored u16 ' +
        'values may differ by 1 (subtensor test_bonds expects 49150 where the port gives 49151).',
    },
    {
      kind: 'gap',
      text:
        'Not modelled: subnet-owner exemptions (stake threshold, permit, self-weight), masking of weights set before a ' +
        "miner's registration, commit-reveal masks, masking bonds of newly registered UIDs, and the top-k validator " +
        "permit limit (128). Permits are taken as given (the previous epoch's).",
    },
    {
      kind: 'difference',
      text:
        'Rank, trust and pruning score were removed from the chain epoch in subtensor 8fb5c3688 (2025-10-29); `rank` here ' +
        'is the un-normalised clipped stake-weighted sum R_j = Σ_i S_i·min(W_ij, C_j) whose normalisation is the incentive.',
    },
  ],
  functions: {
    'yuma.epoch': fn(
      'One Yuma Consensus epoch: consensus, clipped incentive, validator trust, bonds, dividends and the emission split (fractions; emission in its own unit).',
      obj({
        stake: arr(num({ min: 0, finite: true, unit: 'stake units' }), { minLength: 1 }),
        weightsU16: arr(arr(nullable(u16()))),
        bondsU16: arr(arr(u16())),
        validatorPermit: arr(bool()),
        active: arr(bool()),
        params: optional(paramsSchema),
        emission: optional(num({ min: 0, finite: true, unit: 'emission units' }), 1),
      }),
      /**
       * Runs `yumaEpoch` (epoch.ts) after checking that every matrix is n×n and every vector has n entries,
       * n = stake.length. Follows run_epoch.rs `epoch_mechanism` l.566–1076 @14bc6f9.
       */
      (input) => {
        const n = input.stake.length;
        checkSquare('weightsU16', input.weightsU16, n);
        checkSquare('bondsU16', input.bondsU16, n);
        checkLength('validatorPermit', input.validatorPermit, n);
        checkLength('active', input.active, n);
        const given = input.params ?? {};
        const params: YumaParams = {
          kappaU16: given.kappaU16 ?? 32767,
          bondsPenaltyU16: given.bondsPenaltyU16 ?? 65535,
          bondsMovingAverage: given.bondsMovingAverage ?? 900_000,
          yuma3: given.yuma3 ?? true,
          liquidAlpha: given.liquidAlpha ?? false,
          alphaLowU16: given.alphaLowU16 ?? 45875,
          alphaHighU16: given.alphaHighU16 ?? 58982,
          alphaSigmoidSteepness: given.alphaSigmoidSteepness ?? 1000,
          stakeThreshold: given.stakeThreshold ?? 0,
        };
        if (params.alphaLowU16 > params.alphaHighU16)
          throw new InputError('inputs.params.alphaLowU16', `must not exceed alphaHighU16 (${params.alphaHighU16})`);
        return yumaEpoch({ ...input, params, emission: input.emission ?? 1 });
      },
    ),
    'yuma.consensus': fn(
      'Consensus per column: the stake-weighted κ-quantile of the column (fractions of a row-normalised weight).',
      obj({
        activeStake: arr(num({ min: 0, finite: true })),
        weights: arr(arr(num({ min: 0, max: 1, finite: true }))),
        kappaU16: optional(u16(), 32767),
      }),
      /**
       * C_j = max{c : Σ_{i: W_ij ≥ c} S_i ≥ κ} over rows with positive stake (re-normalised); 0 when no stake.
       * subtensor math.rs `weighted_median_col_sparse` @14bc6f9.
       */
      (input) => {
        if (input.weights.length !== input.activeStake.length)
          throw new InputError('inputs.weights', `expected ${input.activeStake.length} rows (one per stake entry), got ${input.weights.length}`);
        const cols = input.weights[0]?.length ?? 0;
        input.weights.forEach((r, i) => {
          if (r.length !== cols) throw new InputError(`inputs.weights[${i}]`, `expected ${cols} entries like row 0, got ${r.length}`);
        });
        return { consensus: consensus(input.activeStake, input.weights, (input.kappaU16 ?? 32767) / 65535) };
      },
    ),
  },
};
