/**
 * Main-thread side of the PIE-APP worker: model status and installation, scoring a window of frames, the thread
 * report for Settings, and `measurePieappPatches` (a fresh worker per call, so that each call gets the thread count
 * it asks for: ORT fixes it per worker). The worker starts on first use; aborting terminates it (ORT runs cannot
 * be interrupted otherwise).
 */
import * as Comlink from 'comlink';
import type { PieappApi, PieappPatchMeasure, PieappStatus, PieappThreadReport, PieappWindowResult } from '../../workers/pieapp.worker.ts';
import type { NetworkImage } from '../core/pieapp/patches.ts';

export type { PieappPatchMeasure, PieappStatus, PieappThreadReport, PieappWindowResult };

let worker: Worker | null = null;
let api: Comlink.Remote<PieappApi> | null = null;

function newWorker(): Worker {
  return new Worker(new URL('../../workers/pieapp.worker.ts', import.meta.url), { type: 'module', name: 'preflight-pieapp' });
}

function start(): Comlink.Remote<PieappApi> {
  if (!api) {
    worker = newWorker();
    api = Comlink.wrap<PieappApi>(worker);
  }
  return api;
}

function stop() {
  worker?.terminate();
  worker = null;
  api = null;
}

async function abortable<T>(signal: AbortSignal | undefined, run: (a: Comlink.Remote<PieappApi>) => Promise<T>): Promise<T> {
  const a = start();
  if (!signal) return run(a);
  if (signal.aborted) throw Object.assign(new Error('Cancelled'), { name: 'AbortError' });
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      stop();
      reject(Object.assign(new Error('Cancelled'), { name: 'AbortError' }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    run(a).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function pieappStatus(): Promise<PieappStatus> {
  try {
    return await start().status();
  } catch (err) {
    return { installed: false, message: `the model store could not be read (${(err as Error).message})` };
  }
}

export function installPieapp(signal: AbortSignal | undefined, file: File, onProgress?: (p: { phase: string; fraction: number }) => void): Promise<PieappStatus> {
  return abortable(signal, (a) => a.install(file, file.name, onProgress ? Comlink.proxy(onProgress) : undefined));
}

export function removePieapp(): Promise<void> {
  return start().remove();
}

export async function scorePieappWindow(
  signal: AbortSignal | undefined,
  ref: Blob,
  dist: Blob,
  startFrame: number,
  count: number,
  onProgress?: (p: { done: number; total: number }) => void,
  options: { patches?: 'all' | number; seed?: number; channelOrder?: 'bgr' | 'rgb' } = {},
): Promise<PieappWindowResult> {
  return abortable(signal, (a) => a.scoreWindow(ref, dist, startFrame, count, options, onProgress ? Comlink.proxy(onProgress) : undefined));
}

/** Threads PIE-APP runs with in this browser (and, once it has run, what ORT granted), with the reason when fewer than the cores. */
export function pieappThreads(): Promise<PieappThreadReport> {
  return start().threads();
}

/**
 * Scores an image pair on `model` (ONNX bytes) in a worker of its own on `threads` WASM threads (undefined: as
 * many as the thread plan allows), then ends that worker. Concurrent calls run in parallel workers.
 */
export async function measurePieappPatches(
  model: Uint8Array,
  ref: NetworkImage,
  dist: NetworkImage,
  options: { threads?: number; patches?: 'all' | number; seed?: number; batchSize?: number } = {},
): Promise<PieappPatchMeasure> {
  const w = newWorker();
  try {
    return await Comlink.wrap<PieappApi>(w).measurePatches(model, ref, dist, options);
  } finally {
    w.terminate();
  }
}
