/**
 * Rule pack `vidaio-seed`: the Vidaio (SN85) miner economics exactly as the seed document 000_83e86b5ef461aa2e.txt
 * states them, computed literally with IEEE arithmetic and no clamps. Upscaling S_L, S_pre and S_F; the seed's
 * compression formula S_f = 0.8·(1 − C^1.5) + 0.2·(VMAF − thr)/(100 − thr); the three rolling-window multipliers
 * with the seed's thresholds; and the 60/40 proportional distribution. Where the seed contradicts itself the pack
 * follows its formulas, and every contradiction is listed in `notes`.
 */
import { fn } from '../types.ts';
import { seedPack } from '../common.ts';
import type { VidaioSeedFunctions, VidaioPackOf } from './functions.ts';
import { SEED_METRICS } from './metric-policy.ts';
import { arr, int, num, obj } from '../schema.ts';
import { pySum } from '../../math/py.ts';
import { finalScoreRaw, lengthScoreRaw, windowMultipliers, withNonFiniteWarnings } from './shared.ts';

const upHistory = arr(obj({ sF: num({ unit: 'S_F' }), sQ: num({ unit: 'S_Q, 0-1' }) }));
const coHistory = arr(obj({ score: num({ unit: 'S_f' }), vmaf: num({ unit: '0-100' }), vmafThreshold: num({ unit: '0-100' }) }));
const allocRow = obj({
  uid: int({ min: 0 }),
  accumulateScore: num({ unit: 'accumulated score' }),
  multiplier: num({ unit: 'total multiplier' }),
});

/** Seed shares of the miner pool by task type. */
const COMPRESSION_SHARE = 0.6;
const UPSCALING_SHARE = 0.4;

function combine(sQ: number, contentLengthS: number) {
  const sL = lengthScoreRaw(contentLengthS);
  const sPre = 0.5 * sQ + 0.5 * sL;
  const sF = finalScoreRaw(sPre);
  return withNonFiniteWarnings({ sL, sPre, sF }, 'the seed formulas have no guard for this input (S_L needs L > −1)');
}

function allocatePool(poolTao: number, share: number, rows: readonly { uid: number; accumulateScore: number; multiplier: number }[]) {
  const total = pySum(rows.map((r) => r.accumulateScore));
  const base: Record<string, number> = {};
  const final: Record<string, number> = {};
  for (const r of rows) {
    const b = (poolTao * share * r.accumulateScore) / total;
    base[String(r.uid)] = b;
    final[String(r.uid)] = b * r.multiplier;
  }
  return { base, final, zeroSum: rows.length > 0 && total === 0 };
}

