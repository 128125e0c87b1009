/**
 * One worker of the PIE-APP pool (started by the PIE-APP worker, see ./pieapp-pool.ts): an onnxruntime-web WASM
 * session of the PieAPP graph on the thread count it is opened with, scoring the batches of patch pairs the pool
 * hands it. Exposed with Comlink; the session is src/ml's, the batching and merging src/ml/pieapp-runner.ts's.
 *
 * Memory: the session holds the graph's 273 MB of weights in this worker's WebAssembly memory plus ORT's repacked
 * copy of the convolution weights, and a batch's activations (at most 256 MiB, src/ml/pieapp-runner.ts).
 */
import * as Comlink from 'comlink';
import { createSession, type ModelSession } from '../src/ml/session.ts';
import { onnxPatchScorer, type PatchScorer } from '../src/ml/pieapp-runner.ts';
import { browserWasmPaths } from '../src/ml/wasm-url.ts';

let session: ModelSession | null = null;
let scorer: PatchScorer | null = null;

const api = {
  /** Creates the session (once per worker: ORT fixes the thread count at its first session). Returns the threads ORT granted. */
  async open(model: Uint8Array, threads: number): Promise<{ threads: number; runtime: string }> {
    if (session) throw new Error('this PIE-APP pool worker already has a session');
    session = await createSession(model, { wasmPaths: browserWasmPaths(), numThreads: threads, executionProviders: ['wasm'] });
    scorer = onnxPatchScorer(session);
    return { threads: session.threads, runtime: session.runtime };
  },

  /** Scores `count` patch pairs ([count, 3, 64, 64] each, BGR 0..255); the outputs are transferred back. */
  async score(ref: Float32Array, dist: Float32Array, count: number): Promise<{ score: Float32Array; weight: Float32Array }> {
    if (!scorer) throw new Error('this PIE-APP pool worker has no session yet');
    const out = await scorer.score(ref, dist, count);
    const score = Float32Array.from(out.score);
    const weight = Float32Array.from(out.weight);
    return Comlink.transfer({ score, weight }, [score.buffer, weight.buffer]);
  },
};

export type PieappScorerApi = typeof api;
Comlink.expose(api);
