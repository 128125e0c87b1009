/**
 * How PIE-APP's onnxruntime-web (WASM) engine is spread over a browser's cores, and why it uses fewer than the
 * machine has when it does. `pieappThreadPlan` sizes one ORT session (ORT's intra-op thread pool over WebAssembly
 * threads): the LPIPS worker runs one, and the PIE-APP measurements ask for given counts. `pieappPoolPlan` is what
 * the app's PIE-APP worker runs: a pool of workers with a session each, splitting every frame's patches between
 * them; a pool of two single-thread workers beat one two-thread session in every benchmark run recorded in
 * docs/architecture.md ("PIE-APP: engines and threads"), at one copy of the 273 MB weights per worker, so memory
 * bounds the pool. WebAssembly threads need SharedArrayBuffer, which browsers give only to cross-origin-isolated
 * pages (COOP same-origin + COEP require-corp); without it a session runs on one thread (a pool still runs one per
 * worker), and these plans say so. Pure: the caller passes what it read from `navigator` / `self`.
 */

/** Most threads PIE-APP asks for: beyond 8, ORT's convolution split gains little and the page needs a core. */
export const PIEAPP_MAX_THREADS = 8;

/** What the environment offers. */
export interface ThreadEnvironment {
  /** navigator.hardwareConcurrency (0 or undefined when the browser hides it). */
  cores: number | undefined;
  /** self.crossOriginIsolated. */
  crossOriginIsolated: boolean;
  /** Whether a shared WebAssembly.Memory can be created (WebAssembly threads). */
  wasmThreads: boolean;
  /** A user or test override of the thread count (undefined: as many as allowed). */
  requested?: number;
}

/** Why PIE-APP runs fewer threads than the machine has cores. */
export type ThreadLimit = 'none' | 'not-isolated' | 'no-wasm-threads' | 'capped' | 'requested';

/** The decision. */
export interface ThreadPlan {
  threads: number;
  cores: number;
  limit: ThreadLimit;
  /** One sentence for the Settings page. */
  reason: string;
}

/** The thread count for PIE-APP's ORT session and the reason when it is below the core count. */
export function pieappThreadPlan(env: ThreadEnvironment): ThreadPlan {
  const cores = Math.max(1, Math.floor(env.cores || 1));
  if (!env.crossOriginIsolated) {
    return {
      threads: 1,
      cores,
      limit: 'not-isolated',
      reason:
        'this page is not cross-origin isolated (it was served without the COOP/COEP headers), so WebAssembly threads are unavailable and PIE-APP runs on one thread',
    };
  }
  if (!env.wasmThreads) {
    return {
      threads: 1,
      cores,
      limit: 'no-wasm-threads',
      reason: 'this browser does not support WebAssembly threads (shared memory), so PIE-APP runs on one thread',
    };
  }
  if (env.requested !== undefined && Number.isFinite(env.requested) && env.requested >= 1) {
    const threads = Math.min(Math.floor(env.requested), PIEAPP_MAX_THREADS);
    return {
      threads,
      cores,
      limit: threads < cores ? 'requested' : 'none',
      reason: threads < cores ? `${threads} thread${threads === 1 ? '' : 's'} requested` : '',
    };
  }
  if (cores > PIEAPP_MAX_THREADS) {
    return {
      threads: PIEAPP_MAX_THREADS,
      cores,
      limit: 'capped',
      reason: `capped at ${PIEAPP_MAX_THREADS} threads: more gain little on this network and the page keeps a core`,
    };
  }
  return { threads: cores, cores, limit: 'none', reason: '' };
}

/**
 * Most PIE-APP workers the app starts. Each worker holds its own ORT session: the 273 MB of weights in its
 * WebAssembly memory, ORT's repacked convolution weights, and a batch's activations (256 MiB budget,
 * src/ml/pieapp-runner.ts); Chromium's processes grew by ≈ 1.1 GB per worker scoring batches of 26 (measured
 * on this project's machine from the processes' resident memory, one worker against two).
 */
export const PIEAPP_MAX_WORKERS = 4;
/**
 * Device memory (GiB, `navigator.deviceMemory`) per PIE-APP worker, so that the workers' ≈ 1.1 GB each stay
 * within about a third of the device. Chromium reports at most 8 (rounded down to a power of two), so a
 * Chromium pool has at most two workers, and a 4 GB device runs one.
 */
