/**
 * Byte-array helpers shared by the container readers and writers (the MP4 reader's synthetic ftyp + moov file, the
 * test writers of y4m streams and torch zip archives). Pure TS.
 */

/** The given byte arrays one after the other, in a new array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
