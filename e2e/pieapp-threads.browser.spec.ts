/**
 * PIE-APP on several WebAssembly threads in headless Chromium (the dev server sends COOP/COEP, so the page is
 * cross-origin isolated): the PIE-APP worker runs the full PieAPP graph (synthetic weights of the real
 * architecture, generated from a seed in the page) on one thread and on two, through the app's bridge
 * (`measurePieappPatches`, a fresh worker per thread count). The patch scores and weights must be identical, bit
 * for bit: ORT splits convolutions and matrix products over output rows and channels, never over the sum, so the
 * thread count cannot change a result. The app's arrangement, a pool of two single-thread workers splitting the
 * batches (`measurePieappPatches` with `workers`, the code path of the app's scoring), must give the same numbers
 * with each worker having scored its share; a model no worker can open fails with every worker's error. Each
 * measurement's untimed warm-up passes stop at a plateau or at their bound, and report their rates. It also checks
 * the pool plan the worker reports here and prints the rates; the speed targets are in the benchmark
 * (scripts/bench/pieapp.ts).
 */
import { test, expect } from './fixtures.ts';

test.setTimeout(600_000);

test("PIE-APP scores are identical on 1 and 2 WASM threads and in the app's pool of two workers; the worker reports its pool plan", async ({ page }) => {
  await page.goto('./e2e/harness/index.html');
  const r = await page.evaluate(async () => {
    const { syntheticPieappWeights } = await import('/src/core/pieapp/weights.ts');
    const { buildPieappOnnx } = await import('/src/core/pieapp/onnx.ts');
    const { measurePieappPatches, pieappThreads } = await import('/src/bridge/pieapp.ts');
    const model = buildPieappOnnx(syntheticPieappWeights(11));
    // 64 + 27 = 91 pixels square: a 2 × 2 grid of 4 patch pairs; smooth waves vs a blocky, shifted copy.
    const size = 91;
    const ref = new Float32Array(3 * size * size);
    const dist = new Float32Array(3 * size * size);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const i = (c * size + y) * size + x;
          ref[i] = Math.round(127 + 100 * Math.sin(x / (4 + c) + y / 9));
          dist[i] = Math.min(255, Math.max(0, ref[i]! + (((x >> 3) + (y >> 3)) % 3) * 20 - 20));
        }
      }
    }
    const img = (planes: Float32Array) => ({ width: size, height: size, order: 'bgr' as const, planes });
    const plan = await pieappThreads();
    // At most 3 untimed warm-up passes (the worker's default bound is 8): this test checks scores, not speed.
    const opts = (threads: number) => ({ threads, batchSize: 2, warmupRounds: 3 });
    const one = await measurePieappPatches(model, img(ref), img(dist), opts(1));
    const two = await measurePieappPatches(model, img(ref), img(dist), opts(2));
    const pool = await measurePieappPatches(model, img(ref), img(dist), { workers: [1, 1], ...opts(1) });
    const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    // A model no worker can open: the pool's error names every worker and why.
    const broken = await measurePieappPatches(new Uint8Array([8, 1, 18, 0]), img(ref), img(dist), { workers: [1, 1], ...opts(1) }).then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    return { plan, cores: navigator.hardwareConcurrency, memory, isolated: crossOriginIsolated, one, two, pool, broken };
  });
  expect(r.isolated).toBe(true);
  expect(r.plan.cores).toBe(r.cores);
  // The app's pool: a single-thread worker per core, at most 4 and one per 3 GB of device memory, the threads
  // beyond the workers spread over them (src/core/pieapp/threads.ts).
  const workers = Math.max(1, Math.min(4, r.cores, r.memory === undefined ? 1 : Math.floor(r.memory / 3)));
  expect(r.plan.workers).toHaveLength(workers);
  expect(r.plan.threads).toBe(Math.min(8, r.cores));
  expect(r.one.threads).toBe(1);
  expect(r.two.threads).toBe(2);
  expect(r.one.patches).toBe(4);
  expect(r.two.score).toEqual(r.one.score);
  expect(r.two.weight).toEqual(r.one.weight);
  expect(r.two.value).toBe(r.one.value);
  // The warm-up stops at a plateau (the last 3 passes within 5 % of their fastest) or at its bound, here 3 passes.
  for (const m of [r.one, r.two, r.pool]) {
    expect(m.warmupRates).toHaveLength(3);
    for (const rate of m.warmupRates) expect(rate).toBeGreaterThan(0);
    expect(m.plateaued).toBe(Math.min(...m.warmupRates) >= 0.95 * Math.max(...m.warmupRates));
  }
  expect(r.pool.workers).toEqual([1, 1]);
  expect(r.pool.threads).toBe(2);
  // 4 patch pairs in batches of 2: each worker took one batch of the pass, and the merged numbers are the single
  // session's, bit for bit.
  expect(r.pool.batchesPerScorer).toEqual([1, 1]);
  expect(r.pool.score).toEqual(r.one.score);
  expect(r.pool.weight).toEqual(r.one.weight);
  expect(r.pool.value).toBe(r.one.value);
  expect(r.broken).toMatch(/^no PIE-APP worker could open the model: worker 1 \(1 thread\): .+; worker 2 \(1 thread\): .+/);
  const rate = (p: { patches: number; seconds: number }) => p.patches / p.seconds;
  console.log(
    `PieAPP in Chromium (${r.cores} cores): 1 thread ${rate(r.one).toFixed(2)} patch pairs/s, 2 threads ${rate(r.two).toFixed(2)} (${(rate(r.two) / rate(r.one)).toFixed(2)}×), pool of 2 single-thread workers ${rate(r.pool).toFixed(2)} (${(rate(r.pool) / rate(r.one)).toFixed(2)}×)`,
  );
});
