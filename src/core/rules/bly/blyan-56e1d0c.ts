/**
 * Rule pack `blyan@56e1d0c`: Blyan's reward policy and budget buckets transcribed from mnls0115/Blyan
 * backend/rewards/policy.py (`calc_inference_bly`, `calc_learning_bly`, `calc_validation_bly`, `calc_dataset_bly`)
 * and backend/rewards/buckets.py (`BucketAllocator`) @56e1d0c6d67a104217c0986c6c943c3a159beb7b, with Python `round`,
 * `min`/`max` semantics (shared/reference/rules/bitmind-yuma-zap-bly.md part D).
 */
import { pyClamp, pyMin, pyRound } from '../../math/py.ts';
import { arr, int, num, obj, oneOf } from '../schema.ts';
import { UpstreamError, fn, type RulePack, InputError } from '../types.ts';
import type { BlyanFunctions } from './functions.ts';
import { BUCKETS, runBuckets, type BucketOperation } from './budget.ts';
import type { Schema } from '../schema.ts';
import { fromCode } from '../common.ts';

const COMMIT = '56e1d0c6d67a104217c0986c6c943c3a159beb7b';

/** One bucket operation: `{op: "allocate", bucket, amountBly, hour}` or `{op: "refresh", hour}`. */
const operationSchema: Schema<BucketOperation> = {
  describe: () => 'an operation {op: "allocate", bucket, amountBly, hour} or {op: "refresh", hour}',
  parse(value, path) {
    const op = (value as { op?: unknown } | null)?.op;
    if (op === 'allocate')
      return obj({
        op: oneOf('allocate'),
        bucket: oneOf(...BUCKETS),
        amountBly: num({ min: 0, finite: true, unit: 'BLY' }),
        hour: int({ min: 0, unit: 'hour index' }),
      }).parse(value, path);
    if (op === 'refresh') return obj({ op: oneOf('refresh'), hour: int({ min: 0, unit: 'hour index' }) }).parse(value, path);
    throw new InputError(`${path}.op`, 'expected "allocate" or "refresh"');
  },
};

