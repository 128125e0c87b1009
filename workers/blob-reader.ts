/**
 * A Blob reader on a thread of its own for the engine worker (./blob-reader.worker.ts): `read` has the shape of
 * `DecodeOptions.readBlob` (src/media/decode.ts), so the y4m path reads its next frames there while the engine
 * worker computes. Should the thread fail (it could not start: a browser without nested module workers, a
 * blocked script), the reads in flight and every later one run on the calling thread instead: slower, never lost.
 */
import * as Comlink from 'comlink';
import type { BlobReaderApi } from './blob-reader.worker.ts';

export interface BlobReaderThread {
  read(blob: Blob, offset: number, length: number): Promise<Uint8Array>;
  close(): void;
}

/** The thread starts on the first read (only y4m inputs read through it). */
export function startBlobReader(): BlobReaderThread {
  let started: { api: Comlink.Remote<BlobReaderApi>; worker: Worker; failure: Promise<never> } | null = null;
  const start = () => {
    const worker = new Worker(new URL('./blob-reader.worker.ts', import.meta.url), { type: 'module', name: 'preflight-blob-reader' });
    const failure = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        reject(new Error(`the file reading thread failed: ${e.message || 'it could not start'}`));
      });
    });
    failure.catch(() => undefined);
    return { api: Comlink.wrap<BlobReaderApi>(worker), worker, failure };
  };
  let failed = false;
  const readHere = async (blob: Blob, offset: number, length: number) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
  return {
    async read(blob, offset, length) {
      if (failed) return readHere(blob, offset, length);
      try {
        started ??= start();
        return await Promise.race([started.api.read(blob, offset, length), started.failure]);
      } catch {
        failed = true;
        return readHere(blob, offset, length);
      }
    },
    close() {
      if (!started) return;
      started.api[Comlink.releaseProxy]();
      started.worker.terminate();
    },
  };
}
