/**
 * The LPIPS inputs of the object-removal track (../shared/reference/rules/vidaio-v3.md §2.4; validator-vidaio
 * vidaio/scoring/removal.py `region_metrics`, `_bound_pair`@a26469652d73086519ea1bb2565f862562e009c3): which masked
 * frames are sampled (masked frames counted 0, 1, 2…, sampled when (count + offset) mod 4 = 0, the first masked
 * frame when none was), the crop pair of a frame (the padded box, pad 32; the measured video's pixels outside the
 * mask replaced by the reference's), and the bound to a long side of 256 with OpenCV's INTER_AREA resize.
 *
 * `resizeAreaRgb` is `cv2.resize(img, (dw, dh), interpolation=cv2.INTER_AREA)` for 8-bit RGB downscales (resize-area.ts).
 */
import { pyRoundInt } from '../../math/py.ts';
import { REMOVAL_LPIPS_STRIDE } from '../../rules/vidaio/v3-removal.ts';
import { regionCrops } from './region.ts';
import { resizeArea } from './resize-area.ts';
import type { LpipsPair } from './api.ts';

/** Long side above which both crops are resized (config.py:153 `removal_lpips_max_side`). */
export const LPIPS_MAX_SIDE = 256;

/** `_bound_pair`'s target size: unchanged when the long side ≤ 256, else (max(1, round(w·s)), max(1, round(h·s))), s = 256/long side, Python round. */
export function boundedSize(width: number, height: number, maxSide = LPIPS_MAX_SIDE): { width: number; height: number } {
  const long = width > height ? width : height;
  if (long <= maxSide) return { width, height };
  const s = maxSide / long;
  return { width: Math.max(1, pyRoundInt(width * s)), height: Math.max(1, pyRoundInt(height * s)) };
}

/** `cv2.resize(rgb, (dw, dh), interpolation=cv2.INTER_AREA)` for a packed 8-bit RGB image, dw ≤ sw and dh ≤ sh. */
export function resizeAreaRgb(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  if (src.length !== sw * sh * 3) throw new RangeError(`resizeAreaRgb: ${src.length} bytes are not ${sw}x${sh} RGB`);
  if (dw < 1 || dh < 1 || dw > sw || dh > sh) throw new RangeError(`resizeAreaRgb: ${sw}x${sh} → ${dw}x${dh} is not a downscale`);
  return resizeArea(src, sw, sh, dw, dh, 3);
}

/** Is the masked frame number `maskedCount` (0-based among masked frames) sampled for LPIPS with this offset? */
export function lpipsSampled(maskedCount: number, offset: number, stride = REMOVAL_LPIPS_STRIDE): boolean {
  return (maskedCount + offset) % stride === 0;
}

/**
 * The bounded LPIPS pair of one frame: reference crop `a`, measured crop `b` (its pixels outside the mask replaced by
 * the reference's), both resized with INTER_AREA when the padded box's long side exceeds 256; null for an empty mask.
 */
export function lpipsCropPair(measured: Uint8Array, reference: Uint8Array, mask: Uint8Array, width: number, height: number): LpipsPair | null {
  const crops = regionCrops(reference, measured, mask, width, height);
  if (!crops) return null;
  const { box, width: cw, height: ch, a, b } = crops;
  for (let y = 0; y < ch; y++) {
    const row = (box.y0 + y) * width + box.x0;
    for (let x = 0; x < cw; x++) {
      if (mask[row + x]) continue;
      const o = (y * cw + x) * 3;
      b[o] = a[o]!;
      b[o + 1] = a[o + 1]!;
      b[o + 2] = a[o + 2]!;
    }
  }
  const t = boundedSize(cw, ch);
  if (t.width === cw && t.height === ch) return { a, b, width: cw, height: ch };
  return { a: resizeAreaRgb(a, cw, ch, t.width, t.height), b: resizeAreaRgb(b, cw, ch, t.width, t.height), width: t.width, height: t.height };
}
