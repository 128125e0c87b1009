/**
 * `grayFromLimitedLuma` (decode.ts) against native ffmpeg: a yuv420p frame whose luma holds every value 0–255 is
 * converted with `ffmpeg -pix_fmt gray` (the conversion validator-vidaio's mask decode goes through), and the two
 * must agree exactly on all 256 values. Uses Debian's /usr/bin/ffmpeg (5.1 here; the version is printed in the name).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grayFromLimitedLuma } from './decode.ts';

const version = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');

describe('mask decode as gray', () => {
  it(`grayFromLimitedLuma equals ffmpeg -pix_fmt gray on all 256 luma values, exactly (${version})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-gray-'));
    try {
      const frame = new Uint8Array((16 * 16 * 3) / 2).fill(128);
      for (let i = 0; i < 256; i++) frame[i] = i;
      writeFileSync(join(dir, 'in.yuv'), frame);
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'yuv420p',
        '-s',
        '16x16',
        '-i',
        join(dir, 'in.yuv'),
        '-pix_fmt',
        'gray',
        '-f',
        'rawvideo',
        '-y',
        join(dir, 'out.gray'),
      ]);
      const want = new Uint8Array(readFileSync(join(dir, 'out.gray')));
      expect(Array.from(grayFromLimitedLuma(frame.subarray(0, 256)))).toEqual(Array.from(want));
      // The mask threshold (gray > 127) falls between limited-range luma 125 and 126.
      expect(grayFromLimitedLuma(Uint8Array.of(125, 126))).toEqual(Uint8Array.of(127, 128));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
