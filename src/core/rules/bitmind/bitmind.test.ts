/**
 * BitMind rule packs: every case of the three vector files (bitmind-seed, bitmind-v3.3.1, bitmind-gas) must pass
 * with the tolerances the files state, plus property tests on the shared math (MCC range and symmetry, IoU range,
 * sn34 range and monotonicity in Brier) over seeded pseudo-random inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runVectorFile, type VectorFile } from '../vectors.ts';
import { callByName, callPackFunction } from '../call.ts';
import { bitmindSeed } from './bitmind-seed.ts';
import { bitmindV331 } from './bitmind-v3-3-1.ts';
import { bitmindGas } from './bitmind-gas.ts';
import { literalMcc, sklearnMcc, weightedBinaryMcc } from './mcc.ts';
import { literalIou, resizeBilinearU8, v331Iou } from './iou.ts';
import { sn34FromMetrics } from './sn34.ts';
import { normalizeMaxWeight } from './weights.ts';
import { sharedReference } from '../../../../test-support/index.ts';
import { mulberry32 } from '../../math/rng.ts';

const packs = [bitmindSeed, bitmindV331, bitmindGas];

function load(name: string): VectorFile {
  return JSON.parse(readFileSync(sharedReference('vectors', name), 'utf8')) as VectorFile;
}

describe.each([
  ['bitmind-seed.json', bitmindSeed, 31],
  ['bitmind-v3.3.1.json', bitmindV331, 65],
  ['bitmind-gas.json', bitmindGas, 19],
])('vectors %s (tolerances per case, 1e-12 default, 1e-6 rel for v3.3.1 float32 scores)', (file, pack, count) => {
  const json = load(file);
  it('names this pack and its source', () => {
    expect(json.pack).toBe(pack.id);
    expect(json.source).toBe(pack.sourceLine);
    expect(json.cases.length).toBe(count);
  });
  it('passes every case', () => {
    const results = runVectorFile(packs, json, file);
    const failed = results.filter((r) => !r.passed);
    expect(failed.map((r) => `${r.id}: ${JSON.stringify(r.mismatches)}`).join('\n')).toBe('');
    expect(results.length).toBe(count);
  });
});

/** Runs `check` on `count` cases drawn from mulberry32(seed), so a failing case reproduces: `r()` in [0, 1), `int(n)` a whole number in [0, n). */
function forRandomCases(seed: number, count: number, check: (draw: { r: () => number; int: (n: number) => number }) => void): void {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  for (let k = 0; k < count; k++) check({ r, int });
}

describe('MCC properties (300 random cases each)', () => {
  it('sklearn MCC lies in [-1, 1] and is symmetric under swapping labels and predictions (1e-12)', () => {
    forRandomCases(1, 300, ({ int }) => {
      const n = 1 + int(40);
      const classes = 2 + int(2);
      const y = Array.from({ length: n }, () => int(classes));
      const p = Array.from({ length: n }, () => int(classes));
      const m = sklearnMcc(y, p);
      expect(m).toBeGreaterThanOrEqual(-1 - 1e-12);
      expect(m).toBeLessThanOrEqual(1 + 1e-12);
      expect(Math.abs(sklearnMcc(p, y) - m)).toBeLessThanOrEqual(1e-12);
      const lit = literalMcc(y, p).mcc;
      if (Number.isNaN(lit)) expect(m).toBe(0);
      else expect(Math.abs(lit - m)).toBeLessThanOrEqual(1e-12);
    });
  });
  it('weighted binary MCC lies in [-1, 1], is symmetric, and equals sklearn for unit weights (1e-12)', () => {
    forRandomCases(2, 300, ({ r, int }) => {
      const n = 1 + int(30);
      const y = Array.from({ length: n }, () => int(2));
      const p = Array.from({ length: n }, () => int(2));
      const w = Array.from({ length: n }, () => r() * 3);
      const m = weightedBinaryMcc(y, p, w);
      expect(Math.abs(m)).toBeLessThanOrEqual(1 + 1e-12);
      expect(Math.abs(weightedBinaryMcc(p, y, w) - m)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(weightedBinaryMcc(y, p) - sklearnMcc(y, p))).toBeLessThanOrEqual(1e-12);
    });
  });
  it('the seed MCC is NaN with a warning on a zero denominator', () => {
    const out = literalMcc([1, 1, 1], [0, 1, 0]);
    expect(out.mcc).toBeNaN();
    expect(out.warnings?.[0]).toMatch(/undefined/);
  });
});

