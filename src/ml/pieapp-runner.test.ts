/**
 * The ONNX graph on onnxruntime-web (wasm backend, in Node) against the CPU twin, with full-architecture synthetic
 * weights (generated once for this file, ≈ 273 MB, never written to disk), plus batching, progress, abort and the
 * quick-estimate statistics of the runner. Speed is measured by the benchmark (scripts/bench/pieapp.ts), not here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticPieappWeights, type PieappWeights } from '../core/pieapp/weights.ts';
import { buildPieappOnnx } from '../core/pieapp/onnx.ts';
import { pieappCpu, toNetworkImage, type Image8, type NetworkImage } from '../core/pieapp/patches.ts';
import { rgbTestImage } from '../core/lpips/test-images.ts';
import { createSession, type ModelSession } from './session.ts';
import {
  batchSizeFor,
  cpuPatchScorer,
  type PatchScorer,
  onnxPatchScorer,
  ratesPlateaued,
  ratioEstimate,
  samplePatchIndices,
  scorePieapp,
} from './pieapp-runner.ts';

/** A 96×96 test pair: smooth colour waves, and a copy with blocky brightness steps and a blurred band. */
function testPair(size = 96): { ref: NetworkImage; dist: NetworkImage } {
  const ref = rgbTestImage(size, size, (x, y, c) => Math.round(127 + 100 * Math.sin(x / (4 + c) + y / 9) * Math.cos(y / (6 + 2 * c))));
  const dist = rgbTestImage(size, size, (x, y, _c, i) => {
    const step = (((x >> 3) + (y >> 3)) % 3) * 25 - 25;
    const blurred = x > 0 && x < size - 1 ? Math.round((ref[i - 3]! + ref[i]! + ref[i + 3]!) / 3) : ref[i]!;
    return Math.min(255, Math.max(0, (y > 40 && y < 70 ? blurred : ref[i]!) + step));
  });
  const img = (data: Uint8Array): Image8 => ({ width: size, height: size, channels: 3, data });
  return { ref: toNetworkImage(img(ref)), dist: toNetworkImage(img(dist)) };
}

