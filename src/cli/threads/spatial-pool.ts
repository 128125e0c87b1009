/**
 * The CLI's VMAF thread pool (node:worker_threads): `size` threads computing integer VIF/ADM for
 * `pooledCpuEngine` (src/core/metrics/measure.ts). Each frame goes to the thread with the fewest frames queued, copied
 * into recycled buffers transferred there and back (PlaneBuffers). A thread that dies rejects its frames with the
 * reason. `close()` ends them.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PlaneBuffers, type SpatialFeatures, type SpatialPool } from '../../core/metrics/vmaf/index.ts';

interface Pending { resolve(f: SpatialFeatures): void; reject(e: Error): void }
interface Thread { worker: Worker; pending: Map<number, Pending>; dead: Error | null }

/** Threads worth starting here: one per core the process may use, at most 16. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(16, availableParallelism()));
}

export class NodeSpatialPool implements SpatialPool {
  readonly size: number;
  private readonly threads: Thread[] = [];
  private readonly buffers: PlaneBuffers;
  private nextId = 0;

  constructor(size = defaultThreads()) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`thread count must be a whole number ≥ 1, got ${size}`);
    this.size = size;
    this.buffers = new PlaneBuffers(4 * size + 4);
    for (let i = 0; i < size; i++) this.threads.push(this.start(i));
  }

  private start(i: number): Thread {
    const worker = new Worker(new URL('./spatial-thread.mjs', import.meta.url), { name: `preflight-vmaf-${i}` });
    const thread: Thread = { worker, pending: new Map(), dead: null };
    worker.on('message', (m: { id?: number; features?: SpatialFeatures; error?: string; ref?: ArrayBuffer; dis?: ArrayBuffer }) => {
      if (m.id === undefined) return;
      this.buffers.release(m.ref);
      this.buffers.release(m.dis);
      const p = thread.pending.get(m.id);
      thread.pending.delete(m.id);
      if (thread.pending.size === 0) worker.unref();
      if (m.error !== undefined) p?.reject(new Error(`VMAF thread ${i}: ${m.error}`));
      else p?.resolve(m.features!);
    });
    const die = (err: Error) => {
      thread.dead ??= err;
      for (const p of thread.pending.values()) p.reject(thread.dead);
      thread.pending.clear();
    };
    worker.on('error', (err: Error) => die(new Error(`VMAF thread ${i} failed: ${err.message}`)));
    worker.on('exit', (code) => die(new Error(`VMAF thread ${i} exited (code ${code})`)));
    // Idle threads do not keep the process alive; a thread with frames queued does (ref() in spatial()).
    worker.unref();
    return thread;
  }

  spatial(width: number, height: number, neg: boolean, ref: Uint8Array, dis: Uint8Array): Promise<SpatialFeatures> {
    const live = this.threads.filter((t) => !t.dead);
    if (!live.length) return Promise.reject(this.threads[0]?.dead ?? new Error('VMAF pool is closed'));
    const thread = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    // Copied now (the caller keeps its planes), into buffers that come back with the result.
    const r = this.buffers.copy(ref);
    const d = this.buffers.copy(dis);
    return new Promise<SpatialFeatures>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ id, width, height, neg, ref: r, dis: d }, [r, d]);
    });
  }

  /** Ends every thread; frames still queued reject. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => {
      t.dead ??= new Error('VMAF pool is closed');
      return t.worker.terminate();
    }));
  }
}
