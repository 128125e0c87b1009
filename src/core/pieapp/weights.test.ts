/** Validation messages and the seeded synthetic generator (on subsets, so no 273 MB allocation here). */
import { describe, expect, it } from 'vitest';
import { TENSOR_SPECS, elementCount } from './spec.ts';
import { syntheticPieappWeights, validatePieappWeights, type WeightTensor } from './weights.ts';
import { mulberry32 } from '../math/rng.ts';

/** A complete state dict whose tensors are views of one shared zero buffer (no 273 MB allocation). */
function fakeDict(): Map<string, WeightTensor> {
  const shared = new Float32Array(512 * 120_832);
  return new Map(TENSOR_SPECS.map((t) => [t.name, { shape: [...t.shape], data: shared.subarray(0, elementCount(t.shape)) }]));
}

describe('validatePieappWeights', () => {
  it('accepts the full set and normalises ref_score_subtract.weight [1, 1] → [1] and a module. prefix', () => {
    const d = fakeDict();
    d.set('ref_score_subtract.weight', { shape: [1, 1], data: Float32Array.of(2) });
    const prefixed = new Map([...d].map(([k, v]) => [`module.${k}`, v]));
    const v = validatePieappWeights(prefixed);
    expect(v.size).toBe(32);
    expect(v.get('ref_score_subtract.weight')!.shape).toEqual([1]);
  });

  it('names the first missing tensor', () => {
    const d = fakeDict();
    d.delete('conv7.bias');
    expect(() => validatePieappWeights(d)).toThrow(/tensor conv7\.bias \[256\] is missing/);
  });

  it('names a tensor with the wrong shape', () => {
    const d = fakeDict();
    d.set('fc1_weight.weight', { shape: [2048, 512], data: new Float32Array(2048 * 512) });
    expect(() => validatePieappWeights(d)).toThrow('tensor fc1_weight.weight has shape [2048, 512], expected [512, 2048]');
  });

  it('rejects unexpected tensors and data of the wrong length', () => {
    const d = fakeDict();
    d.set('conv12.weight', { shape: [1], data: new Float32Array(1) });
    expect(() => validatePieappWeights(d)).toThrow(/unexpected tensor conv12\.weight/);
    const e = fakeDict();
    e.set('conv1.bias', { shape: [64], data: new Float32Array(63) });
    expect(() => validatePieappWeights(e)).toThrow(/conv1\.bias holds 63 values/);
  });
});

describe('syntheticPieappWeights', () => {
  it('is deterministic per seed, and subsets equal the full draw', () => {
    const names = new Set(['conv1.weight', 'conv1.bias', 'fc2_weight.weight', 'fc2_weight.bias', 'ref_score_subtract.weight', 'ref_score_subtract.bias']);
    const a = syntheticPieappWeights(7, names);
    const b = syntheticPieappWeights(7, new Set(['conv1.weight']));
    const c = syntheticPieappWeights(8, names);
    expect(a.size).toBe(6);
    expect(b.get('conv1.weight')!.data).toEqual(a.get('conv1.weight')!.data);
    expect(c.get('conv1.weight')!.data).not.toEqual(a.get('conv1.weight')!.data);
    // He scaling: |w| ≤ √(6/27) for conv1; the variance is near 2/27.
    const w = a.get('conv1.weight')!.data;
    const bound = Math.sqrt(6 / 27);
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(bound);
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(variance).toBeGreaterThan(0.8 * (2 / 27));
    expect(variance).toBeLessThan(1.2 * (2 / 27));
    // Positive weight head output: fc2_weight weights ≥ 0, bias > 0.
    expect(Math.min(...a.get('fc2_weight.weight')!.data)).toBeGreaterThanOrEqual(0);
    expect(a.get('fc2_weight.bias')!.data[0]).toBeGreaterThan(0);
    expect(a.get('ref_score_subtract.weight')!.shape).toEqual([1]);
  });

  it('mulberry32 gives uniform [0, 1) values, the same for the same seed', () => {
    const r = mulberry32(1);
    const xs = Array.from({ length: 10_000 }, () => r());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length - 0.5)).toBeLessThan(0.02);
    expect(mulberry32(1)()).toBe(xs[0]);
  });
});