describe('IoU properties (200 random masks)', () => {
  it('seed and v3.3.1 IoU lie in [0, 1] (or NaN for an empty union)', () => {
    forRandomCases(3, 200, ({ r, int }) => {
      const h = 1 + int(6);
      const w = 1 + int(6);
      const gt = Array.from({ length: h }, () => Array.from({ length: w }, () => int(2)));
      const pred = Array.from({ length: h }, () => Array.from({ length: w }, () => Math.round(r() * 1024) / 1024));
      for (const iou of [literalIou(pred, gt).iou, v331Iou(pred, gt).iou]) {
        if (iou === null || Number.isNaN(iou)) {
          expect(gt.flat().every((v) => v === 0)).toBe(true);
          continue;
        }
        expect(iou).toBeGreaterThanOrEqual(0);
        expect(iou).toBeLessThanOrEqual(1);
      }
      // A differently shaped soft mask goes through the resize and still gives [0, 1] or NaN.
      const small = Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => (r() < 0.5 ? 1 : 0.25)));
      small[0]![0] = 0.25; // at least one fractional value, so the validator resizes instead of broadcasting
      const res = v331Iou(small, gt);
      if (h === 2 && w === 3) return;
      expect(res.status).toBe('ok');
      if (!Number.isNaN(res.iou!)) expect(res.iou!).toBeGreaterThanOrEqual(0);
      if (!Number.isNaN(res.iou!)) expect(res.iou!).toBeLessThanOrEqual(1);
    });
  });
  it('OpenCV bilinear resize: identity size is a copy, 2→4 upscale has half-pixel centres', () => {
    expect(
      resizeBilinearU8(
        [
          [0, 200],
          [100, 50],
        ],
        2,
        2,
      ),
    ).toEqual([
      [0, 200],
      [100, 50],
    ]);
    // Row [0, 200] upscaled to 4 columns: weights 0, 0.25, 0.75, 1 → 0, 50, 150, 200.
    expect(resizeBilinearU8([[0, 200]], 1, 4)).toEqual([[0, 50, 150, 200]]);
  });
  it('v3.3.1 IoU broadcasts a (1, W) 0/1 mask and rejects values outside [0, 1]', () => {
    const gt = [
      [1, 0],
      [1, 0],
    ];
    expect(v331Iou([[1, 0]], gt)).toEqual({ status: 'ok', iou: 1 });
    expect(
      v331Iou(
        [
          [1.5, 0],
          [0, 0],
        ],
        gt,
      ).status,
    ).toBe('rejected');
  });
});

describe('sn34 properties', () => {
  it('sn34 lies in [1e-6, 1] and never increases with Brier at fixed MCC (1e-15)', () => {
    forRandomCases(4, 200, ({ r }) => {
      const mcc = r() * 2 - 1;
      const briers = Array.from({ length: 12 }, () => r()).sort((a, b) => a - b);
      let prev = Infinity;
      for (const b of briers) {
        const { sn34 } = sn34FromMetrics(mcc, b);
        expect(sn34).toBeGreaterThanOrEqual(1e-6);
        expect(sn34).toBeLessThanOrEqual(1);
        expect(sn34).toBeLessThanOrEqual(prev + 1e-15);
        prev = sn34;
      }
    });
  });
  it('the pack function keeps sn34 in [1e-6, 1] on random predictions', () => {
    forRandomCases(5, 100, ({ r, int }) => {
      const n = 1 + int(20);
      const labels = Array.from({ length: n }, () => int(2));
      const probabilities = labels.map(() => {
        const len = 1 + int(3);
        const raw = Array.from({ length: len }, () => r());
        if (len === 1) return raw;
        const s = raw.reduce((a, b) => a + b, 0);
        return raw.map((v) => v / s);
      });
      const out = callPackFunction(bitmindGas, 'sn34.score', { labels, probabilities }) as { sn34: number };
      expect(out.sn34).toBeGreaterThanOrEqual(1e-6);
      expect(out.sn34).toBeLessThanOrEqual(1);
    });
  });
});

describe('bittensor normalize_max_weight (float32)', () => {
  it('respects the limit and sums to 1 (1e-5) on random vectors', () => {
    forRandomCases(6, 100, ({ r, int }) => {
      const n = 3 + int(30);
      const x = Array.from({ length: n }, () => r() ** 4);
      const limit = 0.05 + r() * 0.5;
      const y = normalizeMaxWeight(x, limit);
      expect(Math.abs(y.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-5);
      if (n * limit > 1) for (const v of y) expect(v).toBeLessThanOrEqual(limit + 1e-6);
    });
  });
});

describe('schemas reject bad input', () => {
  it('unknown keys, out-of-range labels and mismatched lengths', () => {
    expect(() => callPackFunction(bitmindV331, 'mcc.binary', { labels: [0, 2], predictions: [0, 1] })).toThrow(/labels\[1\]/);
    expect(() => callByName(bitmindGas, 'sn34.score', { labels: [0], probabilities: [[0.5]], extra: 1 })).toThrow(/unknown key/);
    expect(() => callPackFunction(bitmindGas, 'sn34.score', { labels: [0, 1], probabilities: [[0.5]] })).toThrow(/probabilities/);
    expect(() => callPackFunction(bitmindSeed, 'iou.mask', { prediction: [[0.9]], groundTruth: [[1, 0]] })).toThrow(/shape/);
  });
});
