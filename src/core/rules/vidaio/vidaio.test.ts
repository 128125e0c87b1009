/**
 * Vidaio rule packs: every case of the three vector files (tolerances as the files state, 1e-12 here), pack
 * metadata against the files, and seeded property tests (mulberry32, src/core/math/rng.ts; fast-check is not a dependency):
 * S_F monotone in S_Q, where the fea3779 compression score is and is not continuous (with the size of each jump),
 * and multiplier bounds for random histories of 0–10 rows.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runVectorFile, type VectorFile } from '../vectors.ts';
import { callByName, callPackFunction } from '../call.ts';
import type { RulePack } from '../types.ts';
import { vidaioSeed } from './vidaio-seed.ts';
import { vidaioSubnet } from './vidaio-subnet-fea3779.ts';
import { validatorVidaio } from './validator-vidaio-b71f22d.ts';
import { sharedReference } from '../../../../test-support/index.ts';
import { mulberry32 } from '../../math/rng.ts';

const vectorsDir = sharedReference('vectors/');
const load = (name: string): VectorFile => JSON.parse(readFileSync(vectorsDir + name, 'utf8'));

const files: [RulePack, string, number][] = [
  [vidaioSeed, 'vidaio-seed.json', 50],
  [vidaioSubnet, 'vidaio-subnet@fea3779.json', 78],
  [validatorVidaio, 'validator-vidaio@b71f22d.json', 45],
];

describe('Vidaio vector files (tolerance per case, 1e-12 rel/abs)', () => {
  for (const [pack, name, count] of files) {
    it(`${pack.id}: all ${count} cases of ${name} pass`, () => {
      const file = load(name);
      expect(file.pack).toBe(pack.id);
      expect(pack.sourceLine).toBe(file.source);
      expect(file.cases.length).toBe(count);
      const results = runVectorFile([pack], file, name);
      const failed = results.filter((r) => !r.passed);
      expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
    });
  }

  it('metadata: mechanism vidaio, dated, notes present', () => {
    const packs = files.map((f) => f[0]);
    expect(packs.filter((p) => p.inForce.from === null).map((p) => p.id)).toEqual(['vidaio-seed']);
    for (const p of packs) {
      expect(p.mechanism).toBe('vidaio');
      expect(p.notes.length).toBeGreaterThan(3);
    }
    expect(vidaioSeed.notes.filter((n) => n.kind === 'contradiction').length).toBeGreaterThanOrEqual(6);
  });

  it('schemas reject unknown keys and wrong types', () => {
    expect(() => callByName(vidaioSubnet, 'compression.score', { compressionRate: 0.1, vmaf: 90, vmafThreshold: 89, extra: 1 })).toThrow(/unknown key/);
    expect(() => callByName(vidaioSeed, 'upscaling.combine', { sQ: '0.5', contentLengthS: 10 })).toThrow(/expected a number/);
    expect(() => callPackFunction(validatorVidaio, 'weights.trackShares', { miners: [], topN: 1.5, minimumPayoutScore: 0.05 })).toThrow(/integer/);
  });

  it('warnings explain NaN results', () => {
    const r = callPackFunction(vidaioSeed, 'compression.score', { compressionRate: 0.2, vmaf: 100, vmafThreshold: 100 }) as {
      score: number;
      warnings?: string[];
    };
    expect(r.score).toBeNaN();
    expect(r.warnings?.[0]).toMatch(/score is NaN/);
    const w = callPackFunction(vidaioSeed, 'weights.allocate', {
      poolTao: 1,
      compression: [{ uid: 1, accumulateScore: 0, multiplier: 1 }],
      upscaling: [],
    }) as { warnings?: string[] };
    expect(w.warnings?.[0]).toMatch(/0\/0/);
  });
});

const call = (pack: RulePack, f: string, input: unknown) => callPackFunction(pack, f, input) as Record<string, any>;

describe('property: upscaling S_F is monotone non-decreasing in S_Q (500 seeded pairs per pack)', () => {
  const rnd = mulberry32(85);
  const lengths = [0, 5, 10, 320, 600];
  it('seed and fea3779 upscaling.combine', () => {
    for (const pack of [vidaioSeed, vidaioSubnet]) {
      for (let i = 0; i < 500; i++) {
        const a = rnd();
        const b = rnd();
        const L = i % 2 ? lengths[i % lengths.length]! : rnd() * 400;
        const lo = call(pack, 'upscaling.combine', { sQ: Math.min(a, b), contentLengthS: L }).sF;
        const hi = call(pack, 'upscaling.combine', { sQ: Math.max(a, b), contentLengthS: L }).sF;
        expect(hi, `${pack.id} L=${L} sQ ${a} ${b}`).toBeGreaterThanOrEqual(lo);
      }
    }
  });
  it('fea3779 and validator-vidaio upscaling.score: S_Q non-increasing in PIE-APP, so S_F too', () => {
    for (let i = 0; i < 500; i++) {
      const p = [rnd() * 2, rnd() * 2].sort((x, y) => x - y);
      const L = i % 2 ? 5 : 10;
      const better = call(vidaioSubnet, 'upscaling.score', { vmaf: 90, pieapp: p[0], contentLengthS: L });
      const worse = call(vidaioSubnet, 'upscaling.score', { vmaf: 90, pieapp: p[1], contentLengthS: L });
      expect(better.sQ).toBeGreaterThanOrEqual(worse.sQ);
      expect(better.sF).toBeGreaterThanOrEqual(worse.sF);
      const nb = call(validatorVidaio, 'upscaling.score', { pieapp: p[0]! * 2 - 0.5, contentLengthS: L * 40 });
      const nw = call(validatorVidaio, 'upscaling.score', { pieapp: p[1]! * 2 - 0.5, contentLengthS: L * 40 });
      expect(nb.sF).toBeGreaterThanOrEqual(nw.sF);
      expect(nb.sF).toBeLessThanOrEqual(1);
      expect(nw.sF).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('property: fea3779 compression score continuity (seeded, 300 draws each)', () => {
  const rnd = mulberry32(3779);
  const thresholds = [85, 89, 93];
  const score = (c: number, v: number, t: number) => call(vidaioSubnet, 'compression.score', { compressionRate: c, vmaf: v, vmafThreshold: t });
  const eps = 1e-9;

  it('continuous at the hard cutoff thr − 5: 0 below, 0 at it, → 0 just above', () => {
    for (let i = 0; i < 300; i++) {
      const t = thresholds[i % 3]!;
      const c = 0.001 + rnd() * 0.79;
      expect(score(c, t - 5 - eps, t).score).toBe(0);
      expect(score(c, t - 5, t).score).toBe(0);
      expect(score(c, t - 5 + 1e-6, t).score).toBeLessThan(1e-9);
    }
  });

  it('continuous in the rate at R = 20 (C = 0.05) in both the soft zone and above the threshold (|Δ| < 1e-8)', () => {
    for (let i = 0; i < 300; i++) {
      const t = thresholds[i % 3]!;
      const soft = t - 5 + rnd() * 4.999;
      const above = t + rnd() * (100 - t);
      for (const v of [soft, above]) {
        const a = score(0.05 * (1 - eps), v, t).score;
        const b = score(0.05 * (1 + eps), v, t).score;
        expect(Math.abs(a - b)).toBeLessThan(1e-8);
      }
    }
  });

  it('continuous in VMAF inside the soft zone and above the threshold (|Δ| < 1e-6 for a 1e-6 step), non-decreasing', () => {
    for (let i = 0; i < 300; i++) {
      const t = thresholds[i % 3]!;
      const c = 0.001 + rnd() * 0.79;
      for (const v of [t - 5 + 1e-3 + rnd() * 4.99, t + rnd() * (100 - t - 1e-5)]) {
        const a = score(c, v, t).score;
        const b = score(c, v + 1e-6, t).score;
        expect(b).toBeGreaterThanOrEqual(a);
        expect(b - a).toBeLessThan(1e-6);
      }
    }
  });

  /**
   * At VMAF = thr the code switches from the soft zone to the above-threshold branch. The size of that jump comes
   * from vectors/vidaio-subnet@fea3779.threshold.json (scripts/vectors/make-vidaio-vectors.py, a Python statement of
   * scoring_function.py): positive for R ≤ 20, negative for 20·e^1.5 ≈ 89.6 < R < 20·e^3 ≈ 401.7 (the soft zone just
   * below the threshold pays more than the threshold itself) and 0 beyond, where both sides are capped at 1.
   */
  it('jumps at VMAF = thr by the size the Python statement gives (positive, negative and zero ranges)', () => {
    const jumps = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../../../vectors/vidaio-subnet@fea3779.threshold.json', import.meta.url)), 'utf8'),
    ) as VectorFile;
    const at = jumps.cases.filter((c) => (c.title ?? '').includes('VMAF at'));
    expect(at.length).toBe(30);
    const signs = new Set<string>();
    for (const a of at) {
      const b = jumps.cases.find((c) => c.title === (a.title ?? '').replace('VMAF at', 'VMAF 1e-9 below'))!;
      const x = a.inputs as { compressionRate: number; vmafThreshold: number };
      const expected = (a.expected as { score: number }).score - (b.expected as { score: number }).score;
      const ours = score(x.compressionRate, x.vmafThreshold, x.vmafThreshold).score - score(x.compressionRate, x.vmafThreshold - 1e-9, x.vmafThreshold).score;
      expect(Math.abs(ours - expected), a.title).toBeLessThan(1e-8);
      const r = 1 / x.compressionRate;
      signs.add(r <= 20 ? 'positive' : r > 89.7 && r < 401.6 ? 'negative' : r > 402 ? 'zero' : 'between');
      if (r <= 20) expect(expected, a.title).toBeGreaterThan(0.1865);
      if (r > 89.7 && r < 401.6) expect(expected, a.title).toBeLessThan(0);
      if (r > 402) expect(expected, a.title).toBe(0);
    }
    expect([...signs].sort()).toEqual(['between', 'negative', 'positive', 'zero']);
    // Pinned sizes.
    expect(score(0.25, 89, 89).score - score(0.25, 89 - 1e-9, 89).score).toBeCloseTo(0.2594, 4);
    expect(score(0.01, 89, 89).score - score(0.01, 89 - 1e-9, 89).score).toBeCloseTo(-0.0137, 4);
    expect(score(0.005, 89, 89).score - score(0.005, 89 - 1e-9, 89).score).toBeCloseTo(-0.0436, 4);
    expect(score(0.05, 89, 89).score - score(0.05, 89 - 1e-9, 89).score).toBeCloseTo(0.1875, 6);
    expect(score(0.001, 89, 89).score - score(0.001, 89 - 1e-9, 89).score).toBe(0);
  });

  it('jumps to 0 at C = 0.80 (above the threshold by 0.3·qc/1.12, 0.1875…0.268)', () => {
    for (let i = 0; i < 300; i++) {
      const t = thresholds[i % 3]!;
      const v = t + rnd() * (100 - t);
      const qc = 0.7 + 0.3 * Math.min(1, (v - t) / (100 - t));
      const justBelow = score(0.8 - 1e-12, v, t).score;
      expect(Math.abs(justBelow - (0.3 * qc) / 1.12)).toBeLessThan(1e-3);
      expect(score(0.8, v, t).score).toBe(0);
    }
  });
});