describe('PieAPP on onnxruntime-web (wasm) vs the CPU twin', () => {
  let weights: PieappWeights;
  let session: ModelSession;
  const pair = testPair();

  beforeAll(async () => {
    weights = syntheticPieappWeights(20240611);
    const model = buildPieappOnnx(weights);
    session = await createSession(model);
  }, 120_000);

  it('falls back to the wasm EP in Node and records why webgpu was skipped', () => {
    expect(session.ep).toBe('wasm');
    expect(session.skipped.map((s) => s.ep)).toEqual(['webgpu']);
    expect([...session.inputNames]).toEqual(['ref', 'dist']);
    expect([...session.outputNames]).toEqual(['score', 'weight']);
  });

  it('final score of a 96×96 pair (4 patches) agrees within 1e-4 relative; per-patch scores and weights too', async () => {
    let t = performance.now();
    const twin = pieappCpu(weights, pair.ref, pair.dist);
    const twinS = (performance.now() - t) / 1000;
    const progress: number[] = [];
    t = performance.now();
    const ort = await scorePieapp(onnxPatchScorer(session), pair.ref, pair.dist, { batchSize: 3, onProgress: (d) => progress.push(d) });
    const ortS = (performance.now() - t) / 1000;
    expect(progress).toEqual([3, 4]);
    expect(ort.patchesTotal).toBe(4);
    expect(ort.positions).toEqual(twin.positions);
    const rel = Math.abs(ort.value - twin.value) / Math.abs(twin.value);
    console.log(`PieAPP twin ${twin.value} (${twinS.toFixed(2)} s), ORT wasm ${ort.value} (${ortS.toFixed(2)} s), relative error ${rel.toExponential(2)}`);
    expect(Math.abs(twin.value)).toBeGreaterThan(1e-3); // a meaningful, non-degenerate value
    expect(rel).toBeLessThanOrEqual(1e-4);
    for (let i = 0; i < 4; i++) {
      expect(Math.abs(ort.weight[i]! - twin.weight[i]!) / Math.abs(twin.weight[i]!)).toBeLessThan(1e-4);
      expect(Math.abs(ort.score[i]! - twin.score[i]!)).toBeLessThan(1e-4 * Math.max(...Array.from(twin.score, Math.abs)));
    }
  });

  it('identical images give the zero-difference value on both engines', async () => {
    const ort = await scorePieapp(onnxPatchScorer(session), pair.ref, pair.ref);
    const twin = await scorePieapp(cpuPatchScorer(weights), pair.ref, pair.ref, { patches: 1 });
    // Zero difference: score = w_sub·(0.01·(b2 + w2·relu(b1))) + b_sub for every patch.
    const b1 = weights.get('fc1_score.bias')!.data;
    const w2 = weights.get('fc2_score.weight')!.data;
    let s = weights.get('fc2_score.bias')!.data[0]!;
    for (let j = 0; j < 512; j++) s += w2[j]! * Math.max(0, b1[j]!);
    const expected = weights.get('ref_score_subtract.weight')!.data[0]! * 0.01 * s + weights.get('ref_score_subtract.bias')!.data[0]!;
    expect(twin.value).toBeCloseTo(expected, 12);
    expect(Math.abs(ort.value - expected)).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected)));
  });

  it('quick estimate: seeded subset, ratio-estimator interval, and abort between batches', async () => {
    const big = testPair(64 + 27 * 3); // 16 patches
    const a = await scorePieapp(onnxPatchScorer(session), big.ref, big.dist, { patches: 6, seed: 3 });
    const b = await scorePieapp(onnxPatchScorer(session), big.ref, big.dist, { patches: 6, seed: 3 });
    const full = await scorePieapp(onnxPatchScorer(session), big.ref, big.dist);
    expect(a.method).toBe('ratio-estimator');
    expect(a.positions).toEqual(b.positions);
    expect(a.value).toBe(b.value);
    expect(a.ci95[0]).toBeLessThan(a.value);
    expect(a.ci95[1]).toBeGreaterThan(a.value);
    expect(full.method).toBe('exact');
    expect(full.ci95).toEqual([full.value, full.value]);
    // The subset's patch scores are the full run's scores at the same positions.
    const index = new Map(full.positions.map((p, i) => [`${p.x},${p.y}`, i]));
    a.positions.forEach((p, i) => expect(a.score[i]).toBeCloseTo(full.score[index.get(`${p.x},${p.y}`)!]!, 6));
    // A patch's outputs do not depend on the batch it ran in (the pool's batch sizing relies on it).
    for (const batchSize of [1, 3, 5, 8, 16]) {
      const r = await scorePieapp(onnxPatchScorer(session), big.ref, big.dist, { batchSize });
      expect(Array.from(r.score)).toEqual(Array.from(full.score));
      expect(Array.from(r.weight)).toEqual(Array.from(full.weight));
    }
    // Two scorers and 6 sampled patches: batches of 3, one per scorer.
    const calls: number[] = [];
    const counting = (): PatchScorer => ({
      engine: 'onnx-wasm',
      score: (r, d, count, signal) => (calls.push(count), onnxPatchScorer(session).score(r, d, count, signal)),
    });
    const pooled = await scorePieapp([counting(), counting()], big.ref, big.dist, { patches: 6, seed: 3 });
    expect(calls).toEqual([3, 3]);
    expect(pooled.batchesPerScorer).toEqual([1, 1]);
    expect(pooled.value).toBe(a.value);
    const ctl = new AbortController();
    const run = scorePieapp(onnxPatchScorer(session), big.ref, big.dist, {
      batchSize: 4,
      onProgress: (d) => {
        if (d >= 4) ctl.abort();
      },
      signal: ctl.signal,
    });
    await expect(run).rejects.toThrow(/aborted/);
  });
});

describe('a pool of scorers', () => {
  const big = testPair(64 + 27 * 3); // 16 patches
  // A stand-in scorer: each patch's score and weight are functions of its pixels, so a batch scored by any scorer
  // gives the same numbers; `delayMs` makes it slow, `failAt` makes its n-th batch fail.
  const fake = (name: string, delayMs: number, failAt = Infinity): PatchScorer & { batches: number[] } => {
    const batches: number[] = [];
    return {
      engine: name,
      batches,
      async score(ref, dist, count) {
        batches.push(count);
        await new Promise((r) => setTimeout(r, delayMs));
        if (batches.length >= failAt) throw new Error(`${name} crashed`);
        const sc = new Float32Array(count);
        const w = new Float32Array(count);
        const v = ref.length / count;
        for (let i = 0; i < count; i++) {
          sc[i] = dist[i * v + 100]! - ref[i * v + 7]!;
          w[i] = 1 + (ref[i * v + 2000]! % 7);
        }
        return { score: sc, weight: w };
      },
    };
  };

  it('splits the batches between the scorers (a slower one takes fewer) and gives the single scorer’s numbers exactly', async () => {
    const one = await scorePieapp(fake('solo', 0), big.ref, big.dist, { batchSize: 2 });
    const fast = fake('fast', 1);
    const slow = fake('slow', 25);
    const progress: number[] = [];
    const two = await scorePieapp([fast, slow], big.ref, big.dist, { batchSize: 2, onProgress: (d) => progress.push(d) });
    expect(two.batchesPerScorer).toEqual([fast.batches.length, slow.batches.length]);
    expect(fast.batches.length + slow.batches.length).toBe(8);
    expect(fast.batches.length).toBeGreaterThan(slow.batches.length);
    expect(slow.batches.length).toBeGreaterThanOrEqual(1);
    expect(Array.from(two.score)).toEqual(Array.from(one.score));
    expect(Array.from(two.weight)).toEqual(Array.from(one.weight));
    expect(two.value).toBe(one.value);
    expect(two.engine).toBe('fast ×2');
    expect(progress).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    // A quick estimate on a pool: the same sample, value and interval.
    const q1 = await scorePieapp(fake('solo', 0), big.ref, big.dist, { patches: 7, seed: 5, batchSize: 3 });
    const q2 = await scorePieapp([fake('a', 2), fake('b', 3), fake('c', 1)], big.ref, big.dist, { patches: 7, seed: 5, batchSize: 3 });
    expect(q2.positions).toEqual(q1.positions);
    expect(q2.value).toBe(q1.value);
    expect(q2.ci95).toEqual(q1.ci95);
  });

  it('the first failure stops the pool and is the error; an empty pool is refused', async () => {
    const ok = fake('ok', 5);
    const bad = fake('bad', 5, 2);
    await expect(scorePieapp([ok, bad], big.ref, big.dist, { batchSize: 1 })).rejects.toThrow('bad crashed');
    // `ok` finished the batch it had and took no more than one after the failure.
    expect(ok.batches.length).toBeLessThanOrEqual(3);
    await expect(scorePieapp([], big.ref, big.dist)).rejects.toThrow(/at least one patch scorer/);
  });
});

