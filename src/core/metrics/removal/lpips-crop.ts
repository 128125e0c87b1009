/**
 * The LPIPS inputs of the object-removal track (../shared/reference/rules/vidaio-v3.md §2.4; validator-vidaio
 * vidaio/scoring/removal.py `region_metrics`, `_bound_pair`@a26469652d73086519ea1bb2565f862562e009c3): which masked
 * frames are sampled (masked frames counted 0, 1, 2…, sampled when (count + offset) mod 4 = 0, the first masked
 * frame when none was), the crop pair of a frame (the padded box, pad 32; the measured video's pixels outside the
 * mask replaced by the reference's), and the bound to a long side of 256 with OpenCV's INTER_AREA resize.
 *
 * `resizeAreaRgb` is `cv2.resize(img, (dw, dh), interpolation=cv2.INTER_AREA)` for 8-bit 3-channel downscales as
 * OpenCV 4.x computes it (modules/imgproc/src/resize.cpp, read for its arithmetic; written anew here):
 * - scale = 1 / (dst/src) per axis in double (OpenCV inverts the inverse scale, which can differ from src/dst by an
 *   ulp); when both scales are integers (within DBL_EPSILON) the "area fast" path sums each scale_x × scale_y cell
 *   in integers: for 2×2 cells `(a + b + c + d + 2) >> 2`, otherwise `saturate_cast<uchar>(sum · (1.f / area))`
 *   (float product, round half to even); cells cut by the right/bottom border average the pixels they hold as
 *   `(float)sum / count`.
 * - otherwise the general path: per axis a table of (source, destination, float weight) from
 *   `computeResizeAreaTab` (cell [d·scale, (d+1)·scale), partial first/last source pixel when it covers more than
 *   1e-3, weights divided by the cell width), a float32 row accumulation `buf += S·α`, a float32 column
 *   accumulation `sum += β·buf`, and `saturate_cast<uchar>` (round half to even, clamp) of the float sum.
 * Tested bit for bit against Debian's OpenCV 4.6.0 on odd sizes and scales (lpips-crop.test.ts, fixture from
 * scripts/removal/make-case-reference.py).
 */
import { pyRoundInt } from '../../math/py.ts';
import { REMOVAL_LPIPS_STRIDE } from '../../rules/vidaio/v3-removal.ts';
import { cropRgb, maskBox, REGION_PAD } from './region.ts';
import type { LpipsPair } from './api.ts';

/** Long side above which both crops are resized (config.py:153 `removal_lpips_max_side`). */
export const LPIPS_MAX_SIDE = 256;

const f32 = Math.fround;
const DBL_EPSILON = 2.220446049250313e-16;

/** C's lrint / OpenCV cvRound on a float: round half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
const sat8 = (x: number) => {
  const r = roundHalfEven(x);
  return r < 0 ? 0 : r > 255 ? 255 : r;
};

/** `_bound_pair`'s target size: unchanged when the long side ≤ 256, else (max(1, round(w·s)), max(1, round(h·s))), s = 256/long side, Python round. */
export function boundedSize(width: number, height: number, maxSide = LPIPS_MAX_SIDE): { width: number; height: number } {
  const long = width > height ? width : height;
  if (long <= maxSide) return { width, height };
  const s = maxSide / long;
  return { width: Math.max(1, pyRoundInt(width * s)), height: Math.max(1, pyRoundInt(height * s)) };
}

interface AreaTab {
  si: Int32Array;
  di: Int32Array;
  alpha: Float32Array;
  size: number;
}

/** `computeResizeAreaTab`: source index, destination index and float weight per contribution along one axis. */
function areaTab(ssize: number, dsize: number, scale: number): AreaTab {
  const si = new Int32Array(ssize * 2 + 2),
    di = new Int32Array(ssize * 2 + 2),
    alpha = new Float32Array(ssize * 2 + 2);
  let k = 0;
  for (let dx = 0; dx < dsize; dx++) {
    const fsx1 = dx * scale;
    const fsx2 = fsx1 + scale;
    const cellWidth = Math.min(scale, ssize - fsx1);
    let sx1 = Math.ceil(fsx1),
      sx2 = Math.floor(fsx2);
    sx2 = Math.min(sx2, ssize - 1);
    sx1 = Math.min(sx1, sx2);
    if (sx1 - fsx1 > 1e-3) {
      di[k] = dx;
      si[k] = sx1 - 1;
      alpha[k++] = (sx1 - fsx1) / cellWidth;
    }
    for (let sx = sx1; sx < sx2; sx++) {
      di[k] = dx;
      si[k] = sx;
      alpha[k++] = 1.0 / cellWidth;
    }
    if (fsx2 - sx2 > 1e-3) {
      di[k] = dx;
      si[k] = sx2;
      alpha[k++] = Math.min(Math.min(fsx2 - sx2, 1), cellWidth) / cellWidth;
    }
  }
  return { si, di, alpha, size: k };
}

