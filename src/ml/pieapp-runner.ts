/**
 * Scores a (reference, distorted) image pair with PieAPP in batches of patches, on the ONNX graph of
 * `src/core/pieapp/onnx.ts` through `session.ts` or on the CPU twin, with progress callbacks, AbortSignal and a
 * quick-estimate mode.
 *
 * Memory: a batch of B patch pairs is sized so that its activations fit MEMORY_BUDGET_BYTES = 256 MiB, estimated at
 * 2 · (4 · 64·64·64 + 2 · 120,832) · 4 B ≈ 10.3 MB per pair (two images; conv1/conv2 outputs and their ReLUs at full
 * resolution dominate, plus the feature vectors and their difference), which gives B = 26. The weights (273 MB) are
 * outside this budget. Each image is converted to network input once; each reference patch's features are computed
 * once per run and shared by the score and the weight head (the graph concatenates ref and dist into one batch).
 *
 * Quick estimate (`patches: k`): k patch positions drawn without replacement with a seeded PRNG (mulberry32,
 * partial Fisher–Yates). The value is the ratio estimator R̂ = Σ w·s / Σ w over the sample, and its 95% interval
 * is R̂ ± 1.96·√V with the linearised ratio-estimator variance (Cochran, Sampling Techniques, 1977, §6.3):
 * V = (1 − k/n) / (k · w̄²) · Σ (w_i·s_i − R̂·w_i)² / (k − 1), w̄ the sample mean weight, n the number of patches.
 * With every patch (k = n) the interval has zero width.
 */
import type { PieappWeights } from '../core/pieapp/weights.ts';
import { mulberry32 } from '../core/math/rng.ts';
import { pieappFeatures, pieappHeads, weightedAverage } from '../core/pieapp/network.ts';
import { checkPair, extractPatch, patchGrid, type NetworkImage, type PatchPosition } from '../core/pieapp/patches.ts';
import { FEATURE_MS_SIZE, PATCH_SIZE } from '../core/pieapp/spec.ts';
import type { ModelSession } from './session.ts';
import { throwIfAborted } from '../core/abort.ts';

/** Activation memory a batch may use, bytes (weights excluded). */
export const MEMORY_BUDGET_BYTES = 256 * 1024 * 1024;
/** Estimated activation bytes per (reference, distorted) patch pair. */
export const BYTES_PER_PATCH_PAIR = 2 * (4 * 64 * PATCH_SIZE * PATCH_SIZE + 2 * FEATURE_MS_SIZE) * 4;
const PATCH_VALUES = 3 * PATCH_SIZE * PATCH_SIZE;

/** Patches per batch under a memory budget (bytes); at least 1. 26 for the default budget. */
export function batchSizeFor(budgetBytes: number = MEMORY_BUDGET_BYTES): number {
  return Math.max(1, Math.floor(budgetBytes / BYTES_PER_PATCH_PAIR));
}

/** Something that turns batches of patch pairs ([count, 3, 64, 64] each, BGR 0..255) into patch scores and weights. */
export interface PatchScorer {
  /** `onnx-wasm`, `onnx-webgpu` or `cpu-twin`. */
  readonly engine: string;
  score(ref: Float32Array, dist: Float32Array, count: number, signal?: AbortSignal): Promise<{ score: ArrayLike<number>; weight: ArrayLike<number> }>;
}

/** A scorer over an ONNX session of `buildPieappOnnx` (inputs ref, dist; outputs score, weight). */
export function onnxPatchScorer(session: ModelSession): PatchScorer {
  return {
    engine: `onnx-${session.ep}`,
    async score(ref, dist, count, signal) {
      const dims = [count, 3, PATCH_SIZE, PATCH_SIZE];
      const out = await session.run({ ref: { data: ref, dims }, dist: { data: dist, dims } }, signal);
      const score = out['score'];
      const weight = out['weight'];
      if (!score || !weight || score.data.length !== count || weight.data.length !== count) {
        throw new Error('the ONNX model did not return score [N] and weight [N]: is it a PieAPP model built by preflight?');
      }
      return { score: score.data, weight: weight.data };
    },
  };
}