export const blyan: RulePack<BlyanFunctions, 'bly'> = {
  id: 'blyan@56e1d0c',
  mechanism: 'bly',
  title: 'Blyan BLY reward policy and budget buckets (upstream code)',
  ...fromCode({ repo: 'mnls0115/Blyan', paths: ['backend/rewards/policy.py', 'backend/rewards/buckets.py'], commit: COMMIT }),
  inForce: { from: '2025-08-31' },
  notes: [
    {
      kind: 'dates',
      text: 'In force from 2025-08-31, the date of Blyan commit 56e1d0c, the repository HEAD (shared/reference/rules/bitmind-yuma-zap-bly.md §0); no later commit is known, so it is taken as still in force.',
    },
    {
      kind: 'difference',
      text:
        'Every policy result is rounded with Python round(x, 4) (half to even on the binary value): 1,234 tokens at ' +
        'quality 0.77 pay 0.9502 BLY, where the seed formula gives 0.95018.',
    },
    {
      kind: 'difference',
      text:
        'Learning rewards are paid per hour slice: min(500·imp·clamp(d, 1, 3)·clamp(a, 0.8, 1.2)·share, pool·share). The ' +
        'docs\' "2 % at difficulty 2 ≈ 2,000 BLY" needs share = 1; with the default share 1/24 it is 83.3333 BLY.',
    },
    {
      kind: 'difference',
      text: 'The dataset reward is capped at 10,000 BLY (the seed has no cap), and diversity is clamped to 0–2.',
    },
    {
      kind: 'gap',
      text:
        'Bucket floors (30/25/5/5 %) and ceilings (60/50/15/15 %) are only reported, never enforced, and no code moves ' +
        "budget between buckets. The accumulation cap is 3 hours of a bucket's share (the YAML comment says 3× daily budget). " +
        'Rollover is lost after a gap of more than 24 hours.',
    },
    {
      kind: 'gap',
      text:
        'Backpay is only bookkeeping upstream: a fulfilled request is logged (the payout is a TODO), and a request older ' +
        'than 7 days is only dropped when its bucket has money at a refresh. Clamps are max(lo, min(hi, x)), so a NaN ' +
        'quality becomes the upper bound (1.5 for inference).',
    },
  ],
  functions: {
    'bly.inference': fn(
      'Inference reward in BLY: round(tokens/1000 × 1.0 × clamp(quality, 0.5, 1.5), 4).',
      obj({ tokens: num({ finite: true, soft: true, unit: 'tokens' }), quality: num({ unit: 'multiplier, clamped 0.5-1.5' }) }),
      /** policy.py `calc_inference_bly` @56e1d0c; negative tokens raise ValueError. */
      (input) => {
        if (input.tokens < 0) throw new UpstreamError(`ValueError: Tokens must be non-negative, got ${input.tokens}`);
        const q = pyClamp(input.quality, 0.5, 1.5);
        return { bly: pyRound((input.tokens / 1000.0) * 1.0 * q, 4) };
      },
    ),
    'bly.learning': fn(
      'Learning reward in BLY for one hour slice: round(min(500·imp%·difficulty·applicability·share, pool·share), 4).',
      obj({
        basePoolDayBly: num({ finite: true, soft: true, unit: 'BLY per day' }),
        improvementPct: num({ finite: true, soft: true, unit: 'percent' }),
        difficulty: num({ unit: 'clamped 1-3' }),
        applicability: num({ unit: 'clamped 0.8-1.2' }),
        hourSliceShare: num({ min: 0, finite: true, soft: true, unit: 'fraction of the day' }),
      }),
      /** policy.py `calc_learning_bly` @56e1d0c; negative improvement raises ValueError. */
      (input) => {
        if (input.improvementPct < 0) throw new UpstreamError(`ValueError: Improvement must be non-negative, got ${input.improvementPct}`);
        const d = pyClamp(input.difficulty, 1.0, 3.0);
        const a = pyClamp(input.applicability, 0.8, 1.2);
        const reward = 500.0 * input.improvementPct * d * a * input.hourSliceShare;
        return { bly: pyRound(pyMin(reward, input.basePoolDayBly * input.hourSliceShare), 4) };
      },
    ),
    'bly.validation': fn(
      'Validation reward in BLY: round(tasks × 10 × complexity, 4).',
      obj({ tasks: num({ finite: true, soft: true, unit: 'tasks' }), complexity: num({ finite: true, soft: true, unit: 'multiplier' }) }),
      /** policy.py `calc_validation_bly` @56e1d0c; negative tasks raise ValueError. */
      (input) => {
        if (input.tasks < 0) throw new UpstreamError(`ValueError: Tasks must be non-negative, got ${input.tasks}`);
        return { bly: pyRound(input.tasks * 10.0 * input.complexity, 4) };
      },
    ),
    'bly.dataset': fn(
      'Dataset reward in BLY: round(min(GB × 100 × clamp(quality, 0, 1) × clamp(diversity, 0, 2), 10000), 4).',
      obj({
        sizeGb: num({ finite: true, soft: true, unit: 'GB' }),
        quality: num({ unit: 'clamped 0-1' }),
        diversity: num({ unit: 'clamped 0-2' }),
      }),
      /** policy.py `calc_dataset_bly` @56e1d0c; negative size raises ValueError. */
      (input) => {
        if (input.sizeGb < 0) throw new UpstreamError(`ValueError: Size must be non-negative, got ${input.sizeGb}`);
        const q = pyClamp(input.quality, 0, 1);
        const div = pyClamp(input.diversity, 0, 2);
        return { bly: pyRound(pyMin(input.sizeGb * 100.0 * q * div, 10000.0), 4) };
      },
    ),
    'bly.buckets': fn(
      'Replays budget-bucket operations (allocate/refresh by hour) and reports balances, queues and backpay per step, in BLY.',
      obj({
        dailyBudgetBly: num({ min: 0, finite: true, unit: 'BLY per day' }),
        startHour: int({ min: 0, unit: 'hour index' }),
        operations: arr(operationSchema),
      }),
      /** buckets.py `BucketAllocator` @56e1d0c with an explicit hour clock; see `runBuckets` in budget.ts. */
      (input) => ({ steps: runBuckets(input.dailyBudgetBly, input.startHour, input.operations) }),
    ),
  },
};
