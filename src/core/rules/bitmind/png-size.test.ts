/** PNG size from the header and the mask size limit (issue 13 item 8: a 16000 × 16000 PNG crashed the tab). */
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { checkMaskSize, pngSize } from './png-size.ts';

/** A real PNG (grey, 8 bit) of w × h, every row filter 0, for sizes the test can afford; IHDR is what matters. */
function png(w: number, h: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const t = Buffer.concat([Buffer.from(type), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(t));
    return Buffer.concat([len, t, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const raw = Buffer.alloc(Math.min(h, 4) * (w + 1));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

describe('pngSize', () => {
  it('reads width and height from IHDR', () => {
    expect(pngSize(png(640, 480), 'a.png')).toEqual({ width: 640, height: 480 });
    expect(pngSize(png(16000, 16000).subarray(0, 33), 'big.png')).toEqual({ width: 16000, height: 16000 });
  });
  it('names the file when the bytes are not a PNG header', () => {
    expect(() => pngSize(new TextEncoder().encode('GIF89a'.padEnd(40)), 'x.png')).toThrow('x.png: not a PNG image');
    const bad = png(4, 4);
    bad[15] = 0x41; // IHDR → IHDA
    expect(() => pngSize(bad, 'y.png')).toThrow('y.png: damaged PNG');
  });
});

describe('checkMaskSize', () => {
  it('refuses 16000 × 16000 and empty images, accepts 4096 × 4096', () => {
    expect(() => checkMaskSize(16000, 16000, 'big.pred.png')).toThrow(
      'big.pred.png: the image is 16000 × 16000 pixels; masks of at most 16,777,216 pixels (4096 × 4096) are read, so it was not decoded',
    );
    expect(() => checkMaskSize(0, 5, 'e.png')).toThrow('empty');
    expect(() => checkMaskSize(4096, 4096, 'ok.png')).not.toThrow();
    expect(() => checkMaskSize(4097, 4096, 'ok.png')).toThrow('4097 × 4096');
  });
});
