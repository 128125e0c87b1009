/**
 * Tests for the per-frame pooling functions: hand-computed values, edge cases, and libvmaf's own pooled_metrics
 * for every reference clip pair in shared/reference/scores (per-frame values and pools printed to 6 decimals).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { harmonicMeanLibvmaf, harmonicMeanPositive, max, mean, min, percentile, poolAll } from './pooling.ts';
import { sharedReference } from '../../../test-support/index.ts';

const scoresDir = sharedReference('scores/');

describe('pooling, hand-computed values (tolerance 1e-12 relative)', () => {
  it('mean/min/max', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(min([3, -1, 2])).toBe(-1);
    expect(max([3, -1, 2])).toBe(3);
    expect(mean([])).toBeNaN();
    expect(min([])).toBeNaN();
    expect(max([1, NaN])).toBeNaN();
  });

  it('libvmaf harmonic mean: n/Σ1/(x+1) − 1', () => {
    // 2 / (1/2 + 1/4) − 1 = 2/0.75 − 1 = 5/3
    expect(harmonicMeanLibvmaf([1, 3])).toBeCloseTo(5 / 3, 14);
    // 3 / (1/96 + 1/91 + 1/81) − 1, the vidaio vector value
    expect(harmonicMeanLibvmaf([95, 90, 80])).toBeCloseTo(87.88531591508604, 11);
    // a zero frame contributes 1/1 and collapses the pool
    expect(harmonicMeanLibvmaf([95, 90, 0, 80])).toBeCloseTo(2.8694024188686518, 12);
    expect(harmonicMeanLibvmaf([7, 7, 7])).toBeCloseTo(7, 14);
    expect(harmonicMeanLibvmaf([])).toBeNaN();
  });

  it('validator harmonic mean over x > 0: n/Σ1/x', () => {
    // 2 / (1/2 + 1/6) = 2/(2/3) = 3
    expect(harmonicMeanPositive([2, 6])).toBeCloseTo(3, 14);
    // 0 and negative frames are dropped: 2 / (1/50 + 1/100) = 66.666…
    expect(harmonicMeanPositive([50, -3, 0, 100])).toBeCloseTo(200 / 3, 12);
    expect(harmonicMeanPositive([95, 90, 0, 80])).toBeCloseTo(87.88008565310491, 11);
    expect(harmonicMeanPositive([NaN, 4])).toBe(4);
    expect(() => harmonicMeanPositive([0, 0])).toThrow(/No valid/);
    expect(() => harmonicMeanPositive([])).toThrow(Error);
  });

  it('percentile: numpy linear interpolation', () => {
    // numpy.percentile([1, 2, 3, 4], 50) = 2.5; 25 → 1.75; 90 → 3.7; 0 → 1; 100 → 4
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 25)).toBeCloseTo(1.75, 14);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 14);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
    // numpy.percentile([10, 20, 30], 5) = 11.0 (idx 0.1)
    expect(percentile([30, 10, 20], 5)).toBeCloseTo(11, 13);
    expect(percentile([42], 37)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([1, NaN], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], NaN)).toThrow(RangeError);
  });

  it('poolAll has libvmaf layout', () => {
    const p = poolAll([1, 3]);
    expect(p.min).toBe(1);
    expect(p.max).toBe(3);
    expect(p.mean).toBe(2);
    expect(p.harmonicMean).toBeCloseTo(5 / 3, 14);
  });
});

describe('poolAll against libvmaf pooled_metrics of every reference pair (abs 2e-6: both sides printed to 6 decimals)', () => {
  const files = readdirSync(scoresDir).filter((f) => f.endsWith('.json') && f !== 'index.json');
  it('has reference pairs', () => expect(files.length).toBeGreaterThan(5));
  for (const f of files) {
    it(f, () => {
      // The files are Python json: bare Infinity/NaN tokens (PSNR of identical frames) are quoted, then revived.
      const text = readFileSync(scoresDir + f, 'utf8').replace(/([[,:]\s*)(-?Infinity|NaN)(?=\s*[\],}])/g, '$1"$2"');
      const d = JSON.parse(text, (_k, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v));
      let checked = 0;
      for (const run of ['libvmaf_pinned', 'libvmaf_head']) {
        const r = d[run];
        if (!r?.per_frame || !r?.pooled) continue;
        for (const feature of ['vmaf', 'vmaf_neg', 'vmaf_4k', 'psnr_y', 'float_ssim']) {
          const frames: number[] | undefined = r.per_frame[feature];
          const pooled = r.pooled[feature];
          if (!frames || !pooled || !frames.every(Number.isFinite)) continue;
          const p = poolAll(frames);
          const msg = `${run}.${feature}`;
          expect(p.min, msg).toBeCloseTo(pooled.min, 6);
          expect(p.max, msg).toBeCloseTo(pooled.max, 6);
          expect(Math.abs(p.mean - pooled.mean), msg).toBeLessThanOrEqual(2e-6);
          expect(Math.abs(p.harmonicMean - pooled.harmonic_mean), msg).toBeLessThanOrEqual(2e-6);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
