/**
 * Main-thread side of the video engine worker (Squoosh-style), a `WorkerBridge` (./worker-bridge.ts): the worker
 * starts on first use, every call takes an AbortSignal first, aborting terminates the worker (the only way to stop
 * busy wasm/GPU work) and rejects with an AbortError, and an idle worker is shut down after a minute so its memory
 * is returned.
 */
import type { EngineApi } from '../../workers/engine.worker.ts';
import type { EngineMeasureResult, MeasureRequest, MediaProbe } from '../core/engine-protocol.ts';
import type { YuvFrame } from '../core/video/frame.ts';
import { progress, WorkerBridge } from './worker-bridge.ts';

export type { EngineMeasureResult, MeasureRequest, MediaProbe };

export class EngineBridge {
  private readonly bridge = new WorkerBridge<EngineApi>({
    create: () => new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'preflight-engine' }),
    what: 'The video engine',
    idleMs: 60_000,
  });

  /** Terminates the worker now (pending calls reject with an AbortError). */
  stop(): void {
    this.bridge.stop();
  }

  probe(signal: AbortSignal | undefined, file: Blob, name?: string): Promise<MediaProbe> {
    return this.bridge.call(signal, (api) => api.probe(file, name));
  }

  /** Decoded yuv420p frames `start` … `start + count − 1` (display order, 0-based) of one clip, for viewing. */
  readFrames(signal: AbortSignal | undefined, file: Blob, start: number, count: number): Promise<YuvFrame[]> {
    return this.bridge.call(signal, (api) => api.readFrames(file, start, count));
  }

  measure(
    signal: AbortSignal | undefined,
    ref: Blob,
    dist: Blob,
    request: MeasureRequest,
    onProgress?: (p: { done: number; total?: number }) => void,
  ): Promise<EngineMeasureResult> {
    return this.bridge.call(signal, (api) => api.measure(ref, dist, request, progress(onProgress)));
  }
}

/** The app's one engine. */
export const engine = new EngineBridge();
