/**
 * A thread that reads byte ranges of Blobs for the engine worker (started by ./blob-reader.ts). In Chromium a
 * Blob read arrives through the reading thread's own task queue, so a read started by the engine worker only
 * progresses while that thread is not computing; read here, the next frames of a y4m file arrive while the engine
 * worker measures the current ones. Exposed with Comlink; each read's buffer is transferred (not copied).
 */
import * as Comlink from 'comlink';

const api = {
  /** Bytes [offset, offset + length) of `blob`. */
  async read(blob: Blob, offset: number, length: number): Promise<Uint8Array> {
    const bytes = new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
};

export type BlobReaderApi = typeof api;
Comlink.expose(api);
