/**
 * The BLY mechanism's function tables, declared once. Both packs pay the four reward kinds; the seed adds the daily
 * budget split (`bly.dailyBudget`), Blyan's code the hourly bucket ledger (`bly.buckets`) and a learning reward paid
 * from a pool slice. Callers tell the two apart by the functions a pack has (`hasFunction`), never by its id.
 */
import type { PackFunction, RulePack } from '../types.ts';
import type { BucketOperation, BucketStep, PerBucket } from './budget.ts';

type Bly = { bly: number };

type BlyCommon = {
  'bly.inference': PackFunction<{ tokens: number; quality: number }, Bly>;
  'bly.validation': PackFunction<{ tasks: number; complexity: number }, Bly>;
  'bly.dataset': PackFunction<{ sizeGb: number; quality: number; diversity: number }, Bly>;
};

export type BlySeedFunctions = BlyCommon & {
  'bly.learning': PackFunction<{ improvementPct: number; difficulty: number; applicability: number }, Bly>;
  'bly.dailyBudget': PackFunction<
    { dailyBudgetBly: number },
    { target: PerBucket<number>; floor: PerBucket<number>; ceiling: PerBucket<number>; hourlyTarget: PerBucket<number> }
  >;
};

export type BlyanFunctions = BlyCommon & {
  'bly.learning': PackFunction<{ basePoolDayBly: number; improvementPct: number; difficulty: number; applicability: number; hourSliceShare: number }, Bly>;
  /** A bucket may be given as any string (a scenario file's text): the schema names an unknown one. */
  'bly.buckets': PackFunction<
    { dailyBudgetBly: number; startHour: number; operations: (BucketOperation | { op: 'allocate'; bucket: string; amountBly: number; hour: number })[] },
    { steps: BucketStep[] }
  >;
};

export type BlyFunctions = BlySeedFunctions | BlyanFunctions;
export type BlyPack = RulePack<BlySeedFunctions, 'bly'> | RulePack<BlyanFunctions, 'bly'>;
