/**
 * The PIE-APP worker's pool (src/core/pieapp/threads.ts, `pieappPoolPlan`): nested module workers
 * (./pieapp-scorer.worker.ts), each with its own ORT session on its planned thread count, offered to
 * `scorePieapp` (src/ml/pieapp-runner.ts) as patch scorers; the runner hands each the next batch when it is free
 * and merges the results in patch order. This file starts the workers, copies the model to each, and turns a
 * worker's error (it could not start, or crashed: out of memory) into a rejection naming the worker. Terminating
 * the PIE-APP worker ends the pool too.
 *
 * Cost per frame: the batch inputs cross to a worker once (2 × 26 × 49 KB ≈ 2.6 MB per batch, transferred, not
 * copied) and 2 × 26 floats come back; a batch computes ≈ 26 × 1.9 GFLOP, seconds on one core, so the messages
 * are noise. Memory: one model copy per worker (see ./pieapp-scorer.worker.ts).
 */
import * as Comlink from 'comlink';
import type { PatchScorer } from '../src/ml/pieapp-runner.ts';
import type { PieappScorerApi } from './pieapp-scorer.worker.ts';

/** A started pool: its scorers (one per worker that opened its session) and the threads ORT granted each. */
export interface PieappPool {
  scorers: PatchScorer[];
  /** Threads of each working worker, in the order of `scorers`. */
  threads: number[];
  /** One line per planned worker that could not open its session (the pool goes on without it). */
  failures: string[];
  close(): void;
}

interface Member {
  worker: Worker;
  api: Comlink.Remote<PieappScorerApi>;
  failure: Promise<never>;
}

function startWorker(i: number): Member {
  const worker = new Worker(new URL('./pieapp-scorer.worker.ts', import.meta.url), { type: 'module', name: `preflight-pieapp-${i}` });
  const failure = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(`PIE-APP worker ${i + 1} failed: ${e.message || 'it could not start or crashed (out of memory?)'}`));
    });
  });
  failure.catch(() => undefined);
  return { worker, api: Comlink.wrap<PieappScorerApi>(worker), failure };
}

function end(m: Member): void {
  m.api[Comlink.releaseProxy]();
  m.worker.terminate();
}

/**
 * Starts one worker per entry of `plan` (its WASM thread count) and opens the session of `model` in each, one
 * after the other (two sessions being created at once would hold two transient copies of the weights each). A
 * worker that fails is ended and reported in `failures`; if none opens, this rejects with every worker's error.
 */
export async function startPieappPool(model: Uint8Array, plan: readonly number[]): Promise<PieappPool> {
  const members: Member[] = [];
  const threads: number[] = [];
  const failures: string[] = [];
  for (let i = 0; i < plan.length; i++) {
    const m = startWorker(i);
    try {
      // Structured clone copies the model into the worker; the caller keeps its bytes.
      const opened = await Promise.race([m.api.open(model, plan[i]!), m.failure]);
      members.push(m);
      threads.push(opened.threads);
    } catch (err) {
      end(m);
      failures.push(`worker ${i + 1} (${plan[i]} thread${plan[i] === 1 ? '' : 's'}): ${(err as Error).message ?? String(err)}`);
    }
  }
  if (members.length === 0) throw new Error(`no PIE-APP worker could open the model: ${failures.join('; ')}`);
  const scorers: PatchScorer[] = members.map((m) => ({
    engine: 'onnx-wasm',
    score: (ref, dist, count) => Promise.race([m.api.score(Comlink.transfer(ref, [ref.buffer]), Comlink.transfer(dist, [dist.buffer]), count), m.failure]),
  }));
  return {
    scorers,
    threads,
    failures,
    close() {
      for (const m of members) end(m);
    },
  };
}