export const vidaioSeed: VidaioPackOf<VidaioSeedFunctions> = {
  metrics: SEED_METRICS,
  ...seedPack('vidaio', '000_83e86b5ef461aa2e.txt'),
  title: 'Vidaio SN85 miner economics as stated in the seed document',
  notes: [
    {
      kind: 'dates',
      text: "Undated: the seed document carries no date. Its numbers match vidaio-subnet's docs/incentive_mechanism.md as it stood before commit 327892a of 2026-06-17 (shared/reference/rules/vidaio.md §5), a document that already disagreed with the validator code; no validator release ran these rules, so date-based selection never picks this pack while a dated Vidaio pack exists.",
    },
    {
      kind: 'contradiction',
      text:
        'The compression example table only fits the seed formula if "X % reduced" means C = X/100 (the output is X % of the input) and the ' +
        'threshold is 70, which the seed never states (the validator draws 85, 89 or 93): C 0.3 / VMAF 85 gives 0.7685 (table 0.769), ' +
        'C 0.5 / VMAF 80 gives 0.5838 (0.584), C 0.7 / VMAF 75 gives 0.3648 (table 0.364, truncated), C 0.4 / VMAF 65 gives 0 (FAILED). ' +
        'Read as C = 1 − X/100, the first row would be 0.4315. The pack uses C = X/100 and threshold 70 for the table rows.',
    },
    {
      kind: 'contradiction',
      text:
        'The compression multiplier table does not follow the seed formulas: "Average" has no bonus and no penalty yet 0.910× (formulas: 1.000×); ' +
        '"Poor Compressor" has 10/10 penalties and 0.490×, below the formulas\' floor of 0.8 × 0.75 = 0.600×; "Elite Compressor" earns 10/10 ' +
        'bonuses (each needs S_f > 0.74) with an average S_f of 0.654. The claim "10 bad rounds = −40 % to −51 %" inherits the 0.49. The pack follows the formulas.',
    },
    {
      kind: 'contradiction',
      text:
        'The upscaling multiplier table lists averages above the thresholds it counts against: "Poor" (average S_F 0.311, S_Q 0.411) takes 10/10 ' +
        'penalty_f (S_F < 0.20) and 10/10 penalty_q (S_Q < 0.25) for 0.600×; "Good" (average S_F 0.653) and "Average" (0.511) earn no bonus although the bonus threshold is S_F > 0.32.',
    },
    {
      kind: 'contradiction',
      text: 'S_F is said to range "0.002 to 40+", but with S_Q and S_L in 0–1 the formula gives 0.00305 at S_pre 0 and 3.277 at S_pre 1; 40 would need S_pre ≈ 1.36.',
    },
    {
      kind: 'contradiction',
      text: 'S_L is said to range 0–1, but ln(1 + L)/ln(321) exceeds 1 past 320 s (600 s gives 1.1087); the pack does not clamp. The seed\'s "10 s = 41 %" is 0.4155, i.e. 42 % rounded.',
    },
    {
      kind: 'gap',
      text:
        'The tier table\'s "Score" column is S_pre and its "Relative Reward" is S_F/0.1 (0.30 → 0.25×, 0.60 → 2.01×, 0.72 → 4.64×, 0.84 → 10.73×, 0.90 → 16.31×). ' +
        'The seed gives no mapping from PIE-APP to S_Q, so S_Q is an input.',
    },
    {
      kind: 'contradiction',
      text: 'The quality check says VMAF "must exceed" the threshold, while the formula and the table zero only VMAF < threshold. The pack scores VMAF = threshold (quality term 0).',
    },
    {
      kind: 'contradiction',
      text:
        'The distribution example prints a compression total of 1885.0, but 847.5 + 625.3 + 412.1 = 1884.9; it multiplies rounded shares (27.0 × 1.15 = 31.05, exactly ' +
        '26.9776 × 1.15 = 31.0242); it applies the 0.925 "(penalty)" of the upscaling table to compression miner UID 3; and after multipliers it pays 95.52 of 100 TAO. ' +
        'The seed does not renormalise, and neither does the pack (exact total 95.517).',
    },
    {
      kind: 'gap',
      text:
        'The seed leaves undefined: what a window with fewer than 10 rounds divides by (the pack keeps 10, so an empty history gives 1.0 everywhere), ' +
        'how a task type whose scores sum to 0 is split (0/0, NaN), and the compression rate for a zero-size reference (±∞ or NaN).',
    },
  ],
  functions: {
    'upscaling.lengthScore': fn(
      'Content-length score S_L = ln(1 + L)/ln(321), L in seconds, unclamped (1 at 320 s, > 1 beyond).',
      obj({ contentLengthS: num({ unit: 'seconds' }) }),
      /** S_L for a content length in seconds. L = −1 gives −∞ and L < −1 NaN (IEEE, no guard in the seed). */
      ({ contentLengthS }) => withNonFiniteWarnings({ sL: lengthScoreRaw(contentLengthS) }, 'ln(1 + L) is undefined for L ≤ −1 and the seed gives no guard'),
    ),
    'upscaling.finalScore': fn(
      'Final upscaling score S_F = 0.1·exp(6.979·(S_pre − 0.5)), unclamped (0.00305 at S_pre 0, 3.277 at 1).',
      obj({ sPre: num({ unit: 'S_pre' }) }),
      ({ sPre }) => withNonFiniteWarnings({ sF: finalScoreRaw(sPre) }, 'the input S_pre is not finite'),
    ),
    'upscaling.combine': fn(
      'S_L, S_pre = 0.5·S_Q + 0.5·S_L and S_F from a quality score S_Q (0–1) and a content length in seconds.',
      obj({ sQ: num({ unit: 'S_Q, 0-1' }), contentLengthS: num({ unit: 'seconds' }) }),
      ({ sQ, contentLengthS }) => combine(sQ, contentLengthS),
    ),
    'compression.rate': fn(
      'Compression rate C = output bytes / reference bytes (C > 1 when the output is larger).',
      obj({ referenceSizeBytes: num({ min: 0, unit: 'bytes' }), outputSizeBytes: num({ min: 0, unit: 'bytes' }) }),
      /** IEEE division: a zero reference gives +∞ (or NaN for 0/0); the seed defines no guard. */
      ({ referenceSizeBytes, outputSizeBytes }) =>
        withNonFiniteWarnings(
          { compressionRate: outputSizeBytes / referenceSizeBytes },
          'the reference size is 0 and the seed defines no rate for it (IEEE division)',
        ),
    ),
    'compression.score': fn(
      'Seed compression score S_f = 0.8·(1 − C^1.5) + 0.2·(VMAF − thr)/(100 − thr), 0 when VMAF < thr; no clamp.',
      obj({
        compressionRate: num({ unit: 'C = output/reference' }),
        vmaf: num({ unit: '0-100' }),
        vmafThreshold: num({ unit: '0-100' }),
      }),
      /**
       * VMAF < threshold → score 0, zone "below-threshold"; otherwise the formula as written (negative for C > 1,
       * NaN for threshold 100 with VMAF 100 (0/0) or a negative C (a fractional power of a negative number)).
       */
      ({ compressionRate, vmaf, vmafThreshold }) => {
        if (vmaf < vmafThreshold) return { score: 0, zone: 'below-threshold' as const };
        const score = 0.8 * (1 - compressionRate ** 1.5) + (0.2 * (vmaf - vmafThreshold)) / (100 - vmafThreshold);
        return withNonFiniteWarnings(
          { score, zone: 'above-threshold' as const },
          'the seed formula is undefined here (threshold 100 divides by 100 − thr = 0, a negative or NaN rate or VMAF has no value); the seed gives no value',
        );
      },
    ),
    'multiplier.upscaling': fn(
      'Seed upscaling multipliers over the last 10 rounds: bonus S_F > 0.32 (+0.15), penalty_f S_F < 0.20 (−0.20), penalty_q S_Q < 0.25 (−0.25), each ×count/10.',
      obj({ history: upHistory }),
      ({ history }) => ({
        updated: true,
        ...windowMultipliers(history, { bonus: (r) => r.sF > 0.32, penaltyF: (r) => r.sF < 0.2, penaltyQ: (r) => r.sQ < 0.25 }),
      }),
    ),
    'multiplier.compression': fn(
      'Seed compression multipliers over the last 10 rounds: bonus S_f > 0.74 (+0.15), penalty_f S_f < 0.4 (−0.20), penalty_q VMAF < thr + 5 (−0.25), each ×count/10.',
      obj({ history: coHistory }),
      ({ history }) => ({
        updated: true,
        ...windowMultipliers(history, { bonus: (r) => r.score > 0.74, penaltyF: (r) => r.score < 0.4, penaltyQ: (r) => r.vmaf < r.vmafThreshold + 5 }),
      }),
    ),
    'weights.allocate': fn(
      'Seed distribution in TAO: 60 % compression / 40 % upscaling, proportional to accumulated score within each task type, then × multiplier, not renormalised.',
      obj({ poolTao: num({ min: 0, finite: true, unit: 'TAO' }), compression: arr(allocRow), upscaling: arr(allocRow) }),
      /** baseTao = poolTao × share × acc/Σacc of the task type; finalTao = baseTao × multiplier. Empty task types allocate nothing. */
      ({ poolTao, compression, upscaling }) => {
        const c = allocatePool(poolTao, COMPRESSION_SHARE, compression);
        const u = allocatePool(poolTao, UPSCALING_SHARE, upscaling);
        const warnings: string[] = [];
        if (c.zeroSum) warnings.push("Compression accumulated scores sum to 0: the seed's share acc/Σacc is 0/0, so NaN.");
        if (u.zeroSum) warnings.push("Upscaling accumulated scores sum to 0: the seed's share acc/Σacc is 0/0, so NaN.");
        // A UID listed in both task types is paid from both.
        const add = (a: Record<string, number>, b: Record<string, number>) => {
          const r = { ...a };
          for (const [k, v] of Object.entries(b)) r[k] = k in r ? r[k]! + v : v;
          return r;
        };
        const out = { baseTao: add(c.base, u.base), finalTao: add(c.final, u.final) };
        return warnings.length ? { ...out, warnings } : out;
      },
    ),
  },
};
