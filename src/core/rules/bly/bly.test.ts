/**
 * BLY packs: every case of shared/reference/vectors/bly-seed.json and blyan@56e1d0c.json (tol 1e-12), plus a
 * property test of the bucket allocator on random operation sequences.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runVectorFile, type VectorFile } from '../vectors.ts';
import { blySeed } from './bly-seed.ts';
import { blyan } from './blyan-56e1d0c.ts';
import { BUCKETS, SPLITS, runBuckets, type BucketOperation } from './budget.ts';
import { sharedReference } from '../../../../test-support/index.ts';
import { mulberry32 } from '../../math/rng.ts';

const load = (name: string): VectorFile => JSON.parse(readFileSync(sharedReference('vectors', name), 'utf8'));

const rng = mulberry32;

describe('bly vectors', () => {
  for (const [pack, file, count] of [
    [blySeed, 'bly-seed.json', 17],
    [blyan, 'blyan@56e1d0c.json', 25],
  ] as const) {
    it(`${file}: all ${count} cases pass (tol 1e-12)`, () => {
      const results = runVectorFile([pack], load(file), file);
      expect(results.filter((r) => !r.passed).map((f) => `${f.id}: ${JSON.stringify(f.mismatches.slice(0, 5))}`)).toEqual([]);
      expect(results.length).toBe(count);
    });
  }
});

describe('bly bucket properties (300 random sequences)', () => {
  it('balances are never negative and never above 3·H·split', () => {
    const r = rng(7);
    for (let t = 0; t < 300; t++) {
      const daily = 1000 + r() * 500_000;
      const H = daily / 24;
      let hour = Math.floor(r() * 100);
      const start = hour;
      const ops: BucketOperation[] = [];
      for (let k = 0; k < 25; k++) {
        if (r() < 0.4) hour += Math.floor(r() * (r() < 0.1 ? 300 : 4));
        ops.push(r() < 0.7 ? { op: 'allocate', bucket: BUCKETS[Math.floor(r() * 4)]!, amountBly: r() * H, hour } : { op: 'refresh', hour });
      }
      for (const step of runBuckets(daily, start, ops)) {
        for (const b of BUCKETS) {
          expect(step.available[b]).toBeGreaterThanOrEqual(0);
          expect(step.available[b]).toBeLessThanOrEqual(3 * H * SPLITS[b] * (1 + 1e-12));
          expect(step.queued[b]).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });
});
