/** Two runs compared: VMAF first, differences B − A, and the caveats that make a comparison unfair. */
import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare.ts';
import type { RunRecord } from './records.ts';

const base: RunRecord = {
  id: 'a',
  createdAt: 1,
  profileId: 'default',
  mechanism: 'vidaio',
  task: 'compression',
  packId: 'vidaio-subnet@fea3779',
  engine: 'cpu',
  inputs: [
    { role: 'original', name: 'ref.mp4', sizeBytes: 1000, sha256: 'a'.repeat(64) },
    { role: 'compressed', name: 'c28.mp4', sizeBytes: 100, sha256: 'b'.repeat(64) },
  ],
  metrics: { vmaf: 92 },
  scores: { score: 0.5, zone: 'above-threshold', vmafPooled: 91.5 },
  reasons: [],
};

describe('compareRuns', () => {
  it('puts VMAF first and subtracts A from B', () => {
    const b: RunRecord = {
      ...base,
      id: 'b',
      scores: { score: 0.25, zone: 'soft-zone', vmafPooled: 88 },
      metrics: { vmaf: 88.5 },
      inputs: [base.inputs[0]!, { ...base.inputs[1]!, sizeBytes: 60 }],
    };
    const c = compareRuns(base, b);
    expect(c.rows[0]).toEqual({ key: 'VMAF', a: 91.5, b: 88, delta: -3.5 });
    expect(c.rows.find((r) => r.key === 'score')).toEqual({ key: 'score', a: 0.5, b: 0.25, delta: -0.25 });
    expect(c.rows.find((r) => r.key === 'zone')!.delta).toBeNull();
    expect(c.rows.find((r) => r.key === 'compressed bytes')!.delta).toBe(-40);
    expect(c.caveats).toEqual([]);
  });
  it('names a different pack, engine and reference file', () => {
    const b: RunRecord = {
      ...base,
      id: 'b',
      packId: 'vidaio-seed',
      engine: 'webgpu',
      inputs: [{ ...base.inputs[0]!, name: 'other.mp4', sha256: 'c'.repeat(64) }],
    };
    const c = compareRuns(base, b);
    expect(c.caveats).toHaveLength(3);
    expect(c.caveats[2]).toContain('Different original files (ref.mp4 vs other.mp4)');
    expect(c.rows.find((r) => r.key === 'compressed bytes')).toEqual({ key: 'compressed bytes', a: 100, b: null, delta: null });
  });
});
