/**
 * Runs one call in a fresh worker and terminates it afterwards: the pattern of the pages whose parsing and
 * simulation grow with the input (Yuma, BLY). An AbortSignal terminates the worker at once and the call rejects
 * with an AbortError; an error thrown in the worker rejects with its message (Comlink carries it).
 */
import * as Comlink from 'comlink';

export function abortError(what: string): DOMException {
  return new DOMException(`${what} was cancelled`, 'AbortError');
}

export async function inWorker<Api, T>(start: () => Worker, signal: AbortSignal | undefined, what: string, call: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T> {
  if (signal?.aborted) throw abortError(what);
  const worker = start();
  let onAbort: (() => void) | null = null;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      worker.terminate();
      reject(abortError(what));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`${what} failed: ${e.message || 'the worker stopped'}`)), { once: true });
  });
  try {
    return await Promise.race([call(Comlink.wrap<Api>(worker)), aborted, crashed]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}
