/**
 * The CPU twin on hand-checked cases: a 3×3 convolution with padding and ReLU, the 2×2 max-pool, the two heads with
 * sparse weights whose output is computed by hand, and the whole feature extractor against an independent naive
 * implementation (explicit 4-D indexing and bounds checks) on one patch with seeded conv weights.
 */
import { describe, expect, it } from 'vitest';
import { conv3x3Relu, maxPool2, pieappFeatures, pieappHeads, weightedAverage } from './network.ts';
import { CONV_LAYERS, FEATURE_MS_SIZE, TENSOR_SPECS, elementCount } from './spec.ts';
import { syntheticPieappWeights, type PieappWeights } from './weights.ts';
import { mulberry32 } from '../math/rng.ts';

describe('conv3x3Relu and maxPool2', () => {
  it('3×3 input, all-ones kernel: corner 12, edge 21, centre 45; a second channel and bias/ReLU', () => {
    const input = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, /* channel 2 */ 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    // out 0: ones on channel 1, zero on channel 2, bias 0. out 1: zero on channel 1, centre tap 2 on channel 2, bias −13 + ones on ch1.
    const w = new Float32Array(2 * 2 * 9);
    w.fill(1, 0, 9);
    w.fill(1, 18, 27);
    w[27 + 4] = 2;
    const out = conv3x3Relu(input, 2, 3, w, Float32Array.of(0, -13), 2);
    expect(Array.from(out.subarray(0, 9))).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
    // channel 1: the same sums − 13, plus 2 at the centre, ReLU.
    expect(Array.from(out.subarray(9))).toEqual([0, 8, 3, 14, 34, 20, 11, 26, 15]);
  });

  it('2×2 max-pool, stride 2', () => {
    const x = Float32Array.from([1, 5, 2, 0, 3, 4, -1, 7, 0, 0, 9, 8, -2, 1, 6, 6]);
    expect(Array.from(maxPool2(x, 1, 4))).toEqual([5, 7, 1, 9]);
  });
});

/** Independent feature extractor: plain nested loops with bounds checks, for comparison only. */
function naiveFeatures(weights: PieappWeights, patch: Float32Array): Float64Array {
  let x: number[][][] = [0, 1, 2].map((c) => Array.from({ length: 64 }, (_, y) => Array.from({ length: 64 }, (_, xx) => patch[c * 4096 + y * 64 + xx]!)));
  const taps: number[] = [];
  for (const l of CONV_LAYERS) {
    const w = weights.get(`${l.name}.weight`)!.data;
    const b = weights.get(`${l.name}.bias`)!.data;
    const n = x[0]!.length;
    const y: number[][][] = [];
    for (let o = 0; o < l.outChannels; o++) {
      const plane: number[][] = [];
      for (let r = 0; r < n; r++) {
        const row: number[] = [];
        for (let c = 0; c < n; c++) {
          let s = b[o]!;
          for (let i = 0; i < l.inChannels; i++) {
            const xi = x[i]!;
            for (let ky = 0; ky < 3; ky++) {
              const rr = r + ky - 1;
              if (rr < 0 || rr >= n) continue;
              for (let kx = 0; kx < 3; kx++) {
                const cc = c + kx - 1;
                if (cc < 0 || cc >= n) continue;
                s += w[((o * l.inChannels + i) * 3 + ky) * 3 + kx]! * xi[rr]![cc]!;
              }
            }
          }
          row.push(Math.fround(Math.max(0, s)));
        }
        plane.push(row);
      }
      y.push(plane);
    }
    x = y;
    if (l.poolAfter)
      x = x.map((p) =>
        Array.from({ length: p.length / 2 }, (_, r) =>
          Array.from({ length: p.length / 2 }, (_, c) => Math.max(p[2 * r]![2 * c]!, p[2 * r]![2 * c + 1]!, p[2 * r + 1]![2 * c]!, p[2 * r + 1]![2 * c + 1]!)),
        ),
      );
    if (l.tap) for (const p of x) for (const row of p) taps.push(...row);
  }
  return Float64Array.from(taps);
}

