/** pyiqa's patch grid (64×64, stride 27, no padding), the BGR ×255 input conversion and patch extraction. */
import { describe, expect, it } from 'vitest';
import { checkPair, extractPatch, networkImageFromRgb01, patchGrid, patchOrigins, toNetworkImage } from './patches.ts';

describe('patch grid', () => {
  it('origins 0, 27, … while origin + 64 ≤ size; none below 64', () => {
    expect(patchOrigins(63)).toEqual([]);
    expect(patchOrigins(64)).toEqual([0]);
    expect(patchOrigins(90)).toEqual([0]);
    expect(patchOrigins(91)).toEqual([0, 27]);
    expect(patchOrigins(96)).toEqual([0, 27]);
    expect(patchOrigins(1080).at(-1)).toBe(999); // 999 + 64 = 1063: a 17 px bottom strip is never seen
  });

  it('1080p has 38 × 69 = 2,622 patches and 4K 10,920 (metrics.md §5.5)', () => {
    expect(patchGrid(1920, 1080)).toHaveLength(2622);
    expect(patchOrigins(1080)).toHaveLength(38);
    expect(patchOrigins(1920)).toHaveLength(69);
    expect(patchGrid(3840, 2160)).toHaveLength(10_920);
    expect(patchGrid(91, 64)).toEqual([
      { x: 0, y: 0 },
      { x: 27, y: 0 },
    ]);
  });

  it('refuses pairs of different sizes or smaller than 64×64', () => {
    expect(() => checkPair({ width: 100, height: 80 }, { width: 100, height: 81 })).toThrow('reference is 100×80 but distorted is 100×81');
    expect(() => checkPair({ width: 63, height: 80 }, { width: 63, height: 80 })).toThrow('at least 64×64');
    expect(() => checkPair({ width: 64, height: 64 }, { width: 64, height: 64 })).not.toThrow();
  });
});

describe('input conversion', () => {
  it('RGB → planar BGR in 0..255 through float32 v/255·255; gray and RGBA too', () => {
    const rgb = toNetworkImage({ width: 2, height: 1, channels: 3, data: Uint8Array.of(10, 20, 30, 255, 0, 128) });
    expect(Array.from(rgb.planes)).toEqual([30, 128, 20, 0, 10, 255]);
    const rgba = toNetworkImage({ width: 1, height: 1, channels: 4, data: Uint8Array.of(1, 2, 3, 99) });
    expect(Array.from(rgba.planes)).toEqual([3, 2, 1]);
    const gray = toNetworkImage({ width: 1, height: 1, channels: 1, data: Uint8Array.of(77) });
    expect(Array.from(gray.planes)).toEqual([77, 77, 77]);
    // Every 8-bit value survives the float32 round trip within one float32 ulp.
    const all = toNetworkImage({ width: 256, height: 1, channels: 1, data: Uint8Array.from({ length: 256 }, (_, i) => i) });
    for (let v = 0; v < 256; v++) {
      expect(all.planes[v]).toBe(Math.fround(Math.fround(v / 255) * 255));
      expect(Math.abs(all.planes[v]! - v)).toBeLessThanOrEqual(v * 2 ** -23);
    }
  });

  it('float RGB in [0, 1] → BGR ×255', () => {
    const img = networkImageFromRgb01(1, 1, Float32Array.of(1, 0.5, 0));
    expect(Array.from(img.planes)).toEqual([0, 127.5, 255]);
  });

  it('piq convention: the same values in RGB order (8-bit and float input)', () => {
    const rgb = toNetworkImage({ width: 2, height: 1, channels: 3, data: Uint8Array.of(10, 20, 30, 255, 0, 128) }, 'rgb');
    expect(rgb.order).toBe('rgb');
    expect(Array.from(rgb.planes)).toEqual([10, 255, 20, 0, 30, 128]);
    expect(Array.from(networkImageFromRgb01(1, 1, Float32Array.of(1, 0.5, 0), 'rgb').planes)).toEqual([255, 127.5, 0]);
    // A grey image is the same under both conventions.
    const gray = { width: 1, height: 1, channels: 1 as const, data: Uint8Array.of(77) };
    expect(Array.from(toNetworkImage(gray, 'rgb').planes)).toEqual(Array.from(toNetworkImage(gray, 'bgr').planes));
  });

  it('extracts a 64×64 patch planar [3, 64, 64] at an origin', () => {
    const w = 100,
      h = 70;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x, y, (x + y) % 256], (y * w + x) * 3);
    const img = toNetworkImage({ width: w, height: h, channels: 3, data });
    const patch = extractPatch(img, { x: 27, y: 5 });
    expect(patch.length).toBe(3 * 64 * 64);
    expect(patch[0]).toBe(Math.fround(Math.fround(32 / 255) * 255)); // B = x + y at (27, 5)
    expect(patch[4096 + 63 * 64 + 10]).toBe(Math.fround(Math.fround(68 / 255) * 255)); // G = y at row 5 + 63
    expect(patch[2 * 4096 + 7]).toBe(Math.fround(Math.fround(34 / 255) * 255)); // R = x at column 27 + 7
  });
});
