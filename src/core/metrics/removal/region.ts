/**
 * Region-restricted metrics of the object-removal track as validator-vidaio computes them
 * (../shared/reference/rules/vidaio-v3.md §2.1–2.3, §2.6; vidaio/scoring/removal.py `_bbox`, `_ssim_map`,
 * `region_metrics`, `outside_region_change`@a26469652d73086519ea1bb2565f862562e009c3): the padded bounding box of a
 * frame's mask, the masked PSNR (one global value over every masked pixel of every frame and all three RGB channels),
 * the Gaussian SSIM on the padded crop averaged over masked pixels, and the outside-mask change (max over frames of
 * the mean absolute RGB difference over unmasked pixels). Frames are interleaved RGB (see color.ts), masks one byte
 * per pixel (non-zero = masked, i.e. mask luma > 127 upstream).
 *
 * Arithmetic follows the upstream numpy/OpenCV calls so the numbers agree to the last bits where that is cheap:
 * a frame's squared error is numpy's float32 pairwise sum (`(d*d).sum()` on float32), accumulated across frames in
 * float64 like Python's `+=`; SSIM means are numpy float64 pairwise sums divided by the count; the Gaussian blur is
 * OpenCV 4.x `GaussianBlur(…, (11, 11), 1.5)` on float64 (`getGaussianKernel` values, row pass summed tap by tap,
 * symmetric column pass, BORDER_REFLECT_101); `cv2.mean` with a mask multiplies the integer sum by 1/count. Tested
 * against Debian's OpenCV 4.6.0 / numpy 1.24.2 in removal-region.test.ts.
 */
import { rgbToGray } from './color.ts';

/** Half-open box [y0, y1) x [x0, x1) in frame pixels. */
export interface Box {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/** Padding of the box around the mask for PSNR/SSIM/LPIPS (removal.py `region_metrics`: `_bbox(m, 32)`). */
export const REGION_PAD = 32;
/** Padding of the box around two consecutive masks for the warp error (`_bbox(masks[i-1] | m, 48)`). */
export const WARP_PAD = 48;
/** PSNR when the masked MSE is 0, and the cap on any PSNR (`region_metrics`). */
export const PSNR_CAP_DB = 99.0;

/** `_bbox`: bounding box of the non-zero mask pixels grown by `pad` and clipped to the frame; null if the mask is empty. */
export function maskBox(mask: Uint8Array, width: number, height: number, pad: number): Box | null {
  let ymin = height,
    ymax = -1,
    xmin = width,
    xmax = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (mask[row + x]) {
        if (y < ymin) ymin = y;
        if (y > ymax) ymax = y;
        if (x < xmin) xmin = x;
        if (x > xmax) xmax = x;
      }
    }
  }
  if (ymax < 0) return null;
  return { y0: Math.max(0, ymin - pad), y1: Math.min(height, ymax + pad + 1), x0: Math.max(0, xmin - pad), x1: Math.min(width, xmax + pad + 1) };
}

/** numpy's pairwise summation (`pairwise_sum` in umath loops, 8 accumulators, blocks of 128) over `a[start, start+n)`; `f` rounds each step (Math.fround for float32, identity for float64). */
function pairwiseSum(a: ArrayLike<number>, start: number, n: number, f: (x: number) => number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f(res + a[start + i]!);
    return res;
  }
  if (n <= 128) {
    const r = [a[start]!, a[start + 1]!, a[start + 2]!, a[start + 3]!, a[start + 4]!, a[start + 5]!, a[start + 6]!, a[start + 7]!];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = f(r[j]! + a[start + i + j]!);
    let res = f(f(f(r[0]! + r[1]!) + f(r[2]! + r[3]!)) + f(f(r[4]! + r[5]!) + f(r[6]! + r[7]!)));
    for (; i < n; i++) res = f(res + a[start + i]!);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwiseSum(a, start, n2, f) + pairwiseSum(a, start + n2, n - n2, f));
}
const id = (x: number) => x;
/** `np.sum` of a contiguous float32 array (the result as a float32 value). */
export function numpySumF32(a: Float32Array): number {
  return pairwiseSum(a, 0, a.length, Math.fround);
}
/** `np.mean` of a float64 array. */
export function numpyMeanF64(a: ArrayLike<number>): number {
  return pairwiseSum(a, 0, a.length, id) / a.length;
}

/** OpenCV's `getGaussianKernel(11, 1.5, CV_64F)` (4.x, bit-exact softdouble path), printed by cv2 4.6.0. */
const GAUSS_11_15 = [
  0.0010283800844791097, 0.007598758135239182, 0.03600077212843082, 0.10936068950970002, 0.21300553771125372, 0.2660117248617943, 0.21300553771125372,
  0.10936068950970002, 0.03600077212843082, 0.007598758135239182, 0.0010283800844791097,
];

