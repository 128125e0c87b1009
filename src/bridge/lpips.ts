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

export type { LpipsStaged, LpipsStatus, LpipsFileKind };

let worker: Worker | null = null;
let api: Comlink.Remote<LpipsApi> | null = null;

function start(): Comlink.Remote<LpipsApi> {
  if (!api) {
    worker = new Worker(new URL('../../workers/lpips.worker.ts', import.meta.url), { type: 'module', name: 'preflight-lpips' });
    api = Comlink.wrap<LpipsApi>(worker);
  }
  return api;
}

function stop() {
  worker?.terminate();
  worker = null;
  api = null;
}

const cancelled = () => Object.assign(new Error('Cancelled'), { name: 'AbortError' });

async function abortable<T>(signal: AbortSignal | undefined, run: (a: Comlink.Remote<LpipsApi>) => Promise<T>): Promise<T> {
  const a = start();
  if (!signal) return run(a);
  if (signal.aborted) throw cancelled();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      stop();
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    run(a).then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function lpipsStatus(): Promise<LpipsStatus> {
  try {
    return await start().status();
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
  return abortable(signal, (a) => a.install(onProgress ? Comlink.proxy(onProgress) : undefined));
}

export function removeLpips(): Promise<void> {
  return start().remove();
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
