/**
 * Main-thread side of the mask worker (workers/masks.worker.ts) for the BitMind segmenter page: a small pool of
 * `WorkerBridge`s (./worker-bridge.ts) started per scoring scores mask pairs in order, reports progress after each
 * pair, and an AbortSignal terminates every worker (the call then rejects with an AbortError). The page stays responsive because decoding
 * and IoU run off the main thread. Before any decoding, each file's size is checked: a PNG's width and height are read
 * from its IHDR header (33 bytes) and masks over 4096 × 4096 pixels, or JSON masks over 128 MiB, are refused with
 * the file named (core png-size.ts), so a small file that decodes to gigabytes cannot crash the tab.
 */
import { abortError } from '../core/abort.ts';
import { checkMaskSize, pngSize, PNG_HEADER_BYTES } from '../core/rules/bitmind/png-size.ts';
import type { DecodedPair, MaskFile, MasksApi, PairScore } from '../../workers/masks.worker.ts';
import { runOnce, WorkerBridge, type WorkerBridgeOptions } from './worker-bridge.ts';

export type { DecodedPair, MaskFile, PairScore };

export interface MaskPairFiles {
  key: string;
  pred: MaskFile;
  gt: MaskFile;
}

const MASK_WORKER: WorkerBridgeOptions = {
  create: () => new Worker(new URL('../../workers/masks.worker.ts', import.meta.url), { type: 'module', name: 'preflight-masks' }),
  what: 'The mask scoring',
};

/** Most bytes of a JSON mask (about 8 characters per value of a 4096 × 4096 mask). */
const MAX_JSON_MASK_BYTES = 128 * 1048576;

/** Throws an Error naming the file when it is too large to decode (read from the PNG header, never decoded here). */
export async function checkMaskFile(file: MaskFile): Promise<void> {
  if (/\.json$/i.test(file.name)) {
    if (file.blob.size > MAX_JSON_MASK_BYTES)
      throw new Error(
        `${file.name}: ${(file.blob.size / 1048576).toFixed(0)} MiB of JSON; JSON masks of at most ${MAX_JSON_MASK_BYTES / 1048576} MiB are read`,
      );
    return;
  }
  const { width, height } = pngSize(new Uint8Array(await file.blob.slice(0, PNG_HEADER_BYTES).arrayBuffer()), file.name);
  checkMaskSize(width, height, file.name);
}

/** The size problem of a pair (first file first), or null. */
async function pairSizeError(p: MaskPairFiles): Promise<string | null> {
  try {
    await checkMaskFile(p.pred);
    await checkMaskFile(p.gt);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
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
  if (signal?.aborted) throw abortError(MASK_WORKER.what, signal);
  const results: PairScore[] = new Array(pairs.length);
  // Size check of every file first (headers only): a refused pair is reported like any other failed pair.
  const todo: number[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const error = await pairSizeError(pairs[i]!);
    if (error) results[i] = { key: pairs[i]!.key, ok: false, error };
    else todo.push(i);
  }
  let done = pairs.length - todo.length;
  if (done) onProgress?.(done, pairs.length);
  if (todo.length === 0) return results;
  // Workers live for this scoring only (stopped below); each pair is one call, so an abort stops every worker.
  const slots = Array.from({ length: Math.min(poolSize(), Math.max(1, todo.length)) }, () => new WorkerBridge<MasksApi>({ ...MASK_WORKER, idleMs: Infinity }));
  let next = 0;
  const run = async (slot: WorkerBridge<MasksApi>) => {
    while (next < todo.length) {
      const i = todo[next++]!;
      const p = pairs[i]!;
      results[i] = await slot.call(signal, (api) => api.scorePair(packId, p.key, p.pred, p.gt));
      done++;
      onProgress?.(done, pairs.length);
    }
  };
  try {
    await Promise.all(slots.map(run));
    return results;
  } finally {
    for (const s of slots) s.stop();
  }
}

/** Decodes one pair for the overlay view in a short-lived worker. */
export async function decodeMaskPair(pred: MaskFile, gt: MaskFile): Promise<DecodedPair> {
  await checkMaskFile(pred);
  await checkMaskFile(gt);
  return runOnce<MasksApi, DecodedPair>({ ...MASK_WORKER, what: 'The mask decoding' }, undefined, (api) => api.decodePair(pred, gt));
}