/** OpenCV `borderInterpolate` for BORDER_REFLECT_101 (gfedcb|abcdefgh|gfedcba), also for lengths under the radius. */
function reflect101(p: number, len: number): number {
  if (len === 1) return 0;
  while (p < 0 || p >= len) p = p < 0 ? -p : 2 * (len - 1) - p;
  return p;
}

/** `cv2.GaussianBlur(src, (11, 11), 1.5)` on a float64 image (w x h): row pass then symmetric column pass, reflect-101 borders. */
export function gaussianBlur11(src: Float64Array, w: number, h: number): Float64Array {
  const k = GAUSS_11_15;
  const rows = new Float64Array(w * h);
  const xi = new Int32Array(w + 10);
  for (let x = -5; x < w + 5; x++) xi[x + 5] = reflect101(x, w);
  for (let y = 0; y < h; y++) {
    const base = y * w;
    for (let x = 0; x < w; x++) {
      let s = k[0]! * src[base + xi[x]!]!;
      for (let t = 1; t < 11; t++) s += k[t]! * src[base + xi[x + t]!]!;
      rows[base + x] = s;
    }
  }
  const out = new Float64Array(w * h);
  const yi = new Int32Array(h + 10);
  for (let y = -5; y < h + 5; y++) yi[y + 5] = reflect101(y, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = k[5]! * rows[yi[y + 5]! * w + x]!;
      for (let t = 1; t <= 5; t++) s += k[5 + t]! * (rows[yi[y + 5 + t]! * w + x]! + rows[yi[y + 5 - t]! * w + x]!);
      out[y * w + x] = s;
    }
  }
  return out;
}

/** `_ssim_map` of two 8-bit luma crops (w x h): Gaussian 11x11 σ 1.5, C1 = (0.01·255)², C2 = (0.03·255)², float64. */
export function ssimMap(a: Uint8Array, b: Uint8Array, w: number, h: number): Float64Array {
  const n = w * h;
  const fa = new Float64Array(n),
    fb = new Float64Array(n),
    aa = new Float64Array(n),
    bb = new Float64Array(n),
    ab = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[i]!,
      y = b[i]!;
    fa[i] = x;
    fb[i] = y;
    aa[i] = x * x;
    bb[i] = y * y;
    ab[i] = x * y;
  }
  const muA = gaussianBlur11(fa, w, h),
    muB = gaussianBlur11(fb, w, h);
  const sAA = gaussianBlur11(aa, w, h),
    sBB = gaussianBlur11(bb, w, h),
    sAB = gaussianBlur11(ab, w, h);
  const c1 = (0.01 * 255) ** 2,
    c2 = (0.03 * 255) ** 2;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ma = muA[i]!,
      mb = muB[i]!;
    const vaa = sAA[i]! - ma * ma,
      vbb = sBB[i]! - mb * mb,
      vab = sAB[i]! - ma * mb;
    out[i] = ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (vaa + vbb + c2));
  }
  return out;
}

/** Interleaved RGB crop `box` of a `width`-wide frame. */
export function cropRgb(rgb: Uint8Array, width: number, box: Box): Uint8Array {
  const cw = box.x1 - box.x0;
  const out = new Uint8Array(cw * (box.y1 - box.y0) * 3);
  for (let y = box.y0; y < box.y1; y++) out.set(rgb.subarray((y * width + box.x0) * 3, (y * width + box.x1) * 3), (y - box.y0) * cw * 3);
  return out;
}

/**
 * The padded box (REGION_PAD) of a frame's mask and two RGB frames cropped to it, as upstream's `region_metrics` crops
 * for PSNR/SSIM and for LPIPS; null for an empty mask.
 */
export function regionCrops(
  a: Uint8Array,
  b: Uint8Array,
  mask: Uint8Array,
  width: number,
  height: number,
): { box: Box; width: number; height: number; a: Uint8Array; b: Uint8Array } | null {
  const box = maskBox(mask, width, height, REGION_PAD);
  if (!box) return null;
  return { box, width: box.x1 - box.x0, height: box.y1 - box.y0, a: cropRgb(a, width, box), b: cropRgb(b, width, box) };
}

/** One-byte-per-pixel crop `box` of a `width`-wide plane. */
export function cropPlane(plane: Uint8Array, width: number, box: Box): Uint8Array {
  const cw = box.x1 - box.x0;
  const out = new Uint8Array(cw * (box.y1 - box.y0));
  for (let y = box.y0; y < box.y1; y++) out.set(plane.subarray(y * width + box.x0, y * width + box.x1), (y - box.y0) * cw);
  return out;
}

/** What one masked frame contributes to the region metrics. */
export interface RegionFrame {
  box: Box;
  /** numpy's float32 sum of squared RGB differences over the masked pixels. */
  squaredError: number;
  /** Masked pixels x 3 (numpy `d.size`). */
  elements: number;
  /** SSIM map on the padded crop averaged over the masked pixels. */
  ssim: number;
}

