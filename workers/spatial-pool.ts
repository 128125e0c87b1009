/**
 * The CPU engine's thread pool inside the engine worker: `size` nested module workers computing the integer
 * VIF/ADM features (≈ 95 % of the CPU engine's time) for `pooledCpuEngine` (src/core/metrics/measure.ts). Each
 * frame pair goes to the thread with the fewest pairs queued, copied into recycled buffers that are transferred
 * there and back (PlaneBuffers: no allocation per frame, no garbage piling up in a thread). A thread that fails (e.g.
 * out of memory) rejects its pairs with a message naming it. Terminating the engine worker ends the threads.
 *
 * Memory: one thread holds ≈ 47 MiB of buffers at 1080p and ≈ 125 MiB at 4K, plus the pairs in flight (two per
 * thread, 4 MiB each at 1080p).
 */
import * as Comlink from 'comlink';
import { PlaneBuffers, type SpatialFeatures, type SpatialPool } from '../src/core/metrics/vmaf/index.ts';
import type { VmafSpatialApi } from './vmaf-spatial.worker.ts';

/** Default thread count: one per logical core, at most 8 (memory at 4K, see above). */
export function defaultPoolSize(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  return Math.max(1, Math.min(8, n));
}

interface Thread { worker: Worker; api: Comlink.Remote<VmafSpatialApi>; queued: number; failed: Error | null; onFail: Set<(e: Error) => void> }

export class WorkerSpatialPool implements SpatialPool {
  readonly size: number;
  private readonly threads: Thread[] = [];
  private readonly buffers: PlaneBuffers;

  constructor(size = defaultPoolSize()) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`thread count must be a whole number ≥ 1, got ${size}`);
    this.size = size;
    this.buffers = new PlaneBuffers(4 * size + 4);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./vmaf-spatial.worker.ts', import.meta.url), { type: 'module', name: `preflight-vmaf-${i}` });
      const thread: Thread = { worker, api: Comlink.wrap<VmafSpatialApi>(worker), queued: 0, failed: null, onFail: new Set() };
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        thread.failed ??= new Error(`VMAF thread ${i} failed: ${e.message || 'the worker could not start or crashed (out of memory?)'}`);
        for (const f of thread.onFail) f(thread.failed);
      });
      this.threads.push(thread);
    }
  }

  async spatial(width: number, height: number, neg: boolean, ref: Uint8Array, dis: Uint8Array): Promise<SpatialFeatures> {
    const live = this.threads.filter((t) => !t.failed);
    if (!live.length) throw this.threads[0]?.failed ?? new Error('VMAF pool is closed');
    const t = live.reduce((a, b) => (b.queued < a.queued ? b : a));
    t.queued++;
    let fail: ((e: Error) => void) | null = null;
    // Copied now (the caller keeps its planes), into buffers that come back with the result.
    const r = this.buffers.copy(ref);
    const d = this.buffers.copy(dis);
    try {
      const out = await Promise.race([
        t.api.spatial(width, height, neg, Comlink.transfer(r, [r]), Comlink.transfer(d, [d])),
        new Promise<never>((_, reject) => t.onFail.add((fail = reject))),
      ]);
      this.buffers.release(out.ref);
      this.buffers.release(out.dis);
      return out.features;
    } finally {
      t.queued--;
      if (fail) t.onFail.delete(fail);
    }
  }

  /** Ends every thread. */
  close(): void {
    for (const t of this.threads) {
      t.failed ??= new Error('VMAF pool is closed');
      t.api[Comlink.releaseProxy]();
      t.worker.terminate();
    }
  }
}
