/**
 * Display helpers for the frame viewer: a decoded yuv420p frame as RGBA (BT.601 limited range, the same conversion
 * `rgb.ts` uses for PIE-APP), and a difference map of two frames of the same size: per-pixel |ΔY| (luma only, in
 * 8-bit code values) times a gain, drawn through a black → red → yellow → white heat ramp, with the unscaled
 * maximum and mean |ΔY|. Pure TypeScript: the result is plain RGBA bytes a page can wrap in an ImageData.
 */
import type { YuvFrame } from './frame.ts';
import { yuvToRgb } from './rgb.ts';

/** Row-major RGBA pixels (4 bytes per pixel, alpha 255), `width * height * 4` bytes. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A difference map and its statistics. */
export interface DiffMapResult extends RgbaImage {
  /** Largest |ΔY| over all pixels, 8-bit code values (0–255), before the gain. */
  maxAbsDiff: number;
  /** Mean |ΔY| over all pixels, 8-bit code values (0–255), before the gain. */
  meanAbsDiff: number;
}

/**
 * A yuv420p frame as RGBA for a canvas (BT.601 limited range via `yuvToRgb`, alpha 255).
 * @returns `frame.width * frame.height * 4` bytes.
 */
export function frameToRgba(frame: YuvFrame): RgbaImage {
  const rgb = yuvToRgb(frame);
  const n = frame.width * frame.height;
  const data = new Uint8ClampedArray(n * 4);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const o = i * 4;
    data[o] = rgb[j]!;
    data[o + 1] = rgb[j + 1]!;
    data[o + 2] = rgb[j + 2]!;
    data[o + 3] = 255;
  }
  return { width: frame.width, height: frame.height, data };
}

/**
 * Heat colour of a scaled difference `t` in 0–255 (clamped): black at 0, then red (t ≤ 85), through yellow
 * (t ≤ 170) to white at 255. Returns [r, g, b], each 0–255; strictly brighter (r + g + b) as t grows.
 */
export function heatColor(t: number): [number, number, number] {
  const v = t <= 0 ? 0 : t >= 255 ? 255 : t;
  const k = v * 3;
  const r = Math.min(255, k);
  const g = Math.min(255, Math.max(0, k - 255));
  const b = Math.min(255, Math.max(0, k - 510));
  return [Math.round(r), Math.round(g), Math.round(b)];
}

/**
 * Difference map of two frames of the same size: each pixel's |ΔY| (8-bit luma code values) times `gain`, through
 * `heatColor`. Identical frames give an all-black map (alpha 255).
 * @param gain display amplification, > 0 (1 = ΔY of 255 is white; 8 makes a ΔY of 32 white).
 * @throws RangeError when the frames differ in size or the gain is not a positive finite number.
 */
export function diffMap(a: YuvFrame, b: YuvFrame, gain = 1): DiffMapResult {
  if (a.width !== b.width || a.height !== b.height) throw new RangeError(`frames differ in size: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  if (!(gain > 0) || !Number.isFinite(gain)) throw new RangeError(`gain must be a positive number, got ${gain}`);
  const n = a.width * a.height;
  const data = new Uint8ClampedArray(n * 4);
  // One lookup per possible |ΔY| (0–255) for this gain.
  const lut = new Uint8Array(256 * 3);
  for (let d = 0; d < 256; d++) lut.set(heatColor(d * gain), d * 3);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(a.y[i]! - b.y[i]!);
    if (d > max) max = d;
    sum += d;
    const o = i * 4;
    data[o] = lut[d * 3]!;
    data[o + 1] = lut[d * 3 + 1]!;
    data[o + 2] = lut[d * 3 + 2]!;
    data[o + 3] = 255;
  }
  return { width: a.width, height: a.height, data, maxAbsDiff: max, meanAbsDiff: n ? sum / n : 0 };
}
