/**
 * PNG reader: round trip through the writer, files written by ffmpeg's encoder with per-row adaptive filters
 * (`-pred mixed`, so Sub/Up/Average/Paeth rows occur), gray/RGBA, a hand-built palette file, and clear refusals.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { decodePng, encodePng } from './png.ts';
import { hasTool } from '../../../test-support/index.ts';

const hasFfmpeg = hasTool('ffmpeg');
const dir = mkdtempSync(join(tmpdir(), 'png-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pattern(w: number, h: number, channels: number): Uint8Array {
  const d = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < channels; c++) {
        d[(y * w + x) * channels + c] = (x * (3 + c) + y * (7 - c) + ((x * y) % 13) * 9) & 0xff;
      }
  return d;
}

function viaFfmpeg(w: number, h: number, inFmt: string, data: Uint8Array, outFmt: string): Uint8Array {
  const raw = join(dir, `in-${inFmt}.raw`);
  const png = join(dir, `out-${inFmt}-${outFmt}.png`);
  writeFileSync(raw, data);
  const r = spawnSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    inFmt,
    '-s',
    `${w}x${h}`,
    '-i',
    raw,
    '-pred',
    'mixed',
    '-pix_fmt',
    outFmt,
    png,
  ]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return new Uint8Array(readFileSync(png));
}

describe('decodePng', () => {
  it('round-trips the writer for gray, RGB and RGBA', () => {
    for (const channels of [1, 3, 4] as const) {
      const img = { width: 13, height: 7, channels, data: pattern(13, 7, channels) };
      expect(decodePng(encodePng(img))).toEqual(img);
    }
  });

  it.skipIf(!hasFfmpeg)('decodes ffmpeg PNGs with adaptive filters: RGB, RGBA, gray', () => {
    const w = 37,
      h = 23;
    const rgb = pattern(w, h, 3);
    expect(decodePng(viaFfmpeg(w, h, 'rgb24', rgb, 'rgb24'))).toEqual({ width: w, height: h, channels: 3, data: rgb });
    const rgba = pattern(w, h, 4);
    expect(decodePng(viaFfmpeg(w, h, 'rgba', rgba, 'rgba'))).toEqual({ width: w, height: h, channels: 4, data: rgba });
    const gray = pattern(w, h, 1);
    expect(decodePng(viaFfmpeg(w, h, 'gray', gray, 'gray'))).toEqual({ width: w, height: h, channels: 1, data: gray });
  });

  it('expands palette images to RGB', () => {
    // Hand-built color-type-3 PNG: 3×3 pixels, palette of 3 entries, rows filtered with None, Up and Average.
    const chunk = (type: string, data: Uint8Array) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(12 + data.length);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
      return out;
    };
    const ihdr = Buffer.from([0, 0, 0, 3, 0, 0, 0, 3, 8, 3, 0, 0, 0]);
    const plte = Uint8Array.of(255, 0, 0, 0, 255, 0, 1, 2, 3);
    const raw = Uint8Array.of(0, 0, 1, 2, /* Up: + row above */ 2, 1, 1, 0, /* Average: + ⌊(left + above)/2⌋ */ 3, 0, 0, 1);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('PLTE', plte),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array(0)),
    ]);
    const img = decodePng(png);
    expect(img.channels).toBe(3);
    // indices: row 0 = 0, 1, 2; row 1 = 0+1, 1+1, 2+0 = 1, 2, 2; row 2 = 0+⌊(0+1)/2⌋, 0+⌊(0+2)/2⌋, 1+⌊(1+2)/2⌋ = 0, 1, 2.
    expect(Array.from(img.data)).toEqual([255, 0, 0, 0, 255, 0, 1, 2, 3, 0, 255, 0, 1, 2, 3, 1, 2, 3, 255, 0, 0, 0, 255, 0, 1, 2, 3]);
  });

  it.skipIf(!hasFfmpeg)('refuses 16-bit PNGs with a conversion hint', () => {
    const png = viaFfmpeg(8, 8, 'rgb24', pattern(8, 8, 3), 'rgb48be');
    expect(() => decodePng(png, 'deep.png')).toThrow('deep.png has 16-bit samples; only 8-bit PNGs are supported');
  });

  it('refuses interlaced, truncated and non-PNG files', () => {
    const png = encodePng({ width: 8, height: 8, channels: 3, data: pattern(8, 8, 3) });
    const interlaced = png.slice();
    interlaced[8 + 8 + 12] = 1; // IHDR interlace byte
    expect(() => decodePng(interlaced, 'i.png')).toThrow('i.png is interlaced (Adam7)');
    expect(() => decodePng(png.subarray(0, png.length - 20), 't.png')).toThrow(/t\.png is truncated/);
    expect(() => decodePng(new TextEncoder().encode('GIF89a....'), 'x.gif')).toThrow('x.gif is not a PNG file');
  });
});