export const PIEAPP_GIB_PER_WORKER = 3;
/** Workers where the browser does not say how much memory the device has (Firefox, Safari; phones among them). */
export const PIEAPP_WORKERS_UNKNOWN_MEMORY = 1;

/** What the environment offers to the pool: the thread environment and the device memory. */
export interface PoolEnvironment extends ThreadEnvironment {
  /** navigator.deviceMemory, GiB (Chromium rounds down to a power of two and caps at 8); undefined where hidden. */
  deviceMemoryGiB?: number | undefined;
}

/** The pool decision: `workers[i]` is the WASM thread count of worker i; `threads` their sum. */
export interface PoolPlan extends ThreadPlan {
  workers: number[];
}

/**
 * How the app spreads PIE-APP over the machine: a pool of workers, each with its own single- or multi-threaded ORT
 * session, scoring disjoint batches of a frame's patches (src/ml/pieapp-runner.ts). Workers before threads: on 2
 * cores a pool of two single-thread workers ran 1.88–1.99× one thread in every benchmark run, one session on two
 * threads 1.63–1.87× (docs/architecture.md, "PIE-APP: engines and threads"): independent sessions never wait for
 * each other, ORT's intra-op threads meet at every layer. A pool needs no WebAssembly threads at all, so it also
 * runs on pages that are not cross-origin isolated. What limits it is memory: at most PIEAPP_MAX_WORKERS workers,
 * one per PIEAPP_GIB_PER_WORKER GiB of device memory (PIEAPP_WORKERS_UNKNOWN_MEMORY where the browser hides it).
 * The threads left over when memory caps the workers go to the workers as WASM threads, which needs isolation.
 */
export function pieappPoolPlan(env: PoolEnvironment): PoolPlan {
  const cores = Math.max(1, Math.floor(env.cores || 1));
  const requested = env.requested !== undefined && Number.isFinite(env.requested) && env.requested >= 1 ? Math.floor(env.requested) : undefined;
  const wanted = Math.min(requested ?? cores, PIEAPP_MAX_THREADS);
  const memory = env.deviceMemoryGiB !== undefined && Number.isFinite(env.deviceMemoryGiB) && env.deviceMemoryGiB > 0 ? env.deviceMemoryGiB : undefined;
  const memoryWorkers = memory === undefined ? PIEAPP_WORKERS_UNKNOWN_MEMORY : Math.max(1, Math.floor(memory / PIEAPP_GIB_PER_WORKER));
  const count = Math.max(1, Math.min(wanted, PIEAPP_MAX_WORKERS, memoryWorkers));
  const threaded = env.crossOriginIsolated && env.wasmThreads;
  const workers = Array.from({ length: count }, (_, i) => (threaded ? Math.floor(wanted / count) + (i < wanted % count ? 1 : 0) : 1));
  const threads = workers.reduce((a, b) => a + b, 0);
  const shape = count === 1 ? `one worker` : `${count} workers`;
  const memoryText =
    memory === undefined
      ? `this browser does not say how much memory the device has, so PIE-APP starts ${shape} (each holds its own copy of the weights)`
      : `this device's ${memory} GB of memory allow${memory === 1 ? 's' : ''} ${shape} (each holds its own copy of the weights)`;
  let limit: ThreadLimit = 'none';
  let reason = '';
  if (requested !== undefined && threads < cores) {
    limit = 'requested';
    reason = `${threads} thread${threads === 1 ? '' : 's'} requested`;
  } else if (!threaded && threads < wanted) {
    limit = env.crossOriginIsolated ? 'no-wasm-threads' : 'not-isolated';
    reason = `${
      env.crossOriginIsolated
        ? 'this browser does not support WebAssembly threads (shared memory)'
        : 'this page is not cross-origin isolated (it was served without the COOP/COEP headers), so WebAssembly threads are unavailable'
    }: each PIE-APP worker runs one thread, and ${memoryText}`;
  } else if (threads < cores && wanted === PIEAPP_MAX_THREADS && requested === undefined) {
    limit = 'capped';
    reason = `capped at ${PIEAPP_MAX_THREADS} threads: more gain little on this network and the page keeps a core`;
  } else if (!threaded) {
    limit = env.crossOriginIsolated ? 'no-wasm-threads' : 'not-isolated';
    reason = `${
      env.crossOriginIsolated ? 'this browser does not support WebAssembly threads' : 'this page is not cross-origin isolated'
    }, so each PIE-APP worker runs one thread`;
  }
  return { threads, cores, limit, reason, workers };
}
