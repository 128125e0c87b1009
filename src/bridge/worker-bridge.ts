/**
 * The main thread's one way to use a Comlink worker (workers/*.worker.ts). A `WorkerBridge<Api>` starts its worker
 * on first use, and every call takes an AbortSignal: aborting terminates the worker (the only way to stop busy
 * wasm, ORT or GPU work) and the call rejects with an AbortError (src/core/abort.ts). Every other call in flight on
 * that worker rejects too, as does every call when the worker fails: a worker that cannot start (a missing or
 * broken module script) or crashes rejects its calls with "<what> failed: …" instead of leaving them pending, and
 * the next call starts a fresh worker. After `idleMs` without a call in flight the worker is terminated so its
 * memory is returned (0: after every call, Infinity: never). Progress callbacks cross with `progress(fn)`.
 *
 * The pages' bridges (engine, PIE-APP, masks, Yuma, BLY) are this class with their typed methods on top;
 * `runOnce` is a call in a fresh worker of its own, which ends with the call.
 */
import * as Comlink from 'comlink';
import { abortError } from '../core/abort.ts';

export interface WorkerBridgeOptions {
  /**
   * Starts the worker. Write `new Worker(new URL('../../workers/x.worker.ts', import.meta.url), { type: 'module' })`
   * literally here: Vite bundles a worker only from that form.
   */
  create: () => Worker;
  /** What the worker does, for messages: "The Yuma computation" gives "The Yuma computation was cancelled". */
  what: string;
  /** Milliseconds without a call in flight after which the worker is terminated; 0: after every call; Infinity: never. Default 60 s. */
  idleMs?: number;
}

interface Running<Api> {
  worker: Worker;
  api: Comlink.Remote<Api>;
  /** Rejects when this worker ends (stopped, aborted, failed); every call races it. */
  ended: Promise<never>;
  end(reason: Error): void;
}

export const DEFAULT_IDLE_MS = 60_000;

/** A Comlink proxy of a progress callback (functions cannot be cloned to a worker), or undefined. */
export function progress<F extends (...args: never[]) => unknown>(fn: F | undefined): (F & Comlink.ProxyMarked) | undefined {
  return fn ? Comlink.proxy(fn) : undefined;
}

export class WorkerBridge<Api> {
  private running: Running<Api> | null = null;
  private busy = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: WorkerBridgeOptions) {}

  /** Whether a worker is running now. */
  get started(): boolean {
    return this.running !== null;
  }

  /** Terminates the worker now; calls in flight reject with an AbortError. The next call starts a fresh worker. */
  stop(): void {
    this.end(abortError(this.options.what));
  }

  /**
   * Runs `fn` on the worker's API, starting the worker when none is running.
   * @throws AbortError when `signal` aborts (the worker is terminated); "<what> failed: …" when the worker fails
   */
  async call<T>(signal: AbortSignal | undefined, fn: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw abortError(this.options.what, signal);
    const running = this.start();
    this.busy++;
    const onAbort = () => this.end(abortError(this.options.what, signal), running);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([fn(running.api), running.ended]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (--this.busy === 0) this.idle();
    }
  }

  private start(): Running<Api> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.running) return this.running;
    const { what } = this.options;
    let worker: Worker;
    try {
      worker = this.options.create();
    } catch (err) {
      throw new Error(`${what} could not start: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
    let end: (reason: Error) => void = () => undefined;
    const ended = new Promise<never>((_, reject) => {
      end = reject;
    });
    ended.catch(() => undefined); // nobody may be waiting when an idle worker is stopped
    const running: Running<Api> = { worker, api: Comlink.wrap<Api>(worker), ended, end };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.end(new Error(`${what} failed: ${e.message || 'the worker could not start or stopped (out of memory?)'}`), running);
    });
    this.running = running;
    return running;
  }

  /** Terminates `which` (default: the running worker) and rejects its calls with `reason`. */
  private end(reason: Error, which: Running<Api> | null = this.running): void {
    if (!which || which !== this.running) return;
    this.running = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    which.worker.terminate();
    which.end(reason);
  }

  private idle(): void {
    const ms = this.options.idleMs ?? DEFAULT_IDLE_MS;
    if (ms === 0) this.stop();
    else if (Number.isFinite(ms)) this.idleTimer = setTimeout(() => this.stop(), ms);
  }
}

/** Runs one call in a fresh worker that is terminated when the call settles (or `signal` aborts). */
export function runOnce<Api, T>(
  options: Omit<WorkerBridgeOptions, 'idleMs'>,
  signal: AbortSignal | undefined,
  fn: (api: Comlink.Remote<Api>) => Promise<T>,
): Promise<T> {
  return new WorkerBridge<Api>({ ...options, idleMs: 0 }).call(signal, fn);
}
