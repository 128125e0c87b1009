/**
 * The VMAF tests' view of a whole (small) y4m file in memory: the product parser (src/core/video/y4m.ts) run over
 * the bytes at once, with the frames as plain 8-bit 4:2:0 planes.
 */
import { Y4mParser } from '../../video/y4m.ts';

/** One frame of a y4m file: luma plus chroma planes (stride = plane width). */
export interface Y4mFrame {
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
}

/** A whole (small) y4m file in memory. */
export interface Y4mClip {
  width: number;
  height: number;
  frames: Y4mFrame[];
}

/** Parses a complete 8-bit 4:2:0 y4m byte buffer; throws the parser's Y4mError on anything else. */
export function parseY4m(bytes: Uint8Array): Y4mClip {
  const parser = new Y4mParser();
  const frames = parser.push(bytes);
  parser.end();
  if (!parser.header) throw new Error('y4m: no header line');
  return { width: parser.header.width, height: parser.header.height, frames: frames.map(({ y, u, v }) => ({ y, u, v })) };
}