describe('runner helpers', () => {
  it('batch size under the 256 MiB budget is 26 patch pairs', () => {
    expect(batchSizeFor()).toBe(26);
    expect(batchSizeFor(1)).toBe(1);
  });

  it('warm-up plateau: the last 3 pass rates within 5 % of their fastest', () => {
    // Chromium passes of a fresh worker under load (pairs/s): two flat baseline-tier passes, then the tier-up jump.
    const seen = [6.78, 7.2, 7.23, 6.32, 6.18, 8.54, 14.07, 13.62, 13.9];
    const stop = seen.findIndex((_, i) => ratesPlateaued(seen.slice(0, i + 1)));
    expect(stop).toBe(8); // not at 7.20, 7.23 (two flat passes) nor at 14.07, 13.62: 13.62 ≥ 0.95 · 14.07 with 8.54 before
    expect(ratesPlateaued([])).toBe(false);
    expect(ratesPlateaued([10, 10])).toBe(false); // fewer passes than the window
    expect(ratesPlateaued([10, 10], 2)).toBe(true);
    expect(ratesPlateaued([9.5, 10, 9.6])).toBe(true); // 9.5 = 0.95 · 10, the bound itself
    expect(ratesPlateaued([9.49, 10, 9.6])).toBe(false);
    expect(ratesPlateaued([4.5, 8.9, 14.1, 14.3, 14.2])).toBe(true);
    expect(ratesPlateaued([4.5, 8.9, 14.1, 14.3, 14.2], 3, 0.001)).toBe(false);
  });

  it('samples distinct sorted indices, deterministic per seed', () => {
    const s = samplePatchIndices(100, 10, 42);
    expect(s).toEqual(samplePatchIndices(100, 10, 42));
    expect(new Set(s).size).toBe(10);
    expect([...s].sort((x, y) => x - y)).toEqual(s);
    expect(samplePatchIndices(5, 10, 1)).toEqual([0, 1, 2, 3, 4]);
    expect(samplePatchIndices(100, 10, 43)).not.toEqual(s);
  });

  it('ratio estimator: hand-computed value and interval', () => {
    // s = [1, 2, 3], w = [1, 1, 2] from n = 10: R = (1 + 2 + 6)/4 = 2.25; residuals w·s − R·w = [−1.25, −0.25, 1.5];
    // Σ² = 1.5625 + 0.0625 + 2.25 = 3.875; V = (1 − 0.3)/(3 · (4/3)²) · 3.875/2 = 0.13125 · 1.9375 = 0.254296875;
    // half width = 1.96 · √V = 1.96 · 0.5042786 = 0.988386.
    const r = ratioEstimate([1, 2, 3], [1, 1, 2], 10);
    expect(r.value).toBeCloseTo(2.25, 12);
    expect(r.ci95[1] - r.value).toBeCloseTo(1.96 * Math.sqrt((0.7 / (3 * (16 / 9))) * (3.875 / 2)), 12);
    expect(r.ci95[1] - r.value).toBeCloseTo(0.988386, 5);
    expect(ratioEstimate([1, 2], [1, 1], 2).ci95).toEqual([1.5, 1.5]);
  });
});
