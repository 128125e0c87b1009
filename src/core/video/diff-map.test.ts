import { describe, expect, it } from 'vitest';
import { createYuvFrame, type YuvFrame } from './frame.ts';
import { diffMap, frameToRgba, heatColor } from './diff-map.ts';

/** A 4×2 frame with the given luma values (row-major) and neutral chroma. */
function lumaFrame(values: number[], width = 4, height = 2): YuvFrame {
  const f = createYuvFrame(0, width, height);
  f.y.set(values);
  return f;
}

describe('frameToRgba (BT.601 limited range, exact code values)', () => {
  it('maps limited black, grey and white to RGBA with opaque alpha', () => {
    const img = frameToRgba(lumaFrame([16, 126, 235, 16, 16, 16, 16, 16]));
    expect(img.width).toBe(4);
    expect(img.height).toBe(2);
    expect(img.data.length).toBe(32);
    expect([...img.data.slice(0, 12)]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });
  it('shares each chroma sample over its 2×2 block (saturated red within 1 LSB)', () => {
    const f = createYuvFrame(0, 2, 2, 81);
    f.u[0] = 90;
    f.v[0] = 240;
    const d = frameToRgba(f).data;
    for (let p = 0; p < 4; p++) {
      expect(Math.abs(d[p * 4]! - 255)).toBeLessThanOrEqual(1);
      expect(d[p * 4 + 1]!).toBeLessThanOrEqual(1);
      expect(d[p * 4 + 2]!).toBeLessThanOrEqual(1);
    }
  });
});

describe('heatColor', () => {
  it('ramps black → red → yellow → white and grows monotonically in brightness', () => {
    expect(heatColor(0)).toEqual([0, 0, 0]);
    expect(heatColor(85)).toEqual([255, 0, 0]);
    expect(heatColor(170)).toEqual([255, 255, 0]);
    expect(heatColor(255)).toEqual([255, 255, 255]);
    expect(heatColor(1000)).toEqual([255, 255, 255]);
    expect(heatColor(-5)).toEqual([0, 0, 0]);
    let prev = -1;
    for (let t = 0; t <= 255; t++) {
      const s = heatColor(t).reduce((a, b) => a + b, 0);
      expect(s).toBeGreaterThan(prev);
      prev = s;
    }
  });
});

describe('diffMap (|ΔY| in 8-bit code values, exact)', () => {
  it('is all black with max = mean = 0 for identical frames', () => {
    const a = lumaFrame([10, 50, 90, 130, 170, 210, 250, 16]);
    const b = lumaFrame([10, 50, 90, 130, 170, 210, 250, 16]);
    b.u.fill(0); // chroma differences are not part of the map
    const m = diffMap(a, b, 16);
    expect(m.maxAbsDiff).toBe(0);
    expect(m.meanAbsDiff).toBe(0);
    for (let i = 0; i < m.data.length; i += 4) expect([...m.data.slice(i, i + 4)]).toEqual([0, 0, 0, 255]);
  });
  it('reports max and mean |ΔY| and colours each pixel by |ΔY|·gain', () => {
    const a = lumaFrame([100, 100, 100, 100, 100, 100, 100, 100]);
    const b = lumaFrame([100, 110, 90, 185, 100, 15, 100, 100]);
    const m = diffMap(a, b, 1);
    // |ΔY| = 0, 10, 10, 85, 0, 85, 0, 0 → max 85, mean 190/8.
    expect(m.maxAbsDiff).toBe(85);
    expect(m.meanAbsDiff).toBeCloseTo(190 / 8, 12);
    expect([...m.data.slice(12, 16)]).toEqual([255, 0, 0, 255]);
    expect([...m.data.slice(4, 8)]).toEqual([30, 0, 0, 255]);
    // gain 2: ΔY 85 → t 170 → yellow; statistics are before the gain.
    const g = diffMap(a, b, 2);
    expect([...g.data.slice(12, 16)]).toEqual([255, 255, 0, 255]);
    expect(g.maxAbsDiff).toBe(85);
  });
  it('rejects frames of different sizes and a non-positive gain', () => {
    expect(() => diffMap(lumaFrame(new Array(8).fill(0)), createYuvFrame(0, 2, 2), 1)).toThrow(/differ in size/);
    expect(() => diffMap(lumaFrame(new Array(8).fill(0)), lumaFrame(new Array(8).fill(0)), 0)).toThrow(/gain/);
  });
});
