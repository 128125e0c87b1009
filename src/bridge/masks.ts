/**
 * Main-thread side of the mask worker (workers/masks.worker.ts) for the BitMind segmenter page: a small pool of
 * workers started on first use scores mask pairs in order, reports progress after each pair, and an AbortSignal
 * terminates every worker (the call then rejects with an AbortError). The page stays responsive because decoding
 * and IoU run off the main thread.
 */
import * as Comlink from 'comlink';
import type { DecodedPair, MaskFile, MasksApi, PairScore } from '../../workers/masks.worker.ts';

export type { DecodedPair, MaskFile, PairScore };

export interface MaskPairFiles {
  key: string;
  pred: MaskFile;
  gt: MaskFile;
}

interface Slot {
  worker: Worker;
  api: Comlink.Remote<MasksApi>;
}

function startWorker(): Slot {
  const worker = new Worker(new URL('../../workers/masks.worker.ts', import.meta.url), { type: 'module', name: 'preflight-masks' });
  return { worker, api: Comlink.wrap<MasksApi>(worker) };
}

function abortError(): DOMException {
  return new DOMException('The mask scoring was cancelled', 'AbortError');
}

/** Worker count: one per spare core, 1…4. */
function poolSize(): number {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  return Math.max(1, Math.min(4, cores - 1));
}

/**
 * Scores every pair with `iou.mask` of `packId` in worker threads. Results come back in the input order.
 * @param onProgress called with (pairs done, total) after each pair
 * @throws DOMException AbortError when `signal` aborts (all workers are terminated)
 */
export async function scoreMaskPairs(
  signal: AbortSignal | undefined,
  packId: string,
  pairs: readonly MaskPairFiles[],
  onProgress?: (done: number, total: number) => void,
): Promise<PairScore[]> {
  if (signal?.aborted) throw abortError();
  const slots = Array.from({ length: Math.min(poolSize(), Math.max(1, pairs.length)) }, startWorker);
  const results: PairScore[] = new Array(pairs.length);
  let next = 0;
  let done = 0;
  let onAbort: (() => void) | null = null;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      for (const s of slots) s.worker.terminate();
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const run = async (slot: Slot) => {
    while (next < pairs.length) {
      const i = next++;
      const p = pairs[i]!;
      results[i] = await slot.api.scorePair(packId, p.key, p.pred, p.gt);
      done++;
      onProgress?.(done, pairs.length);
    }
  };
  try {
    await Promise.race([Promise.all(slots.map(run)), aborted]);
    return results;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    for (const s of slots) s.worker.terminate();
  }
}

/** Decodes one pair for the overlay view in a short-lived worker. */
export async function decodeMaskPair(pred: MaskFile, gt: MaskFile): Promise<DecodedPair> {
  const slot = startWorker();
  try {
    return await slot.api.decodePair(pred, gt);
  } finally {
    slot.worker.terminate();
  }
}
