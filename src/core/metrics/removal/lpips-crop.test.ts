/**
 * lpips-crop.ts against Debian's OpenCV 4.6.0 (scripts/removal/make-case-reference.py →
 * fixtures/removal-reference.json): `cv2.resize(…, INTER_AREA)` of RGB crops of ../shared/reference/clips/
 * tiny_vtest_320x240__ref.y4m on odd sizes and scales (general path, 2x2 fast path, other integer scales, one axis
 * unscaled, 1x1) bit for bit (SHA-256 of the output), `_bound_pair`'s target sizes, and the sampling rule.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { boundedSize, lpipsCropPair, lpipsSampled, resizeAreaRgb } from './lpips-crop.ts';
import { i420ToRgb } from './color.ts';
import { sourceFromY4m } from './synthetic-cases.ts';

const REF = fileURLToPath(new URL('../../../../../shared/reference/', import.meta.url));
interface AreaCase {
  x: number;
  y: number;
  sw: number;
  sh: number;
  dw: number;
  dh: number;
  digest: string;
  sum: number;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/removal-reference.json', import.meta.url), 'utf8')) as {
  versions: Record<string, string>;
  interArea: AreaCase[];
  boundedSizes: [number, number, number, number][];
};
const sha = (a: Uint8Array) => createHash('sha256').update(a).digest('hex');
const { src, srcWidth } = sourceFromY4m(readFileSync(REF + 'clips/tiny_vtest_320x240__ref.y4m'));
const srcHeight = src[0]!.y.length / srcWidth;
const frame = i420ToRgb(src[0]!.y, src[0]!.u, src[0]!.v, srcWidth, srcHeight);

function crop(x: number, y: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let r = 0; r < h; r++) out.set(frame.subarray(((y + r) * srcWidth + x) * 3, ((y + r) * srcWidth + x + w) * 3), r * w * 3);
  return out;
}

describe(`resizeAreaRgb = cv2.resize INTER_AREA (OpenCV ${fixture.versions.opencv}, bit-exact)`, () => {
  for (const c of fixture.interArea) {
    it(`${c.sw}x${c.sh} → ${c.dw}x${c.dh}`, () => {
      const out = resizeAreaRgb(crop(c.x, c.y, c.sw, c.sh), c.sw, c.sh, c.dw, c.dh);
      expect(out.reduce((a, b) => a + b, 0)).toBe(c.sum);
      expect(sha(out)).toBe(c.digest);
    });
  }
  it('refuses an upscale and a size mismatch', () => {
    expect(() => resizeAreaRgb(new Uint8Array(12), 2, 2, 3, 2)).toThrow(/not a downscale/);
    expect(() => resizeAreaRgb(new Uint8Array(11), 2, 2, 1, 1)).toThrow(/not 2x2 RGB/);
  });
});

describe('boundedSize = _bound_pair (long side ≤ 256, Python round half to even)', () => {
  for (const [w, h, tw, th] of fixture.boundedSizes) {
    it(`${w}x${h} → ${tw}x${th}`, () => expect(boundedSize(w, h)).toEqual({ width: tw, height: th }));
  }
});

describe('LPIPS crop pairs', () => {
  it('samples masked frames with (count + offset) mod 4 = 0', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].filter((k) => lpipsSampled(k, 1))).toEqual([3, 7]);
    expect([0, 1, 2, 3, 4].filter((k) => lpipsSampled(k, 0))).toEqual([0, 4]);
  });
  it('replaces the measured pixels outside the mask by the reference and pads the box by 32', () => {
    const w = 100,
      h = 80;
    const refRgb = new Uint8Array(w * h * 3).fill(10),
      meas = new Uint8Array(w * h * 3).fill(200),
      mask = new Uint8Array(w * h);
    mask[40 * w + 50] = 1;
    const p = lpipsCropPair(meas, refRgb, mask, w, h)!;
    expect([p.width, p.height]).toEqual([65, 65]);
    expect(p.a.every((v) => v === 10)).toBe(true);
    expect(p.b.filter((v) => v === 200).length).toBe(3);
    expect(p.b[(32 * 65 + 32) * 3]).toBe(200);
    expect(lpipsCropPair(meas, refRgb, new Uint8Array(w * h), w, h)).toBeNull();
  });
  it('bounds a wide crop to 256 with INTER_AREA', () => {
    const w = 400,
      h = 100;
    const mask = new Uint8Array(w * h);
    for (let x = 0; x < w; x++) {
      mask[x] = 1;
      mask[(h - 1) * w + x] = 1;
    } // the box is the whole frame
    const img = new Uint8Array(w * h * 3).map((_, i) => i % 251);
    const p = lpipsCropPair(img, img, mask, w, h)!;
    expect([p.width, p.height]).toEqual([256, 64]);
    expect(p.a).toEqual(resizeAreaRgb(img, w, h, 256, 64));
  });
});
