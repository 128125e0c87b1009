/**
 * The CPU engine's thread pool inside the engine worker: `ThreadedSpatialPool` (src/core) over nested module
 * workers (./vmaf-spatial.worker.ts) computing the integer VIF/ADM features for `pooledCpuEngine`. This file only
 * starts the workers and turns a worker error (it could not start, or crashed, e.g. out of memory) into a
 * rejection naming the thread. Terminating the engine worker ends the threads too.
 *
 * Memory: one thread holds ≈ 47 MiB of buffers at 1080p and ≈ 125 MiB at 4K, plus the pairs in flight (two per
 * thread, 4 MiB each at 1080p).
 */
import * as Comlink from 'comlink';
import { ThreadedSpatialPool, type SpatialReply, type SpatialThread } from '../src/core/metrics/vmaf/index.ts';
import type { VmafSpatialApi } from './vmaf-spatial.worker.ts';

/** Default thread count: one per logical core, at most 8 (memory at 4K, see above). */
export function defaultPoolSize(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  return Math.max(1, Math.min(8, n));
}

function startThread(i: number): SpatialThread {
  const worker = new Worker(new URL('./vmaf-spatial.worker.ts', import.meta.url), { type: 'module', name: `preflight-vmaf-${i}` });
  const api = Comlink.wrap<VmafSpatialApi>(worker);
  let failed: Error | null = null;
  // Settles (rejects) when the worker fails; every run races it, so a crash fails the pairs in flight.
  const failure = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      failed ??= new Error(`VMAF thread ${i} failed: ${e.message || 'the worker could not start or crashed (out of memory?)'}`);
      reject(failed);
    });
  });
  failure.catch(() => undefined);
  return {
    get failed() {
      return failed;
    },
    run: (width, height, neg, ref, dis): Promise<SpatialReply> =>
      Promise.race([api.spatial(Comlink.transfer({ width, height, neg, ref, dis }, [ref, dis])), failure]),
    close() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** A pool of `size` VMAF threads (default one per core, at most 8). */
export function createSpatialPool(size = defaultPoolSize()): ThreadedSpatialPool {
  return new ThreadedSpatialPool(size, startThread);
}