describe('pieappFeatures', () => {
  it('matches an independent naive implementation on one patch (max relative error ≤ 1e-5 of the tap scale)', () => {
    const convNames = new Set(TENSOR_SPECS.filter((t) => t.name.startsWith('conv')).map((t) => t.name));
    const weights = syntheticPieappWeights(99, convNames);
    const rand = mulberry32(5);
    const patch = Float32Array.from({ length: 3 * 64 * 64 }, () => Math.floor(rand() * 256));
    const fast = pieappFeatures(weights, patch);
    const slow = naiveFeatures(weights, patch);
    expect(fast.length).toBe(FEATURE_MS_SIZE);
    expect(slow.length).toBe(FEATURE_MS_SIZE);
    let offset = 0;
    for (const size of [65536, 32768, 16384, 4096, 2048]) {
      let scale = 0;
      let err = 0;
      for (let i = offset; i < offset + size; i++) {
        scale = Math.max(scale, Math.abs(slow[i]!));
        err = Math.max(err, Math.abs(fast[i]! - slow[i]!));
      }
      expect(scale).toBeGreaterThan(0);
      expect(err / scale).toBeLessThanOrEqual(1e-5);
      offset += size;
    }
  });
});

describe('pieappHeads (sparse hand-set weights)', () => {
  // fc1_score: hidden 0 = relu(Δ5 + 0.5), hidden 1 = relu(−Δ5 − 0.25); fc2_score = 2·h0 + 3·h1 + 0.5;
  // score = 2·(0.01·fc2) + 0.125 (float32-exact constants). fc1_weight: g0 = relu(Δx11[0] + 1), fc2_weight = 4·g0 + 1; weight = that + 1e-6.
  const weights: PieappWeights = new Map(
    TENSOR_SPECS.filter((t) => !t.name.startsWith('conv')).map((t) => [t.name, { shape: [...t.shape], data: new Float32Array(elementCount(t.shape)) }]),
  );
  const set = (name: string, index: number, value: number) => {
    weights.get(name)!.data[index] = value;
  };
  set('fc1_score.weight', 5, 1);
  set('fc1_score.weight', FEATURE_MS_SIZE + 5, -1);
  set('fc1_score.bias', 0, 0.5);
  set('fc1_score.bias', 1, -0.25);
  set('fc2_score.weight', 0, 2);
  set('fc2_score.weight', 1, 3);
  set('fc2_score.bias', 0, 0.5);
  set('ref_score_subtract.weight', 0, 2);
  set('ref_score_subtract.bias', 0, 0.125);
  set('fc1_weight.weight', 0, 1);
  set('fc1_weight.bias', 0, 1);
  set('fc2_weight.weight', 0, 4);
  set('fc2_weight.bias', 0, 1);

  const features = (d5: number, dx: number) => {
    const f = new Float32Array(FEATURE_MS_SIZE);
    f[5] = d5;
    f[FEATURE_MS_SIZE - 2048] = dx;
    return f;
  };

  it('identical features give the affine of zero difference: 2·0.01·(2·0.5 + 0.5) + 0.125 = 0.155, weight 5 + 1e-6', () => {
    const f = features(3, 7);
    const r = pieappHeads(weights, [f], [f]);
    expect(r.score[0]).toBeCloseTo(0.155, 12);
    expect(r.weight[0]).toBeCloseTo(5 + 1e-6, 12);
  });

  it('reference minus distorted drives both heads; the weighted average combines patches', () => {
    // Patch A: Δ5 = 1 − (−1) = 2 → h0 = 2.5, h1 = 0 → fc2 = 5.5 → score 0.235; Δx11 = 0.5 → g0 = 1.5 → weight 7.
    // Patch B: Δ5 = −1 → h0 = 0, h1 = 0.75 → fc2 = 2.75 → score 0.18; Δx11 = −3 → g0 = 0 → weight 1.
    const r = pieappHeads(weights, [features(1, 1), features(0, 0)], [features(-1, 0.5), features(1, 3)]);
    expect(r.score[0]).toBeCloseTo(0.235, 12);
    expect(r.score[1]).toBeCloseTo(0.18, 12);
    expect(r.weight[0]).toBeCloseTo(7 + 1e-6, 12);
    expect(r.weight[1]).toBeCloseTo(1 + 1e-6, 12);
    expect(weightedAverage(r.score, r.weight)).toBeCloseTo((7 * 0.235 + 0.18) / 8, 6);
    expect(weightedAverage([1, 3], [1, 3])).toBe(2.5);
  });
});
