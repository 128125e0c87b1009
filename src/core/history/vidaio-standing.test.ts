/**
 * Standing from history must equal the pack functions on that history (the app shows these numbers next to the
 * pack's name). Checked against the vectors' own worked trajectories where they exist.
 */
import { describe, expect, it } from 'vitest';
import { getPack } from '../rules/index.ts';
import { vidaioSubnet } from '../rules/vidaio/vidaio-subnet-fea3779.ts';
import { callPackFunction } from '../rules/call.ts';
import { vidaioStanding } from './vidaio-standing.ts';

const fea = vidaioSubnet;
const seed = getPack('vidaio-seed', 'vidaio')!;
const next = getPack('validator-vidaio@b71f22d', 'vidaio')!;

describe('vidaio standing from history (tolerance 1e-12)', () => {
  it('fea3779 upscaling: five bonus-level results reproduce the vidaio.md row 47 trajectory', () => {
    const rows = Array.from({ length: 5 }, () => ({ sF: 0.35, sQ: 0.9 }));
    const s = vidaioStanding(fea, 'upscaling', rows);
    const want = [
      [1.0, 0.0875],
      [1.03, 0.15575],
      [1.045, 0.20825],
      [1.06, 0.2489375],
      [1.075, 0.280765625],
    ];
    s.trajectory.forEach((t, i) => {
      expect(t.multiplier).toBeCloseTo(want[i]![0]!, 12);
      expect(t.accumulateScore).toBeCloseTo(want[i]![1]!, 12);
    });
    expect(s.multiplier?.bonusCount).toBe(5);
    expect(s.multiplier?.total).toBeCloseTo(1.075, 12);
  });

  it('fea3779 compression: C ≥ 1 feeds −10 and zeroes the score; the window is the last 10 rows', () => {
    const rows = [...Array.from({ length: 12 }, () => ({ score: 0.8, compressionRate: 0.05 })), { score: 0, compressionRate: 1 }];
    const s = vidaioStanding(fea, 'compression', rows);
    expect(s.accumulateScore).toBe(0);
    const m = callPackFunction(fea, 'multiplier.compression', { history: rows.slice(-10).map((r) => ({ score: r.score })) }) as { total: number };
    expect(s.multiplier?.total).toBe(m.total);
    expect(s.multiplier?.bonusCount).toBe(9);
  });

  it('what-if appends one hypothetical result without changing the stored rows', () => {
    const rows = [{ sF: 0.1, sQ: 0.6 }];
    const s = vidaioStanding(fea, 'upscaling', rows, { sF: 0.4, sQ: 0.95 });
    expect(s.runs).toBe(2);
    expect(rows).toHaveLength(1);
    expect(s.multiplier?.bonusCount).toBe(1);
  });

  it('validator-vidaio has no multipliers: an EWMA with decay 0.75', () => {
    const s = vidaioStanding(next, 'upscaling', [
      { sF: 0.4, sQ: 1 },
      { sF: 0.2, sQ: 1 },
    ]);
    expect(s.multiplier).toBeNull();
    expect(s.accumulateScore).toBeCloseTo(0.75 * 0.1 + 0.25 * 0.2, 12);
  });

  it('the seed has multipliers with its own thresholds and no running score', () => {
    const s = vidaioStanding(seed, 'compression', [
      { score: 0.8, vmaf: 95, vmafThreshold: 89 },
      { score: 0.3, vmaf: 90, vmafThreshold: 89 },
    ]);
    expect(s.multiplier?.bonusCount).toBe(1);
    expect(s.multiplier?.penaltyFCount).toBe(1);
    expect(s.accumulateScore).toBeNull();
  });
});
