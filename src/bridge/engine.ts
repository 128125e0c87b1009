/**
 * Main-thread side of the video engine worker (Squoosh-style): the worker starts on first use, every call takes an
 * AbortSignal first, aborting terminates the worker (the only way to stop busy wasm/GPU work) and rejects with an
 * AbortError, and an idle worker is shut down after a minute so its memory is returned.
 */
import * as Comlink from 'comlink';
import type { EngineApi, EngineMeasureResult, MeasureRequest } from '../../workers/engine.worker.ts';
import type { MediaProbe } from '../media/probe.ts';
import type { YuvFrame } from '../core/video/frame.ts';

export type { EngineMeasureResult, MeasureRequest, MediaProbe };

const IDLE_MS = 60_000;

export class EngineBridge {
  private worker: Worker | null = null;
  private api: Comlink.Remote<EngineApi> | null = null;
  private busy = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  private start(): Comlink.Remote<EngineApi> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.api) {
      this.worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'preflight-engine' });
      this.api = Comlink.wrap<EngineApi>(this.worker);
    }
    return this.api;
  }

  /** Terminates the worker now (pending calls reject). */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }

  private async call<T>(signal: AbortSignal | undefined, fn: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
    if (signal?.aborted) throw abortError();
    const api = this.start();
    this.busy++;
    let onAbort: (() => void) | null = null;
    try {
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => {
          this.stop();
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      return await Promise.race([fn(api), aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      if (--this.busy === 0) this.idleTimer = setTimeout(() => this.stop(), IDLE_MS);
    }
  }

  probe(signal: AbortSignal | undefined, file: Blob, name?: string): Promise<MediaProbe> {
    return this.call(signal, (api) => api.probe(file, name));
  }

  /** Decoded yuv420p frames `start` … `start + count − 1` (display order, 0-based) of one clip, for viewing. */
  readFrames(signal: AbortSignal | undefined, file: Blob, start: number, count: number): Promise<YuvFrame[]> {
    return this.call(signal, (api) => api.readFrames(file, start, count));
  }

  measure(
    signal: AbortSignal | undefined,
    ref: Blob,
    dist: Blob,
    request: MeasureRequest,
    onProgress?: (p: { done: number; total?: number }) => void,
  ): Promise<EngineMeasureResult> {
    return this.call(signal, (api) => api.measure(ref, dist, request, onProgress ? Comlink.proxy(onProgress) : undefined));
  }
}

function abortError(): Error {
  const e = new Error('Cancelled');
  e.name = 'AbortError';
  return e;
}

/** The app's one engine. */
export const engine = new EngineBridge();