/** A scorer on the pure TypeScript CPU twin (slow: about 0.6 s per patch pair on one core). */
export function cpuPatchScorer(weights: PieappWeights): PatchScorer {
  return {
    engine: 'cpu-twin',
    async score(ref, dist, count) {
      const rf: Float32Array[] = [];
      const df: Float32Array[] = [];
      for (let i = 0; i < count; i++) {
        rf.push(pieappFeatures(weights, ref.subarray(i * PATCH_VALUES, (i + 1) * PATCH_VALUES)));
        df.push(pieappFeatures(weights, dist.subarray(i * PATCH_VALUES, (i + 1) * PATCH_VALUES)));
      }
      return pieappHeads(weights, rf, df);
    },
  };
}

/**
 * The warm-up rule of PIE-APP speed measurements (the worker's `measurePatches`, the benchmark's ceiling rows): a
 * fresh engine runs ORT's WebAssembly on V8's baseline code until the optimised code arrives in the background, so
 * its first passes over a set of patches are 2–3× slower than the steady rate, and under load two slow passes can be
 * within a few per cent of each other before the jump (seen: 6.78, 7.20, 7.23, 6.32, 6.18, 8.54, 14.07, 13.62 pairs/s).
 * So the rates have plateaued when the last `window` passes (default 3) are all within `tolerance` (default 5 %) of
 * the fastest of them.
 */
export const WARMUP = { maxPasses: 10, window: 3, tolerance: 0.05 } as const;

/** Whether the pass rates so far (pairs/s, in order) end on a plateau under the WARMUP rule. */
export function ratesPlateaued(rates: readonly number[], window: number = WARMUP.window, tolerance: number = WARMUP.tolerance): boolean {
  if (rates.length < Math.max(2, window)) return false;
  const last = rates.slice(-Math.max(2, window));
  return Math.min(...last) >= (1 - tolerance) * Math.max(...last);
}

/** Options of `scorePieapp`. */
export interface PieappRunOptions {
  /** 'all' (default) or the number of randomly drawn patches for a quick estimate. */
  patches?: 'all' | number;
  /** PRNG seed for the quick-estimate draw (default 0). */
  seed?: number;
  /** Patches per batch (default batchSizeFor(MEMORY_BUDGET_BYTES), less where the scorers would otherwise idle). */
  batchSize?: number;
  /** Called after each batch with patches done and the total to do. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Result of `scorePieapp`. */
export interface PieappRun {
  /** PieAPP value (weighted average of the used patches' scores). */
  value: number;
  /** 95% interval of the full-grid value: [value, value] when every patch is used. */
  ci95: [number, number];
  /** 'exact' (all patches) or 'ratio-estimator' (subset). */
  method: 'exact' | 'ratio-estimator';
  patchesUsed: number;
  patchesTotal: number;
  positions: PatchPosition[];
  score: Float64Array;
  weight: Float64Array;
  engine: string;
  /** Batches each scorer ran, in the order the scorers were given. */
  batchesPerScorer: number[];
  seconds: number;
}

/** Draws k of n indices without replacement (seeded partial Fisher–Yates), returned in increasing order. */
export function samplePatchIndices(n: number, k: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const rand = mulberry32(seed);
  const m = Math.min(k, n);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, m).sort((a, b) => a - b);
}

/**
 * Ratio estimate Σ w·s / Σ w from a sample of k of n patches, with the 95% interval described in the file header.
 * Returns a zero-width interval when k = n, and an infinite one when k < 2.
 */
export function ratioEstimate(score: ArrayLike<number>, weight: ArrayLike<number>, populationSize: number): { value: number; ci95: [number, number] } {
  const k = score.length;
  const value = weightedAverage(score, weight);
  if (k >= populationSize) return { value, ci95: [value, value] };
  if (k < 2) return { value, ci95: [-Infinity, Infinity] };
  let meanW = 0;
  for (let i = 0; i < k; i++) meanW += weight[i]!;
  meanW /= k;
  let ss = 0;
  for (let i = 0; i < k; i++) {
    const d = weight[i]! * score[i]! - value * weight[i]!;
    ss += d * d;
  }
  const variance = ((1 - k / populationSize) / (k * meanW * meanW)) * (ss / (k - 1));
  const half = 1.96 * Math.sqrt(variance);
  return { value, ci95: [value - half, value + half] };
}

