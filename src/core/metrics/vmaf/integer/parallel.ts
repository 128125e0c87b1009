/**
 * Frame-parallel integer VMAF. VIF and ADM (≈ 95 % of the integer extractor's time) depend on one frame pair
 * only, so they can run on any thread; motion depends on the previous reference frame and stays on the calling
 * thread, as does the assembly of features in display order. The threads themselves (Web Workers in the browser,
 * worker_threads in the CLI) are supplied by the caller as a `SpatialPool`: this module stays free of both.
 *
 * The arithmetic is the same code as `IntegerVmafExtractor`, so the features are bit-identical to it (tested in
 * parallel.test.ts); only the order in which frames are *computed* changes, never the order they are assembled.
 */
import type { VmafFeatures } from '../svm.ts';
import { assembleFeatures, VmafStream } from '../features.ts';
import { IntegerAdmComputer, type IntegerAdmResult } from './adm.ts';
import { IntegerMotionComputer } from './motion.ts';
import { IntegerVifComputer, type IntegerVifResult } from './vif.ts';

/** The per-frame ("spatial") integer features of one frame pair. Plain data: crosses a worker boundary as is. */
export interface SpatialFeatures {
  vif: IntegerVifResult;
  adm: IntegerAdmResult;
}

/** VIF + ADM of one frame pair at a fixed size (buffers kept between frames). What a pool worker runs. */
export class IntegerSpatialComputer {
  readonly width: number;
  readonly height: number;
  private readonly vif: IntegerVifComputer;
  private readonly adm: IntegerAdmComputer;

  constructor(width: number, height: number) {
    checkSize(width, height, 'IntegerSpatialComputer');
    this.width = width;
    this.height = height;
    this.vif = new IntegerVifComputer(width, height);
    this.adm = new IntegerAdmComputer(width, height);
  }

  /** ref/dis: 8-bit luma planes of exactly width·height bytes. `neg` adds the `_egl_1` variants. */
  compute(ref: Uint8Array, dis: Uint8Array, neg: boolean): SpatialFeatures {
    const n = this.width * this.height;
    if (ref.length !== n || dis.length !== n)
      throw new Error(`IntegerSpatialComputer: planes of ${ref.length} and ${dis.length} bytes, expected ${n} (${this.width}x${this.height})`);
    return { vif: this.vif.compute(ref, dis, neg), adm: this.adm.compute(ref, dis, neg) };
  }
}

/**
 * Threads that compute `SpatialFeatures`. `spatial` reads the planes it is given before it returns (copying them
 * into buffers of its own if the work happens later) and never keeps or changes them: the caller's frames stay
 * the caller's. Results may complete in any order; the extractor re-orders them.
 */
export interface SpatialPool {
  /** Number of threads (how many frames are worth keeping in flight). */
  readonly size: number;
  spatial(width: number, height: number, neg: boolean, ref: Uint8Array, dis: Uint8Array): Promise<SpatialFeatures>;
}

/** Integer VIF gives per-scale scores (num/den already divided): feed them with unit denominators. */
const UNIT = [1, 1, 1, 1] as const;

/**
 * Same contract as `IntegerVmafExtractor` (features of every frame that became final, lagging one frame), but
 * `push` hands VIF/ADM to the pool and returns a promise; promises resolve in push order.
 */
export class ParallelIntegerVmafExtractor extends VmafStream {
  private readonly pool: SpatialPool;
  private readonly motion: IntegerMotionComputer;
  /** Settles after the newest push has been assembled (rejections swallowed: each push reports its own). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(width: number, height: number, options: { neg?: boolean } | undefined, pool: SpatialPool) {
    checkSize(width, height, 'ParallelIntegerVmafExtractor');
    super('ParallelIntegerVmafExtractor', width, height, options);
    this.pool = pool;
    this.motion = new IntegerMotionComputer(width, height);
  }

  /** Runs synchronously up to handing the pair to the pool (the caller may then reuse its planes); a short plane rejects. */
  async push(refY: Uint8Array, distY: Uint8Array): Promise<VmafFeatures[]> {
    const [ref, dis] = this.lumaPlanes(refY, distY);
    // Motion first, on this thread: it reads the reference before the copy below is handed to the pool.
    const motion = this.motion.push(ref);
    const task = this.pool.spatial(this.width, this.height, this.neg, ref, dis);
    // `task` is only awaited once the pushes before it are assembled; if it fails first (a pool closed or a thread
    // lost while earlier pairs are still running), its rejection must not count as unhandled meanwhile: it reaches
    // the caller through `out`, and the caller's first error is the one reported (issue 13, item 1).
    task.catch(() => undefined);
    const out = this.tail
      .then(() => task)
      .then((s) => this.lag.push(assembleFeatures({ num: s.vif.scores, numEgl: s.vif.scoresEgl, den: UNIT }, s.adm, motion, this.neg)));
    this.tail = out.catch(() => undefined);
    return out;
  }

  /** After the last frame: the remaining frame, once every push has been assembled; then a new sequence starts. */
  flush(): Promise<VmafFeatures[]> {
    this.motion.reset();
    const out = this.tail.then(() => this.lag.flush());
    this.tail = out.catch(() => undefined);
    return out;
  }
}

function checkSize(width: number, height: number, who: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 32 || height <= 32) {
    throw new Error(`${who}: frame size ${width}x${height} must exceed 32x32`);
  }
}