/** Region metrics of one frame (candidate and reference RGB, same size); null when the mask is empty. */
export function regionFrame(candidate: Uint8Array, reference: Uint8Array, mask: Uint8Array, width: number, height: number): RegionFrame | null {
  const crops = regionCrops(candidate, reference, mask, width, height);
  if (!crops) return null;
  const { box, width: cw, height: ch, a: cc, b: cr } = crops;
  const cm = cropPlane(mask, width, box);
  let masked = 0;
  for (let i = 0; i < cm.length; i++) if (cm[i]) masked++;
  // `cc[cm] - cr[cm]` in float32, squared, row-major (pixel, channel): exact small integers before the sum.
  const d2 = new Float32Array(masked * 3);
  for (let i = 0, j = 0; i < cm.length; i++) {
    if (!cm[i]) continue;
    for (let c = 0; c < 3; c++, j++) {
      const d = cc[i * 3 + c]! - cr[i * 3 + c]!;
      d2[j] = d * d;
    }
  }
  const ga = new Uint8Array(cw * ch),
    gb = new Uint8Array(cw * ch);
  rgbToGray(cc, cw * ch, ga);
  rgbToGray(cr, cw * ch, gb);
  const smap = ssimMap(ga, gb, cw, ch);
  const sel = new Float64Array(masked);
  for (let i = 0, j = 0; i < cm.length; i++) if (cm[i]) sel[j++] = smap[i]!;
  return { box, squaredError: numpySumF32(d2), elements: masked * 3, ssim: numpyMeanF64(sel) };
}

/** PSNR of the accumulated masked squared error (`10·log10(255²/MSE)`, 99 when MSE = 0, capped at 99). */
export function maskedPsnr(squaredError: number, elements: number): number {
  if (elements === 0) throw new RangeError('masked PSNR: the mask is empty on every frame');
  const mse = squaredError / elements;
  const psnr = mse > 0 ? 10 * Math.log10((255 * 255) / mse) : PSNR_CAP_DB;
  return psnr < PSNR_CAP_DB ? psnr : PSNR_CAP_DB;
}

/** Accumulates `region_metrics`' PSNR and SSIM over frames in display order. */
export class RegionAccumulator {
  private squaredError = 0;
  private elements = 0;
  private readonly ssims: number[] = [];
  /** Number of frames with a non-empty mask seen so far (upstream `masked_seen`). */
  maskedFrames = 0;

  add(candidate: Uint8Array, reference: Uint8Array, mask: Uint8Array, width: number, height: number): RegionFrame | null {
    const f = regionFrame(candidate, reference, mask, width, height);
    if (!f) return null;
    this.squaredError += f.squaredError;
    this.elements += f.elements;
    this.ssims.push(f.ssim);
    this.maskedFrames++;
    return f;
  }

  /** PSNR (dB), mean SSIM and `masked_pixels` (elements = pixels x 3); throws when no frame had a mask. */
  result(): { psnrDb: number; ssim: number; maskedPixels: number; squaredError: number } {
    if (this.elements === 0) throw new RangeError('region metrics: the mask is empty on every frame');
    return {
      psnrDb: maskedPsnr(this.squaredError, this.elements),
      ssim: numpyMeanF64(this.ssims),
      maskedPixels: this.elements,
      squaredError: this.squaredError,
    };
  }
}

/**
 * One frame of `outside_region_change`: mean over the unmasked pixels of |candidate − input| per channel
 * (`cv2.mean(cv2.absdiff(…), mask)`: integer sum times 1/count), averaged over the 3 channels as Python's
 * `sum(means[:3]) / 3.0`; null when every pixel is masked (the frame is skipped).
 */
export function outsideFrameChange(candidate: Uint8Array, input: Uint8Array, mask: Uint8Array, pixels: number): number | null {
  let n = 0,
    s0 = 0,
    s1 = 0,
    s2 = 0;
  for (let i = 0, o = 0; i < pixels; i++, o += 3) {
    if (mask[i]) continue;
    n++;
    s0 += Math.abs(candidate[o]! - input[o]!);
    s1 += Math.abs(candidate[o + 1]! - input[o + 1]!);
    s2 += Math.abs(candidate[o + 2]! - input[o + 2]!);
  }
  if (n === 0) return null;
  const scale = 1 / n;
  return (s0 * scale + s1 * scale + s2 * scale) / 3.0;
}

/** Max over frames of `outsideFrameChange` (starting from 0.0, Python `max` keeps the first on ties). */
export class OutsideChangeAccumulator {
  worst = 0.0;
  /** Index of the frame that set `worst` (-1 while 0). */
  worstFrame = -1;
  private frame = 0;
  add(candidate: Uint8Array, input: Uint8Array, mask: Uint8Array, pixels: number): number | null {
    const v = outsideFrameChange(candidate, input, mask, pixels);
    if (v !== null && v > this.worst) {
      this.worst = v;
      this.worstFrame = this.frame;
    }
    this.frame++;
    return v;
  }
}
