/**
 * Zap seed pack: every case of shared/reference/vectors/zap-seed.json (tol 1e-12) and a monotonicity property.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runVectorFile, type VectorFile } from '../vectors.ts';
import { callPackFunction } from '../call.ts';
import { zapSeed } from './zap-seed.ts';
import { sharedReference } from '../../../../test-support/index.ts';

const load = (name: string): VectorFile => JSON.parse(readFileSync(sharedReference('vectors', name), 'utf8'));

describe('zap vectors', () => {
  it('zap-seed.json: all 33 cases pass (tol 1e-12)', () => {
    const results = runVectorFile([zapSeed], load('zap-seed.json'), 'zap-seed.json');
    expect(results.filter((r) => !r.passed).map((f) => `${f.id}: ${JSON.stringify(f.mismatches)}`)).toEqual([]);
    expect(results.length).toBe(33);
  });
});

describe('zap properties', () => {
  it('score is non-decreasing in VMAF (0…100 step 0.5) for fixed other inputs', () => {
    const bases = [
      { ssim: 0.97, jitterMs: 1.2, rttMs: 12, uptime: 0.998, sessionCompletion: 0.995, challengeResponse: 1 },
      { ssim: 0.5, jitterMs: 6, rttMs: 75, uptime: 0.9, sessionCompletion: 0.8, challengeResponse: 0.7 },
      { ssim: 0, jitterMs: 0, rttMs: 150, uptime: 0.1, sessionCompletion: 0, challengeResponse: 0 },
    ];
    for (const base of bases) {
      let prev = -Infinity;
      for (let vmaf = 0; vmaf <= 100; vmaf += 0.5) {
        const { s } = callPackFunction(zapSeed, 'zap.score', { ...base, vmaf }) as { s: number };
        expect(s).toBeGreaterThanOrEqual(prev);
        prev = s;
      }
      expect(prev).toBeGreaterThan(0);
    }
  });
  it('rejects VMAF above 100 and SSIM above 1', () => {
    expect(() => callPackFunction(zapSeed, 'zap.quality', { vmaf: 101, ssim: 0.9, jitterMs: 0 })).toThrow(/vmaf/);
    expect(() => callPackFunction(zapSeed, 'zap.quality', { vmaf: 90, ssim: 1.2, jitterMs: 0 })).toThrow(/ssim/);
  });
});