/** A pool that runs on the calling thread (one computer per size): tests, and environments without threads. */
export function inlineSpatialPool(): SpatialPool {
  let computer: IntegerSpatialComputer | null = null;
  return {
    size: 1,
    async spatial(width, height, neg, ref, dis) {
      if (!computer || computer.width !== width || computer.height !== height) computer = new IntegerSpatialComputer(width, height);
      return computer.compute(ref, dis, neg);
    },
  };
}

/**
 * Recycles the plane buffers a thread pool sends to its threads: a pool copies each frame pair into two buffers
 * taken here, transfers them to a thread, and gives them back here when the thread returns them with its result.
 * Steady state allocates nothing, so no thread is left holding garbage frames for its collector to find.
 */
export class PlaneBuffers {
  private readonly free = new Map<number, ArrayBuffer[]>();
  private readonly keep: number;

  /** @param keep buffers kept per size (about two per frame pair in flight) */
  constructor(keep: number) {
    this.keep = keep;
  }

  /** A buffer of `plane.length` bytes holding a copy of `plane`. */
  copy(plane: Uint8Array): ArrayBuffer {
    const list = this.free.get(plane.length);
    const buf = list?.pop() ?? new ArrayBuffer(plane.length);
    new Uint8Array(buf).set(plane);
    return buf;
  }

  /** Takes back a buffer a thread returned (ignored once `keep` buffers of its size are waiting). */
  release(buf: ArrayBuffer | undefined): void {
    if (!buf || buf.byteLength === 0) return;
    let list = this.free.get(buf.byteLength);
    if (!list) this.free.set(buf.byteLength, (list = []));
    if (list.length < this.keep) list.push(buf);
  }
}

/** What a thread sends back for one frame pair: the features, and the two plane buffers for reuse. */
export interface SpatialReply {
  features: SpatialFeatures;
  ref: ArrayBuffer;
  dis: ArrayBuffer;
}

/**
 * One frame pair as a pool thread receives it: the message of the browser's Comlink thread
 * (workers/vmaf-spatial.worker.ts) and, with a request id, of the CLI's worker_threads thread
 * (src/cli/threads/spatial-thread.ts). The two buffers are transferred, and come back in the `SpatialReply`.
 */
export interface SpatialTask {
  width: number;
  height: number;
  neg: boolean;
  ref: ArrayBuffer;
  dis: ArrayBuffer;
}

/**
 * The thread side of a pool, the same in every environment: computes one task's features, keeping one
 * IntegerSpatialComputer between tasks of the same size, and hands the buffers back.
 */
export function spatialTaskRunner(): (task: SpatialTask) => SpatialReply {
  let computer: IntegerSpatialComputer | null = null;
  return (t) => {
    if (!computer || computer.width !== t.width || computer.height !== t.height) {
      computer = null; // let the old buffers go before allocating the new size
      computer = new IntegerSpatialComputer(t.width, t.height);
    }
    return { features: computer.compute(new Uint8Array(t.ref), new Uint8Array(t.dis), t.neg), ref: t.ref, dis: t.dis };
  };
}

/**
 * One thread of a `ThreadedSpatialPool`, as each environment provides it (a Web Worker, a worker_threads Worker):
 * `run` transfers the two buffers to the thread and resolves with its reply, or rejects once the thread has
 * failed (`failed` then says why).
 */
export interface SpatialThread {
  readonly failed: Error | null;
  run(width: number, height: number, neg: boolean, ref: ArrayBuffer, dis: ArrayBuffer): Promise<SpatialReply>;
  close(): void | Promise<void>;
}

/**
 * A `SpatialPool` over threads: each frame pair goes to the live thread with the fewest pairs queued, copied into
 * recycled buffers (PlaneBuffers) that travel to the thread and back. A failed thread takes no more pairs; when
 * none is left, `spatial` rejects with the first one's reason.
 */
export class ThreadedSpatialPool implements SpatialPool {
  readonly size: number;
  private readonly threads: SpatialThread[];
  private readonly queued: number[];
  private readonly buffers: PlaneBuffers;
  private closed = false;
  /** The first thread failure seen (what every later pair reports once no thread is left). */
  private failure: Error | null = null;

  /** @param start makes thread i (called `size` times, size a whole number ≥ 1) */
  constructor(size: number, start: (i: number) => SpatialThread) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`thread count must be a whole number ≥ 1, got ${size}`);
    this.size = size;
    this.buffers = new PlaneBuffers(4 * size + 4);
    this.threads = Array.from({ length: size }, (_, i) => start(i));
    this.queued = new Array<number>(size).fill(0);
  }

  async spatial(width: number, height: number, neg: boolean, ref: Uint8Array, dis: Uint8Array): Promise<SpatialFeatures> {
    let pick = -1;
    for (let i = 0; i < this.size; i++) {
      if (!this.closed && !this.threads[i]!.failed && (pick < 0 || this.queued[i]! < this.queued[pick]!)) pick = i;
    }
    if (pick < 0) throw this.closed ? new Error('VMAF pool is closed') : (this.failure ?? this.threads[0]!.failed!);
    // Copied now (the caller keeps its planes), into buffers that come back with the reply.
    const r = this.buffers.copy(ref);
    const d = this.buffers.copy(dis);
    this.queued[pick]!++;
    try {
      const reply = await this.threads[pick]!.run(width, height, neg, r, d);
      this.buffers.release(reply.ref);
      this.buffers.release(reply.dis);
      return reply.features;
    } catch (err) {
      if (!this.closed && this.threads[pick]!.failed) this.failure ??= this.threads[pick]!.failed;
      throw err;
    } finally {
      this.queued[pick]!--;
    }
  }

  /** Ends every thread; pairs still queued reject. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
