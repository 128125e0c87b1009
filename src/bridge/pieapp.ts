/**
 * Main-thread side of the PIE-APP worker: model status and installation, scoring a window of frames, the thread
 * report for Settings, and `measurePieappPatches` (a fresh worker per call, so that it gets the threads or the pool
 * it asks for: ORT fixes the thread count per worker). A `WorkerBridge` (./worker-bridge.ts): the worker starts on
 * first use; aborting terminates it and its pool (ORT runs cannot be interrupted otherwise); an idle worker is shut
 * down after 5 minutes.
 */
import type { PieappApi, PieappMeasureOptions, PieappPatchMeasure, PieappStatus, PieappThreadReport, PieappWindowResult } from '../../workers/pieapp.worker.ts';
import type { NetworkImage } from '../core/pieapp/patches.ts';
import { progress, runOnce, WorkerBridge } from './worker-bridge.ts';

export type { PieappMeasureOptions, PieappPatchMeasure, PieappStatus, PieappThreadReport, PieappWindowResult };

function newWorker(): Worker {
  return new Worker(new URL('../../workers/pieapp.worker.ts', import.meta.url), { type: 'module', name: 'preflight-pieapp' });
}

/**
 * The page's PIE-APP worker. It keeps the ORT session of the installed model, which takes seconds to create, so it
 * idles longer than the engine before it is shut down (5 minutes: a user stepping through windows keeps it).
 */
const pieapp = new WorkerBridge<PieappApi>({ create: newWorker, what: 'The PIE-APP operation', idleMs: 5 * 60_000 });

export async function pieappStatus(): Promise<PieappStatus> {
  try {
    return await pieapp.call(undefined, (a) => a.status());
  } catch (err) {
    return { installed: false, message: `the model store could not be read (${(err as Error).message})` };
  }
}

export function installPieapp(
  signal: AbortSignal | undefined,
  file: File,
  onProgress?: (p: { phase: string; fraction: number }) => void,
): Promise<PieappStatus> {
  return pieapp.call(signal, (a) => a.install(file, file.name, progress(onProgress)));
}

export function removePieapp(): Promise<void> {
  return pieapp.call(undefined, (a) => a.remove());
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
  return pieapp.call(signal, (a) => a.scoreWindow(ref, dist, startFrame, count, options, progress(onProgress)));
}

/** Threads PIE-APP runs with in this browser (and, once it has run, what ORT granted), with the reason when fewer than the cores. */
export function pieappThreads(): Promise<PieappThreadReport> {
  return pieapp.call(undefined, (a) => a.threads());
}

/**
 * Scores an image pair on `model` (ONNX bytes) in a worker of its own on `threads` WASM threads (undefined: as
 * many as the thread plan allows) or, given `workers` (each one's thread count), in a pool of workers that split the
 * batches as the app's scoring does, then ends that worker. Concurrent calls run in parallel workers.
 */
export function measurePieappPatches(
  model: Uint8Array,
  ref: NetworkImage,
  dist: NetworkImage,
  options: PieappMeasureOptions = {},
): Promise<PieappPatchMeasure> {
  return runOnce<PieappApi, PieappPatchMeasure>({ create: newWorker, what: 'The PIE-APP measurement' }, undefined, (a) =>
    a.measurePatches(model, ref, dist, options),
  );
}
