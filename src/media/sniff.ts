/**
 * Container sniffing from a file's first bytes (magic numbers), so probe and decode pick a path without trusting
 * the file extension: ISO BMFF (mp4/mov: a known top-level box type at bytes 4..8), YUV4MPEG2, Matroska/WebM (EBML
 * magic 1A 45 DF A3), and text (printable ASCII/UTF-8 only), which is never a video.
 */

/** What the first bytes look like. */
export type SniffedKind = 'mp4' | 'y4m' | 'matroska' | 'text' | 'empty' | 'unknown';

const ISO_TOP_LEVEL = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'styp', 'sidx', 'moof', 'uuid']);

/** Classifies a file from its first (up to) 4096 bytes. */
export function sniffBytes(head: Uint8Array): SniffedKind {
  if (head.length === 0) return 'empty';
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 10 && ascii(0, 10) === 'YUV4MPEG2 ') return 'y4m';
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'matroska';
  if (head.length >= 8 && ISO_TOP_LEVEL.has(ascii(4, 8))) return 'mp4';
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128) printable++;
  let controls = 0;
  for (const b of head) if (b < 32 && b !== 9 && b !== 10 && b !== 13) controls++;
  if (controls === 0 && printable === head.length) return 'text';
  return 'unknown';
}

/** Reads the first `n` bytes of a Blob. */
export async function readHead(file: Blob, n = 4096): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, Math.min(n, file.size)).arrayBuffer());
}

/** A short printable preview of the first bytes, for error messages. */
export function previewText(head: Uint8Array, max = 24): string {
  const s = String.fromCharCode(...head.subarray(0, max)).replace(/[^\x20-\x7e]/g, '.');
  return JSON.stringify(s);
}
