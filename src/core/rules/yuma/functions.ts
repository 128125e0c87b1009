/**
 * The Yuma mechanism's function tables, declared once: the seed's stake-weighted rank (`yuma-seed`) and subtensor's
 * epoch (`yuma-subtensor`). A pack implements one table; which one a caller holds is told by the functions it has
 * (`hasFunction(pack, 'yuma.epoch')`), never by its id.
 */
import type { PackFunction, RulePack } from '../types.ts';
import type { YumaEpochInput, YumaEpochResult } from './epoch.ts';

type Warned = { warnings?: string[] };

/** The seed document's rank/incentive, one function. */
export type YumaSeedFunctions = {
  'incentive.rank': PackFunction<{ stake: number[]; weights: number[][] }, { rank: number[]; incentive: number[] } & Warned>;
};

/** subtensor's epoch; `params` keys left out take subtensor's defaults, `emission` defaults to 1. */
export type YumaSubtensorFunctions = {
  'yuma.epoch': PackFunction<Omit<YumaEpochInput, 'params' | 'emission'> & { params?: Partial<YumaEpochInput['params']>; emission?: number }, YumaEpochResult>;
  'yuma.consensus': PackFunction<{ activeStake: number[]; weights: number[][]; kappaU16?: number }, { consensus: number[] }>;
};

export type YumaFunctions = YumaSeedFunctions | YumaSubtensorFunctions;
export type YumaPack = RulePack<YumaSeedFunctions, 'yuma'> | RulePack<YumaSubtensorFunctions, 'yuma'>;
