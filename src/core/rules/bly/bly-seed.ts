/**
 * Rule pack `bly-seed`: Blyan's work-based BLY rewards as the seed document (004, "BLY Rewards System
 * Documentation") states them: per-unit rates with the quoted multiplier ranges and the daily budget table. No
 * rounding and no caps beyond those stated; the bucket mechanics (rebalancing, rollover, backpay) have no
 * formulas in the seed and are only modelled by the code pack `blyan@56e1d0c`.
 */
import { num, obj } from '../schema.ts';
import { fn, type RulePack } from '../types.ts';
import { seedPack } from '../common.ts';
import type { BlySeedFunctions } from './functions.ts';
import { CEILINGS, FLOORS, SPLITS, perBucket } from './budget.ts';

/** `max(lo, min(hi, x))`, the clamp the seed's ranges imply. */
const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
const nonNeg = (unit: string) => num({ min: 0, finite: true, unit });

export const blySeed: RulePack<BlySeedFunctions, 'bly'> = {
  ...seedPack('bly', '004_37b745e8f2621690.txt'),
  title: 'Blyan BLY rewards as stated in the seed document',
  notes: [
    {
      kind: 'dates',
      text: 'Undated: the seed document carries no date; date-based selection never picks it while blyan@56e1d0c exists.',
    },
    {
      kind: 'gap',
      text: 'The seed gives no range for the validation "complexity bonus" multiplier; the pack uses it as given ' + '(7 tasks at 1.5 → 105 BLY).',
    },
    {
      kind: 'gap',
      text:
        'The dataset diversity bonus is only bounded above ("up to 2×"); the pack caps it at 2 and applies no lower bound. ' +
        'Quality is clamped to 0–1. There is no cap on the dataset reward (500 GB at full quality and diversity 3 → 100,000 BLY).',
    },
    {
      kind: 'gap',
      text:
        'Hourly rebalancing, 24-hour rollover, floors, ceilings and the backpay queue are described without formulas, so ' +
        'the pack only computes the budget amounts (target, floor, ceiling per day and the hourly target).',
    },
    {
      kind: 'difference',
      text:
        'The upstream code (blyan@56e1d0c) rounds every reward to 4 decimals (1,234 tokens at 0.77: 0.95018 here, 0.9502 there), ' +
        "pays learning per hour slice (2 % at difficulty 2 is 2,000 BLY here but 83.3333 with the code's default 1/24 share) " +
        'and caps the dataset reward at 10,000 BLY.',
    },
    {
      kind: 'gap',
      text: "The seed's examples agree with its formulas: 110, 2,000, 500, 900 BLY and the earnings examples 800, 2,250, 2,000, 4,950.",
    },
  ],
  functions: {
    'bly.inference': fn(
      'Inference reward in BLY: tokens/1000 × 1.0 × quality (quality clamped to 0.5–1.5).',
      obj({ tokens: nonNeg('tokens'), quality: num({ finite: true, unit: 'multiplier, clamped 0.5-1.5' }) }),
      /** bly = tokens/1000·1.0·clamp(quality, 0.5, 1.5). */
      (input) => ({ bly: (input.tokens / 1000) * 1.0 * clamp(input.quality, 0.5, 1.5) }),
    ),
    'bly.learning': fn(
      'Learning reward in BLY: 500 × improvement % × difficulty (1–3) × applicability (0.8–1.2).',
      obj({
        improvementPct: nonNeg('percent'),
        difficulty: num({ finite: true, unit: 'clamped 1-3' }),
        applicability: num({ finite: true, unit: 'clamped 0.8-1.2' }),
      }),
      /** bly = 500·improvementPct·clamp(difficulty, 1, 3)·clamp(applicability, 0.8, 1.2). */
      (input) => ({
        bly: 500 * input.improvementPct * clamp(input.difficulty, 1, 3) * clamp(input.applicability, 0.8, 1.2),
      }),
    ),
    'bly.validation': fn(
      'Validation reward in BLY: 10 × tasks × complexity.',
      obj({ tasks: nonNeg('tasks'), complexity: nonNeg('multiplier') }),
      /** bly = 10·tasks·complexity. */
      (input) => ({ bly: 10 * input.tasks * input.complexity }),
    ),
    'bly.dataset': fn(
      'Dataset reward in BLY: 100 × GB × quality (0–1) × diversity (up to 2).',
      obj({
        sizeGb: nonNeg('GB'),
        quality: num({ finite: true, unit: 'clamped 0-1' }),
        diversity: num({ min: 0, finite: true, unit: 'capped at 2' }),
      }),
      /** bly = 100·sizeGb·clamp(quality, 0, 1)·min(diversity, 2). */
      (input) => ({
        bly: 100 * input.sizeGb * clamp(input.quality, 0, 1) * (input.diversity > 2 ? 2 : input.diversity),
      }),
    ),
    'bly.dailyBudget': fn(
      'Per-bucket daily target, floor and ceiling and the hourly target, in BLY.',
      obj({ dailyBudgetBly: nonNeg('BLY per day') }),
      /** target = budget·split (45/35/10/10 %), floor 30/25/5/5 %, ceiling 60/50/15/15 %, hourly = budget/24·split. */
      (input) => {
        const d = input.dailyBudgetBly;
        return {
          target: perBucket((b) => d * SPLITS[b]),
          floor: perBucket((b) => d * FLOORS[b]),
          ceiling: perBucket((b) => d * CEILINGS[b]),
          hourlyTarget: perBucket((b) => (d / 24) * SPLITS[b]),
        };
      },
    ),
  },
};
