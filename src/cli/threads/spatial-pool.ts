/**
 * The CLI's VMAF thread pool: `ThreadedSpatialPool` (src/core) over node:worker_threads running
 * ./spatial-thread.ts. This file only starts the threads and matches replies to requests; a thread that errors
 * or exits rejects its pairs with the reason. Idle threads do not keep the process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ThreadedSpatialPool, type SpatialReply, type SpatialTask, type SpatialThread } from '../../core/metrics/vmaf/index.ts';

/** Threads worth starting here: one per core the process may use, at most 16. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(16, availableParallelism()));
}

/** A thread's reply (./spatial-thread.ts): the request id with the `SpatialReply`, or with an error. */
type Message = { id: number; ref: ArrayBuffer; dis: ArrayBuffer } & (
  { features: SpatialReply['features']; error?: undefined } | { error: string; features?: undefined }
);

function startThread(i: number): SpatialThread {
  const worker = new Worker(new URL('./spatial-thread.mjs', import.meta.url), { name: `preflight-vmaf-${i}` });
  const pending = new Map<number, { resolve(r: SpatialReply): void; reject(e: Error): void }>();
  let failed: Error | null = null;
  let nextId = 0;
  worker.on('message', (m: Message) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if (m.error !== undefined) p?.reject(new Error(`VMAF thread ${i}: ${m.error}`));
    else p?.resolve({ features: m.features, ref: m.ref, dis: m.dis });
  });
  const die = (err: Error) => {
    failed ??= err;
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
  };
  worker.on('error', (err: Error) => die(new Error(`VMAF thread ${i} failed: ${err.message}`)));
  worker.on('exit', (code) => die(new Error(`VMAF thread ${i} exited (code ${code})`)));
  worker.unref(); // a thread with pairs queued is ref'd in run()
  return {
    get failed() {
      return failed;
    },
    run: (width, height, neg, ref, dis) =>
      new Promise<SpatialReply>((resolve, reject) => {
        if (failed) return reject(failed);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.ref();
        const task: SpatialTask & { id: number } = { id, width, height, neg, ref, dis };
        worker.postMessage(task, [ref, dis]);
      }),
    close: async () => {
      failed ??= new Error('VMAF pool is closed');
      await worker.terminate();
    },
  };
}

/** A pool of `size` VMAF threads (default one per core, at most 16). */
export function createNodeSpatialPool(size = defaultThreads()): ThreadedSpatialPool {
  return new ThreadedSpatialPool(size, startThread);
}