/** Integer-scale "area fast" path (both scales integers). */
function resizeAreaFast(src: Uint8Array, sw: number, sh: number, dw: number, dh: number, sx: number, sy: number): Uint8Array {
  const out = new Uint8Array(dw * dh * 3);
  const area = sx * sy;
  const scale = f32(1 / area);
  const fullCols = Math.floor(sw / sx); // dwidth1 / cn
  for (let dy = 0; dy < dh; dy++) {
    const y0 = dy * sy;
    const o = dy * dw * 3;
    if (y0 >= sh) continue; // zeros
    const full = y0 + sy <= sh ? Math.min(fullCols, dw) : 0;
    for (let dx = 0; dx < full; dx++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let yy = 0; yy < sy; yy++) {
          const row = ((y0 + yy) * sw + dx * sx) * 3 + c;
          for (let xx = 0; xx < sx; xx++) sum += src[row + xx * 3]!;
        }
        out[o + dx * 3 + c] = sx === 2 && sy === 2 ? (sum + 2) >> 2 : sat8(f32(sum * scale));
      }
    }
    for (let dx = full; dx < dw; dx++) {
      const x0 = dx * sx;
      for (let c = 0; c < 3; c++) {
        let sum = 0,
          count = 0;
        for (let yy = 0; yy < sy && y0 + yy < sh; yy++) {
          for (let xx = 0; xx < sx && x0 + xx < sw; xx++) {
            sum += src[((y0 + yy) * sw + x0 + xx) * 3 + c]!;
            count++;
          }
        }
        out[o + dx * 3 + c] = x0 >= sw ? 0 : sat8(f32(f32(sum) / count));
      }
    }
  }
  return out;
}

/** `cv2.resize(rgb, (dw, dh), interpolation=cv2.INTER_AREA)` for a packed 8-bit RGB image, dw ≤ sw and dh ≤ sh. */
export function resizeAreaRgb(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Uint8Array {
  if (src.length !== sw * sh * 3) throw new RangeError(`resizeAreaRgb: ${src.length} bytes are not ${sw}x${sh} RGB`);
  if (dw < 1 || dh < 1 || dw > sw || dh > sh) throw new RangeError(`resizeAreaRgb: ${sw}x${sh} → ${dw}x${dh} is not a downscale`);
  if (dw === sw && dh === sh) return src.slice();
  const scaleX = 1 / (dw / sw),
    scaleY = 1 / (dh / sh);
  const isx = Math.round(scaleX),
    isy = Math.round(scaleY);
  if (Math.abs(scaleX - isx) < DBL_EPSILON && Math.abs(scaleY - isy) < DBL_EPSILON) return resizeAreaFast(src, sw, sh, dw, dh, isx, isy);
  const xt = areaTab(sw, dw, scaleX),
    yt = areaTab(sh, dh, scaleY);
  const out = new Uint8Array(dw * dh * 3);
  const buf = new Float32Array(dw * 3),
    sum = new Float32Array(dw * 3);
  let prevDy = yt.di[0]!;
  const flush = (dy: number) => {
    const o = dy * dw * 3;
    for (let i = 0; i < sum.length; i++) out[o + i] = sat8(sum[i]!);
  };
  for (let j = 0; j < yt.size; j++) {
    const beta = yt.alpha[j]!,
      dy = yt.di[j]!,
      row = yt.si[j]! * sw * 3;
    buf.fill(0);
    for (let k = 0; k < xt.size; k++) {
      const s = row + xt.si[k]! * 3,
        d = xt.di[k]! * 3,
        a = xt.alpha[k]!;
      buf[d] = f32(buf[d]! + f32(src[s]! * a));
      buf[d + 1] = f32(buf[d + 1]! + f32(src[s + 1]! * a));
      buf[d + 2] = f32(buf[d + 2]! + f32(src[s + 2]! * a));
    }
    if (dy !== prevDy) {
      flush(prevDy);
      for (let i = 0; i < sum.length; i++) sum[i] = f32(beta * buf[i]!);
      prevDy = dy;
    } else {
      for (let i = 0; i < sum.length; i++) sum[i] = f32(sum[i]! + f32(beta * buf[i]!));
    }
  }
  flush(prevDy);
  return out;
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
  const box = maskBox(mask, width, height, REGION_PAD);
  if (!box) return null;
  const cw = box.x1 - box.x0,
    ch = box.y1 - box.y0;
  const a = cropRgb(reference, width, box),
    b = cropRgb(measured, width, box);
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
