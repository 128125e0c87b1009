/**
 * LPIPS-VGG speed: milliseconds per crop pair (default 256×256, the largest crop the removal track feeds LPIPS,
 * vidaio-v3.md §2.4), every engine measured in this run on the same synthetic full-size weights and the same pair:
 * onnxruntime-node (CPU EP, one intra-op thread per core), onnxruntime-web wasm in Node (1 thread) and the
 * TypeScript CPU twin, with ratios to onnxruntime-node and the largest difference from the twin. Each ONNX engine
 * gets a warm-up run first (excluded). Prints a table; it is not a test.
 *
 *   npx tsx scripts/bench/lpips.ts [--size N] [--reps N] [--no-twin]
 */
import { availableParallelism } from 'node:os';
import { syntheticLpipsWeights } from '../../src/core/lpips/synthetic.ts';
import { buildLpipsOnnx } from '../../src/core/lpips/onnx.ts';
import { lpipsTestPair } from '../../src/core/lpips/test-images.ts';
import { createWebLpipsEngine, onnxLpipsEngine, twinLpipsEngine } from '../../src/ml/lpips-runner.ts';
import { createNativeSession } from '../../src/cli/ort-native.ts';
import type { LpipsEngine } from '../../src/core/metrics/removal/api.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const size = arg('size', 256);
const reps = arg('reps', 3);
const pair = lpipsTestPair(size, size, 1);
const weights = syntheticLpipsWeights(1);
const model = buildLpipsOnnx(weights);

async function time(engine: LpipsEngine, runs: number, warm: boolean): Promise<{ ms: number; value: number }> {
  if (warm) await engine.distances([pair]);
  let value = NaN;
  const t = performance.now();
  for (let i = 0; i < runs; i++) value = (await engine.distances([pair]))[0]!;
  return { ms: (performance.now() - t) / runs, value };
}

const rows: { engine: string; ms: number; value: number }[] = [];
const native = onnxLpipsEngine(await createNativeSession(model, { threads: availableParallelism() }));
rows.push({ engine: native.label, ...(await time(native, reps, true)) });
const web = await createWebLpipsEngine(model, { executionProviders: ['wasm'], numThreads: 1 });
rows.push({ engine: web.label, ...(await time(web, reps, true)) });
if (!process.argv.includes('--no-twin')) rows.push({ engine: 'cpu twin', ...(await time(twinLpipsEngine(weights), 1, false)) });

const base = rows[0]!.ms;
const twin = rows.find((r) => r.engine === 'cpu twin');
console.log(`LPIPS-VGG, one ${size}×${size} pair, synthetic weights; ${availableParallelism()} cores`);
console.log('engine'.padEnd(34) + 'ms/pair'.padStart(10) + '  × node'.padStart(10) + '  |Δ twin|'.padStart(12));
for (const r of rows) {
  const delta = twin ? Math.abs(r.value - twin.value).toExponential(1) : '—';
  console.log(r.engine.padEnd(34) + r.ms.toFixed(0).padStart(10) + (r.ms / base).toFixed(2).padStart(10) + delta.padStart(12));
}
