/**
 * Yuma packs: every case of shared/reference/vectors/yuma-seed.json and yuma-subtensor.json (tolerances per case:
 * 1e-12, or 1e-9 relative for epoch floats and ±1 for stored u16), plus property tests on random inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runVectorFile, type VectorFile } from '../vectors.ts';
import { callPackFunction } from '../call.ts';
import type { RulePack } from '../types.ts';
import { yumaSeed } from './yuma-seed.ts';
import { yumaSubtensor } from './yuma-subtensor.ts';
import { sharedReference } from '../../../../test-support/index.ts';
import { mulberry32 } from '../../math/rng.ts';

const load = (name: string): VectorFile => JSON.parse(readFileSync(sharedReference('vectors', name), 'utf8'));

function expectAllPass(pack: RulePack, file: string, count: number) {
  const results = runVectorFile([pack], load(file), file);
  const failed = results.filter((r) => !r.passed);
  expect(failed.map((f) => `${f.id}: ${JSON.stringify(f.mismatches.slice(0, 5))}`)).toEqual([]);
  expect(results.length).toBe(count);
}

const rng = mulberry32;

describe('yuma vectors', () => {
  it('yuma-seed.json: all 8 cases pass (tol 1e-12)', () => expectAllPass(yumaSeed, 'yuma-seed.json', 8));
  it('yuma-subtensor.json: all 20 cases pass (rel 1e-9, stored u16 ±1)', () => expectAllPass(yumaSubtensor, 'yuma-subtensor.json', 20));
});

describe('yuma properties (200 random cases each)', () => {
  it('seed: incentive sums to 1 (±1e-12) whenever some rank is > 0', () => {
    const r = rng(1);
    let checked = 0;
    for (let t = 0; t < 200; t++) {
      const v = 1 + Math.floor(r() * 5);
      const m = 1 + Math.floor(r() * 6);
      const stake = Array.from({ length: v }, () => (r() < 0.2 ? 0 : r() * 1000));
      const weights = Array.from({ length: v }, () => Array.from({ length: m }, () => (r() < 0.3 ? 0 : r())));
      const out = callPackFunction(yumaSeed, 'incentive.rank', { stake, weights }) as { rank: number[]; incentive: number[] };
      if (out.rank.some((x) => x > 0)) {
        checked++;
        expect(Math.abs(out.incentive.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      } else expect(out.incentive.every(Number.isNaN)).toBe(true);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('subtensor: consensus ≤ max column weight; incentive sums to 1 (±1e-12) or is all 0', () => {
    const r = rng(2);
    let nonzero = 0;
    for (let t = 0; t < 200; t++) {
      const nv = 1 + Math.floor(r() * 4);
      const n = nv + 1 + Math.floor(r() * 4);
      const stake = Array.from({ length: n }, (_, i) => (i < nv && r() > 0.15 ? r() * 1000 : 0));
      const weightsU16 = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => (i < nv && i !== j && r() > 0.3 ? Math.floor(r() * 65536) : null)),
      );
      const bondsU16 = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.floor(r() * 2000)));
      const params = { yuma3: r() < 0.6, liquidAlpha: r() < 0.5, bondsPenaltyU16: [0, 32768, 65535][Math.floor(r() * 3)]! };
      const out = callPackFunction(yumaSubtensor, 'yuma.epoch', {
        stake,
        weightsU16,
        bondsU16,
        validatorPermit: stake.map((_, i) => i < nv),
        active: stake.map(() => r() > 0.1),
        params,
      }) as { consensus: number[]; incentive: number[]; dividends: number[] };
      // Column maxima of the row-normalised stored weights (rows with a permit, no diagonal).
      for (let j = 0; j < n; j++) {
        let max = 0;
        for (let i = 0; i < nv; i++) {
          const row = weightsU16[i]!.map((w, k) => (k === i || w === null ? 0 : w));
          const s = row.reduce((a, b) => a + b, 0);
          if (s > 0) max = Math.max(max, row[j]! / s);
        }
        expect(out.consensus[j]!).toBeLessThanOrEqual(max + 1e-15);
      }
      const sum = out.incentive.reduce((a, b) => a + b, 0);
      if (sum === 0) expect(out.incentive.every((x) => x === 0)).toBe(true);
      else {
        nonzero++;
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      }
      for (const d of out.dividends) expect(d).toBeGreaterThanOrEqual(0);
    }
    expect(nonzero).toBeGreaterThan(50);
  });
});

describe('yuma input checks', () => {
  it('rejects a weight matrix whose row count differs from the stake length', () => {
    expect(() => callPackFunction(yumaSeed, 'incentive.rank', { stake: [1, 2], weights: [[1, 0]] })).toThrow(/inputs.weights/);
  });
  it('rejects a non-square weightsU16', () => {
    expect(() =>
      callPackFunction(yumaSubtensor, 'yuma.epoch', {
        stake: [1, 0],
        weightsU16: [[null, 1]],
        bondsU16: [
          [0, 0],
          [0, 0],
        ],
        validatorPermit: [true, false],
        active: [true, true],
      }),
    ).toThrow(/weightsU16/);
  });
  it('epoch with all defaults: 1 validator, 1 miner gets all incentive', () => {
    const out = callPackFunction(yumaSubtensor, 'yuma.epoch', {
      stake: [5, 0],
      weightsU16: [
        [null, 65535],
        [null, null],
      ],
      bondsU16: [
        [0, 0],
        [0, 0],
      ],
      validatorPermit: [true, false],
      active: [true, true],
    }) as { incentive: number[]; dividends: number[]; minerEmission: number[] };
    expect(out.incentive).toEqual([0, 1]);
    expect(out.dividends).toEqual([1, 0]);
    expect(out.minerEmission).toEqual([0, 0.5]);
  });
});
