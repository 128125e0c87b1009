/**
 * Main-thread side of the LPIPS-VGG worker: status, staging each weight file (validated in the worker), installing
 * the pair, removal, and `browserLpipsEngine()`, an `LpipsEngine` (src/core/metrics/removal/api.ts) whose
 * `distances` run in the worker; aborting terminates the worker (an ORT run cannot be interrupted otherwise) and
 * the next call starts a fresh one. The worker starts on first use.
 */
import * as Comlink from 'comlink';
import type { LpipsApi, LpipsStaged, LpipsStatus } from '../../workers/lpips.worker.ts';
import type { LpipsEngine } from '../core/metrics/removal/api.ts';
import type { LpipsFileKind } from '../core/lpips/weights.ts';
import { progress, WorkerBridge } from './worker-bridge.ts';

export type { LpipsStaged, LpipsStatus, LpipsFileKind };

const bridge = new WorkerBridge<LpipsApi>({
  create: () => new Worker(new URL('../../workers/lpips.worker.ts', import.meta.url), { type: 'module', name: 'preflight-lpips' }),
  what: 'The LPIPS-VGG computation',
  // Keeps the ORT session (slow to create from the stored graph) for a user checking several items in a row.
  idleMs: 5 * 60_000,
});

function abortable<T>(signal: AbortSignal | undefined, run: (a: Comlink.Remote<LpipsApi>) => Promise<T>): Promise<T> {
  return bridge.call(signal, run);
}

export async function lpipsStatus(): Promise<LpipsStatus> {
  try {
    return await bridge.call(undefined, (a) => a.status());
  } catch (err) {
    return { installed: false, message: `the model store could not be read (${(err as Error).message})` };
  }
}

/** Reads and validates one of the two files in the worker; rejects with a message naming the file and the problem. */
export function stageLpipsFile(signal: AbortSignal | undefined, kind: LpipsFileKind, file: File): Promise<LpipsStaged> {
  return abortable(signal, (a) => a.stage(kind, file, file.name));
}

/** Installs the two staged files as one graph. */
export function installLpips(signal: AbortSignal | undefined, onProgress?: (p: { phase: string; fraction: number }) => void): Promise<LpipsStatus> {
  return abortable(signal, (a) => a.install(progress(onProgress)));
}

export function removeLpips(): Promise<void> {
  return bridge.call(undefined, (a) => a.remove());
}

/** An LpipsEngine running in the LPIPS worker, or null when no weights are installed. */
export async function browserLpipsEngine(): Promise<LpipsEngine | null> {
  const s = await lpipsStatus();
  if (!s.installed) return null;
  let label = 'onnxruntime-web (LPIPS worker)';
  return {
    get label() {
      return label;
    },
    async distances(pairs, signal) {
      const r = await abortable(signal, (a) => a.distances(pairs.map((p) => ({ a: p.a, b: p.b, width: p.width, height: p.height }))));
      label = r.label;
      return r.distances;
    },
  };
}
