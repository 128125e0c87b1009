/**
 * Container sniffing from a file's first bytes (magic numbers), shared by the app's probe and decoder
 * (src/media/sniff.ts) and the CLI's input checks (src/cli/media/inspect.ts), so both pick a path without trusting
 * the file extension: ISO BMFF (mp4/mov: a known top-level box type at bytes 4..8), YUV4MPEG2, Matroska/WebM (EBML
 * magic 1A 45 DF A3), and text (tabs, newlines and printable ASCII/UTF-8 bytes only), which is never a video.
 */

/** What the first bytes look like. */
export type SniffedKind = 'mp4' | 'y4m' | 'matroska' | 'text' | 'empty' | 'unknown';

/** ISO BMFF top-level box types that may open a file. */
const ISO_TOP_LEVEL = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'styp', 'sidx', 'moof', 'uuid']);

/** Classifies a file from its first bytes (the app reads 4096; never by its name). */
export function sniffBytes(head: Uint8Array): SniffedKind {
  if (head.length === 0) return 'empty';
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 10 && ascii(0, 10) === 'YUV4MPEG2 ') return 'y4m';
  if (head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'matroska';
  if (head.length >= 8 && ISO_TOP_LEVEL.has(ascii(4, 8))) return 'mp4';
  // Text: no control byte other than tab, LF and CR, and no DEL (bytes ≥ 128 count as UTF-8 text).
  for (const b of head) if ((b < 32 && b !== 9 && b !== 10 && b !== 13) || b === 127) return 'unknown';
  return 'text';
}
