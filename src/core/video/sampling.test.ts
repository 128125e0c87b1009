/** Frame plans: ranges, n_subsample, offsets, Vidaio upscaling sampling and the PIE-APP window. */
import { describe, expect, it } from 'vitest';
import { mulberry32, randInt } from '../math/rng.ts';
import { drawPieappWindow, drawVidaioSampling, frameRole, makeFramePlan, scoredFrameCount, scoredPairs } from './sampling.ts';

describe('frame plans', () => {
  it('default plan scores every frame', () => {
    const p = makeFramePlan();
    expect(scoredPairs(p, 5, 5).map((x) => x.dist)).toEqual([0, 1, 2, 3, 4]);
    expect(scoredPairs(p, 5, 3).length).toBe(3);
  });

  it('n_subsample = 3 scores processed indices 0, 3, 6 (libvmaf index % n == 0)', () => {
    const p = makeFramePlan({ subsample: 3 });
    expect(scoredPairs(p, 8, 8).map((x) => x.dist)).toEqual([0, 3, 6]);
    expect(scoredFrameCount(p, 8, 8)).toBe(3);
    expect(frameRole(p, 4)).toEqual({ processed: true, scored: false, processedIndex: 4 });
  });

  it('range + subsample counts from the range start', () => {
    const p = makeFramePlan({ frameRange: { start: 10, count: 7 }, subsample: 3 });
    expect(scoredPairs(p, 100, 100).map((x) => [x.dist, x.processedIndex])).toEqual([
      [10, 0],
      [13, 3],
      [16, 6],
    ]);
    expect(frameRole(p, 17).processed).toBe(false);
  });

  it('offset aligns distorted d with reference d + offset', () => {
    expect(scoredPairs(makeFramePlan({ offset: 2 }), 5, 5).map((x) => [x.dist, x.ref])).toEqual([
      [0, 2],
      [1, 3],
      [2, 4],
    ]);
    expect(scoredPairs(makeFramePlan({ offset: -2 }), 5, 5).map((x) => [x.dist, x.ref])).toEqual([
      [2, 0],
      [3, 1],
      [4, 2],
    ]);
  });

  it('Vidaio select=gt(n,K) drops frames 0..K, K = 0 drops none; then n_subsample', () => {
    expect(scoredPairs(makeFramePlan({ vidaio: { skip: 3, subsample: 20 } }), 60, 60).map((x) => x.dist)).toEqual([4, 24, 44]);
    expect(scoredPairs(makeFramePlan({ vidaio: { skip: 0, subsample: 25 } }), 60, 60).map((x) => x.dist)).toEqual([0, 25, 50]);
    expect(scoredFrameCount(makeFramePlan({ vidaio: { skip: 29, subsample: 29 } }), 150, 150)).toBe(5);
  });

  it('rejects bad values', () => {
    expect(() => makeFramePlan({ subsample: 0 })).toThrow(RangeError);
    expect(() => makeFramePlan({ frameRange: { start: -1 } })).toThrow(RangeError);
    expect(() => makeFramePlan({ offset: 0.5 })).toThrow(RangeError);
  });
});

describe('seeded draws', () => {
  it('mulberry32 is deterministic, uniform-ish and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10000 }, () => a());
    expect(Array.from({ length: 10000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(m - 0.5)).toBeLessThan(0.02);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  it('Vidaio draws K in 0..fps-1 and N in 20..29, covering both ranges', () => {
    const rng = mulberry32(7);
    const ks = new Set<number>();
    const ns = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const s = drawVidaioSampling(rng, 30);
      ks.add(s.skip);
      ns.add(s.subsample);
    }
    expect([...ks].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect([...ns].sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => 20 + i));
    expect(drawVidaioSampling(mulberry32(1), 24)).toEqual(drawVidaioSampling(mulberry32(1), 24));
  });

  it('PIE-APP window: 4 consecutive frames, start in 0..n-4 inclusive; short clips use all frames', () => {
    const rng = mulberry32(3);
    const starts = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const w = drawPieappWindow(rng, 10);
      expect(w.indices).toEqual([w.start, w.start + 1, w.start + 2, w.start + 3]);
      starts.add(w.start);
    }
    expect([...starts].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(drawPieappWindow(rng, 3)).toEqual({ start: 0, count: 3, indices: [0, 1, 2] });
    expect(() => randInt(rng, 2, 2)).toThrow(RangeError);
  });
});
