/**
 * Minimal YUV4MPEG2 reader for the VMAF tests only (the product y4m parser lives elsewhere): parses the
 * stream header (W, H, C420* colour spaces) and the FRAME markers, and returns 8-bit 4:2:0 planes.
 */

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

/** Parses a complete 8-bit 4:2:0 y4m byte buffer; throws on anything else. */
export function parseY4m(bytes: Uint8Array): Y4mClip {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) throw new Error('y4m: no header line');
  const header = new TextDecoder().decode(bytes.subarray(0, nl));
  const tokens = header.split(' ');
  if (tokens[0] !== 'YUV4MPEG2') throw new Error('y4m: bad signature');
  let width = 0;
  let height = 0;
  let colour = '420jpeg';
  for (const t of tokens.slice(1)) {
    if (t.startsWith('W')) width = Number(t.slice(1));
    else if (t.startsWith('H')) height = Number(t.slice(1));
    else if (t.startsWith('C')) colour = t.slice(1);
  }
  if (!colour.startsWith('420')) throw new Error(`y4m: unsupported colour space C${colour}`);
  if (!(width > 0 && height > 0)) throw new Error('y4m: missing W/H');
  const cw = (width + 1) >> 1;
  const ch = (height + 1) >> 1;
  const ySize = width * height;
  const cSize = cw * ch;
  const frames: Y4mFrame[] = [];
  let pos = nl + 1;
  while (pos < bytes.length) {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw new Error('y4m: truncated frame header');
    const marker = new TextDecoder().decode(bytes.subarray(pos, Math.min(end, pos + 5)));
    if (marker !== 'FRAME') throw new Error(`y4m: expected FRAME at byte ${pos}`);
    pos = end + 1;
    if (pos + ySize + 2 * cSize > bytes.length) throw new Error('y4m: truncated frame data');
    frames.push({
      y: bytes.slice(pos, pos + ySize),
      u: bytes.slice(pos + ySize, pos + ySize + cSize),
      v: bytes.slice(pos + ySize + cSize, pos + ySize + 2 * cSize),
    });
    pos += ySize + 2 * cSize;
  }
  return { width, height, frames };
}