describe('property: multipliers stay within their bounds for random 0–10 row histories (1000 each)', () => {
  const rnd = mulberry32(10);
  const draw = () => {
    const u = rnd();
    return u < 0.05 ? -100 : u < 0.08 ? NaN : rnd() * 1.2;
  };
  const inRange = (x: number, lo: number, hi: number, msg: string) => {
    expect(x, msg).toBeGreaterThanOrEqual(lo - 1e-12);
    expect(x, msg).toBeLessThanOrEqual(hi + 1e-12);
  };

  it('fea3779: upscaling 0.6…1.15, compression 0.8…1.15; updated only for non-empty windows', () => {
    for (let i = 0; i < 1000; i++) {
      const n = Math.floor(rnd() * 11);
      const up = Array.from({ length: n }, () => ({ sF: draw(), sQ: rnd() }));
      const co = Array.from({ length: n }, () => ({ score: draw() }));
      const mu = call(vidaioSubnet, 'multiplier.upscaling', { history: up });
      const mc = call(vidaioSubnet, 'multiplier.compression', { history: co });
      expect(mu.updated).toBe(n > 0);
      if (n === 0) continue;
      inRange(mu.total, 0.6, 1.15, JSON.stringify(up));
      inRange(mc.total, 0.8, 1.15, JSON.stringify(co));
      inRange(mu.bonus, 1, 1.15, 'bonus');
      inRange(mu.penaltyF, 0.8, 1, 'penaltyF');
      inRange(mu.penaltyQ, 0.75, 1, 'penaltyQ');
    }
  });

  it('seed: upscaling and compression both 0.6…1.15 (bonus × penalty_f × penalty_q)', () => {
    for (let i = 0; i < 1000; i++) {
      const n = Math.floor(rnd() * 11);
      const up = Array.from({ length: n }, () => ({ sF: draw(), sQ: rnd() }));
      const co = Array.from({ length: n }, () => ({ score: draw(), vmaf: 80 + rnd() * 20, vmafThreshold: [85, 89, 93][i % 3] }));
      const mu = call(vidaioSeed, 'multiplier.upscaling', { history: up });
      const mc = call(vidaioSeed, 'multiplier.compression', { history: co });
      inRange(mu.total, 0.6, 1.15, JSON.stringify(up));
      inRange(mc.total, 0.6, 1.15, JSON.stringify(co));
      if (n === 0) expect([mu.total, mc.total]).toEqual([1, 1]);
    }
  });

  it('fea3779 accumulate: applied multipliers within bounds and accumulate_score never negative', () => {
    for (let i = 0; i < 200; i++) {
      const results = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => ({ score: draw(), compressionRate: rnd() * 1.1 }));
      const history = Array.from({ length: Math.floor(rnd() * 11) }, () => ({ score: draw() }));
      const r = call(vidaioSubnet, 'accumulate.compression', { results, accumulateScore: rnd(), history, newMiner: rnd() < 0.3 });
      for (const step of r.trajectory) {
        inRange(step.multiplier, 0.8, 1.15, 'multiplier');
        expect(step.accumulateScore).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
