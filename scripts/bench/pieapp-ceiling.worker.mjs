/**
 * One onnxruntime-web WebAssembly session on one thread inside a Node worker thread, for the PIE-APP benchmark's
 * ceiling rows (scripts/bench/pieapp.ts): how much faster two independent single-thread engines score together than
 * one alone on this machine, the bound for any browser arrangement of two threads. Plain JavaScript so that the
 * worker needs no TypeScript loader. workerData: { modelPath, patchesPath (ref then dist, float32 [n, 3, 64, 64]
 * each), n, batch }. After creating the session and running one pair it posts { ready: true }; each message 'pass'
 * scores all n pairs in batches and posts { startedAt, endedAt, score } (ms since the Unix epoch, comparable across
 * threads). The benchmark ends the thread with terminate().
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const { modelPath, patchesPath, n, batch } = workerData;
const VALUES = 3 * 64 * 64;
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(readFileSync(modelPath), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
const bytes = readFileSync(patchesPath);
const all = new Float32Array(bytes.buffer, bytes.byteOffset, 2 * n * VALUES);
const ref = all.subarray(0, n * VALUES);
const dist = all.subarray(n * VALUES);

async function run(start, count) {
  const dims = [count, 3, 64, 64];
  const out = await session.run({
    ref: new ort.Tensor('float32', ref.slice(start * VALUES, (start + count) * VALUES), dims),
    dist: new ort.Tensor('float32', dist.slice(start * VALUES, (start + count) * VALUES), dims),
  });
  return Array.from(out['score'].data);
}

await run(0, 1);
parentPort.postMessage({ ready: true });
parentPort.on('message', async () => {
  const startedAt = performance.timeOrigin + performance.now();
  const score = [];
  for (let s = 0; s < n; s += batch) score.push(...(await run(s, Math.min(batch, n - s))));
  parentPort.postMessage({ startedAt, endedAt: performance.timeOrigin + performance.now(), score });
});
