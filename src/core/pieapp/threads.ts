/**
 * How many threads PIE-APP's onnxruntime-web (WASM) session runs with in a browser, and why it is fewer than the
 * machine's cores when it is. One multi-threaded ORT session (ORT's intra-op thread pool over WebAssembly threads)
 * is what the PIE-APP worker runs: a pool of single-threaded workers was within noise of it in the benchmark runs
 * recorded in docs/architecture.md ("PIE-APP: engines and threads"), and the session holds one copy of the 273 MB
 * weights where a pool holds one per worker. WebAssembly threads need SharedArrayBuffer, which browsers give only to cross-origin-isolated pages
 * (COOP same-origin + COEP require-corp); without it the session runs on one thread, and this module says so.
 * Pure: the caller passes what it read from `navigator` / `self`.
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
