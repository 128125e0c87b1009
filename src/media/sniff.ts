/**
 * Container sniffing for the app's probe and decoder: the first bytes of a Blob and a printable preview of them for
 * messages; the classification itself is src/core/video/sniff.ts (shared with the CLI).
 */
export { sniffBytes, type SniffedKind } from '../core/video/sniff.ts';

/** Reads the first `n` bytes of a Blob. */
export async function readHead(file: Blob, n = 4096): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, Math.min(n, file.size)).arrayBuffer());
}

/** A short printable preview of the first bytes, for error messages. */
export function previewText(head: Uint8Array, max = 24): string {
  const s = String.fromCharCode(...head.subarray(0, max)).replace(/[^\x20-\x7e]/g, '.');
  return JSON.stringify(s);
}
