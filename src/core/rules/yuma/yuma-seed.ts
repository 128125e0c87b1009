/**
 * Rule pack `yuma-seed`: the simple incentive model the seed documents state (seed 001, section Incentives;
 * seed 002): rank R_k = Σ_i S_i·W_ik with raw stake and weight rows as given, incentive I_j = R_j/Σ_k R_k. No
 * consensus clipping, no row normalisation.
 */
import { arr, num, obj } from '../schema.ts';
import { InputError, fn, type RulePack } from '../types.ts';
import { seedPack } from '../common.ts';
import type { YumaSeedFunctions } from './functions.ts';
import { stakeWeightedColSums, vecSum } from './math.ts';

export const yumaSeed: RulePack<YumaSeedFunctions, 'yuma'> = {
  ...seedPack('yuma', '001_2bfd84dd38a208c8.txt', '002_921be432e1dba5e2.txt'),
  title: 'Simple stake-weighted rank and incentive as stated in the seeds',
  sourceLine: 'seed document 001_2bfd84dd38a208c8.txt (Incentives); seed document 002_921be432e1dba5e2.txt',
  notes: [
    {
      kind: 'dates',
      text: 'Undated: the seed documents carry no date. Their simple model (rank = stake-weighted weights, no consensus clipping) is not what the chain runs at any known date; date-based selection never picks it while yuma-subtensor exists.',
    },
    {
      kind: 'contradiction',
      text:
        "Seed 002 says an out-of-consensus validator's weights are removed or reduced and its VTrust drops, but seed 001's " +
        'formula R_k = Σ_i S_i·W_ik has no such step. The pack implements the formula, so an out-of-consensus validator still ' +
        'moves incentive: stake 600/300/100 with the small validator all on the last miner gives that miner 0.19 here, ' +
        '0.1099 on chain (yuma-subtensor).',
    },
    {
      kind: 'contradiction',
      text: 'Seed 002 calls "validator 103" out of consensus, but its printed list has no validator 103; the validator with ' + 'weight 0 is 120.',
    },
    {
      kind: 'gap',
      text:
        "Seed 002's metagraph numbers (consensus 0.00218, incentive 0.00215, VTrust 0.445 for validator 120) are " +
        'observations of a live subnet (SN18, miner 191) and cannot be reproduced from the seed.',
    },
    {
      kind: 'gap',
      text:
        'The seed does not say what happens when every rank is 0; the formula gives 0/0, so the incentive is NaN for ' +
        'every miner. Weight rows are used as given (the seed does not normalise them).',
    },
  ],
  functions: {
    'incentive.rank': fn(
      'Stake-weighted rank per miner (stake units) and incentive = rank / Σ rank (fractions).',
      obj({
        stake: arr(num({ min: 0, finite: true, unit: 'stake units' }), { minLength: 1 }),
        weights: arr(arr(num({ min: 0, finite: true })), { minLength: 1 }),
      }),
      /**
       * R_k = Σ_i stake_i·W_ik (seed 001 "Incentives"), I_j = R_j/Σ_k R_k. Rows = validators, columns = miners.
       * NaN incentive (with a warning) when every rank is 0.
       */
      (input) => {
        const { stake, weights } = input;
        if (weights.length !== stake.length)
          throw new InputError('inputs.weights', `expected ${stake.length} rows (one per stake entry), got ${weights.length}`);
        const cols = weights[0]!.length;
        weights.forEach((r, i) => {
          if (r.length !== cols) throw new InputError(`inputs.weights[${i}]`, `expected ${cols} entries like row 0, got ${r.length}`);
        });
        const rank = stakeWeightedColSums(stake, weights);
        const total = vecSum(rank);
        const incentive = rank.map((r) => r / total);
        const out: { rank: number[]; incentive: number[]; warnings?: string[] } = { rank, incentive };
        if (total === 0)
          out.warnings = ['Incentive is undefined: every rank is 0 (no stake-weighted weight), so R/ΣR is 0/0; the seed gives no value, so NaN.'];
        return out;
      },
    ),
  },
};