/**
 * PieAPP of one image pair (network inputs from `toNetworkImage`), batch by batch. Throws for pairs of different
 * sizes or smaller than 64×64, and an AbortError when `signal` fires (checked between batches).
 *
 * Given several scorers (a pool of workers, each with its own session), each takes the next batch as soon as it is
 * free, so a slower worker simply scores fewer batches, and every patch's score and weight is written at its patch
 * index, so the value is the same weighted mean over the same numbers, bit for bit, whatever the pool
 * (e2e/pieapp-threads.browser.spec.ts). A patch's outputs do not depend on the batch it ran in (ORT computes every
 * batch item alike; batches of 1, 3, 5, 8 and 16 give identical numbers, ./pieapp-runner.test.ts), so when a frame has
 * fewer patches than the pool has workers × batch size (a quick estimate), the batches shrink until every worker
 * has one. The first scorer to fail stops the others taking new batches, and the run rejects with its error.
 */
export async function scorePieapp(
  scorers: PatchScorer | readonly PatchScorer[],
  ref: NetworkImage,
  dist: NetworkImage,
  options: PieappRunOptions = {},
): Promise<PieappRun> {
  const started = performance.now();
  const pool = Array.isArray(scorers) ? (scorers as readonly PatchScorer[]) : [scorers as PatchScorer];
  if (pool.length === 0) throw new Error('scorePieapp needs at least one patch scorer');
  checkPair(ref, dist);
  const grid = patchGrid(ref.width, ref.height);
  const n = grid.length;
  const requested = options.patches ?? 'all';
  if (requested !== 'all' && (!Number.isInteger(requested) || requested < 1)) throw new Error(`patches must be 'all' or a positive integer, got ${requested}`);
  const subset = requested !== 'all' && requested < n;
  const positions = subset ? samplePatchIndices(n, requested, options.seed ?? 0).map((i) => grid[i]!) : grid;
  const total = positions.length;
  const batch = Math.max(1, Math.floor(options.batchSize ?? Math.min(batchSizeFor(), Math.ceil(total / pool.length))));
  const score = new Float64Array(total);
  const weight = new Float64Array(total);
  const batchesPerScorer = pool.map(() => 0);
  let next = 0;
  let done = 0;
  let failed = false;
  const work = async (scorer: PatchScorer, slot: number) => {
    while (next < total && !failed) {
      throwIfAborted(options.signal, 'The PIE-APP scoring');
      const start = next;
      const count = Math.min(batch, total - start);
      next += count;
      // Fresh inputs per batch: ORT may keep a reference to them until its run ends, and a worker scorer takes
      // them over (transfers them).
      const r = new Float32Array(count * PATCH_VALUES);
      const d = new Float32Array(count * PATCH_VALUES);
      for (let i = 0; i < count; i++) {
        extractPatch(ref, positions[start + i]!, r, i * PATCH_VALUES);
        extractPatch(dist, positions[start + i]!, d, i * PATCH_VALUES);
      }
      const out = await scorer.score(r, d, count, options.signal);
      for (let i = 0; i < count; i++) {
        score[start + i] = out.score[i]!;
        weight[start + i] = out.weight[i]!;
      }
      batchesPerScorer[slot]!++;
      done += count;
      options.onProgress?.(done, total);
    }
  };
  await Promise.all(
    pool.map((s, i) =>
      work(s, i).catch((err: unknown) => {
        failed = true;
        throw err;
      }),
    ),
  );
  const est = subset ? ratioEstimate(score, weight, n) : { value: weightedAverage(score, weight), ci95: [0, 0] as [number, number] };
  if (!subset) est.ci95 = [est.value, est.value];
  return {
    value: est.value,
    ci95: est.ci95,
    method: subset ? 'ratio-estimator' : 'exact',
    patchesUsed: total,
    patchesTotal: n,
    positions,
    score,
    weight,
    engine: pool.length === 1 ? pool[0]!.engine : `${pool[0]!.engine} ×${pool.length}`,
    batchesPerScorer,
    seconds: (performance.now() - started) / 1000,
  };
}
