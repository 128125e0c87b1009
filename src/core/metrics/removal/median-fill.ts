/**
 * The free baseline of the object-removal track: validator-vidaio's `temporal_median_fill`
 * (vidaio/scoring/removal.py@a26469652d73086519ea1bb2565f862562e009c3; ../shared/reference/rules/vidaio-v3.md §2.7).
 * Every masked pixel of the served input takes the per-pixel median of the frames where that pixel is not masked,
 * in the Y, U and V planes separately (a chroma sample is masked iff the luma mask is set at (2y, 2x)); pixels masked
 * on every frame are filled by Telea inpainting (radius 3, telea.ts) of the median image, seeded with 0 (Y) / 128
 * (U, V). Only the union of all masks' bounding box padded by 16 and aligned to even coordinates is computed; the
 * medians are float32 (a mean of the two middle values for even counts) truncated to uint8.
 *
 * Two passes like upstream, so a caller can stream frames: `medianFillImages` needs every frame's planes over the
 * region once, `applyMedianFill` then rewrites one frame at a time.
 */
import { inpaintTelea, type TeleaVariant } from './telea.ts';
import { maskBox, type Box } from './region.ts';
import type { I420 } from './color.ts';

/** Radius of the Telea inpainting of never-unmasked pixels (`cv2.inpaint(…, 3, cv2.INPAINT_TELEA)`). */
export const TELEA_RADIUS = 3;
/** Padding of the union box the medians are computed on (`_bbox(any_mask, 16)`). */
export const MEDIAN_PAD = 16;

/** The median images over the region, ready to be written into every frame's masked pixels. */
export interface MedianFill {
  /** Luma region (even-aligned), frame coordinates; null when no frame has a mask. */
  box: Box | null;
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
  /** Pixels masked on every frame (luma, then chroma samples of U; V has the same ones). */
  holes: { luma: number; chroma: number };
}

/** Median of `vals[0, n)` (sorted in place) truncated to an integer, as float32 `nanmedian` then `astype(uint8)`. */
function truncatedMedian(vals: Uint8Array, n: number): number {
  const a = vals.subarray(0, n).sort(); // typed-array sort is numeric
  return n % 2 ? a[(n - 1) >> 1]! : Math.floor((a[n / 2 - 1]! + a[n / 2]!) / 2);
}

/** One plane's median image over `rows` x `cols` at (r0, c0) of a `stride`-wide plane, plus its hole mask. */
function planeMedian(
  planes: Uint8Array[],
  masked: (frame: number, row: number, col: number) => boolean,
  stride: number,
  r0: number,
  c0: number,
  rows: number,
  cols: number,
  seed: number,
  variant: TeleaVariant,
) {
  const med = new Uint8Array(rows * cols);
  const hole = new Uint8Array(rows * cols);
  const vals = new Uint8Array(planes.length);
  let holes = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      let n = 0;
      for (let f = 0; f < planes.length; f++) if (!masked(f, r0 + r, c0 + c)) vals[n++] = planes[f]![(r0 + r) * stride + c0 + c]!;
      if (n === 0) {
        hole[r * cols + c] = 1;
        med[r * cols + c] = seed;
        holes++;
      } else med[r * cols + c] = truncatedMedian(vals, n);
    }
  // `spatial_fill`: nothing to inpaint, or nothing known to inpaint from (then the seed stays).
  const filled = holes === 0 || holes === rows * cols ? med : inpaintTelea(med, hole, cols, rows, TELEA_RADIUS, variant);
  return { filled, holes };
}

/**
 * Pass 1: the median images over the even-aligned union box of all masks (frames = min(served, masks)).
 * `teleaVariant` picks OpenCV's Telea arithmetic (telea.ts `TeleaVariant`; the default is the verified 4.6 one).
 */
export function medianFillImages(served: I420[], masks: Uint8Array[], width: number, height: number, teleaVariant: TeleaVariant = 'opencv-4.6'): MedianFill {
  const n = Math.min(served.length, masks.length);
  const any = new Uint8Array(width * height);
  for (let f = 0; f < n; f++) {
    const m = masks[f]!;
    for (let p = 0; p < any.length; p++) if (m[p]) any[p] = 1;
  }
  const b = n === 0 ? null : maskBox(any, width, height, MEDIAN_PAD);
  if (!b) return { box: null, y: new Uint8Array(0), u: new Uint8Array(0), v: new Uint8Array(0), holes: { luma: 0, chroma: 0 } };
  const y0 = b.y0 - (b.y0 % 2),
    x0 = b.x0 - (b.x0 % 2);
  const y1 = Math.min(height, b.y1 + (b.y1 % 2)),
    x1 = Math.min(width, b.x1 + (b.x1 % 2));
  const box = { y0, y1, x0, x1 };
  const rh = y1 - y0,
    rw = x1 - x0,
    cw = width >> 1;
  const lumaMasked = (f: number, r: number, c: number) => masks[f]![r * width + c] !== 0;
  const chromaMasked = (f: number, r: number, c: number) => masks[f]![2 * r * width + 2 * c] !== 0;
  const fy = planeMedian(
    served.slice(0, n).map((s) => s.y),
    lumaMasked,
    width,
    y0,
    x0,
    rh,
    rw,
    0,
    teleaVariant,
  );
  const cx0 = x0 >> 1,
    crw = (x1 >> 1) - cx0;
  const chroma = (plane: 'u' | 'v') =>
    planeMedian(
      served.slice(0, n).map((s) => s[plane]),
      chromaMasked,
      cw,
      y0 >> 1,
      cx0,
      rh >> 1,
      crw,
      128,
      teleaVariant,
    );
  const fu = chroma('u'),
    fv = chroma('v');
  return { box, y: fy.filled, u: fu.filled, v: fv.filled, holes: { luma: fy.holes, chroma: fu.holes } };
}

/** Pass 2: frame `frame` of the median-fill baseline (a copy of the served frame with its masked pixels replaced). */
export function applyMedianFill(fill: MedianFill, served: I420, mask: Uint8Array, width: number): I420 {
  const y = served.y.slice(),
    u = served.u.slice(),
    v = served.v.slice();
  const b = fill.box;
  if (!b) return { y, u, v };
  const rw = b.x1 - b.x0,
    cw = width >> 1,
    cx0 = b.x0 >> 1,
    crw = (b.x1 >> 1) - cx0;
  for (let r = b.y0; r < b.y1; r++)
    for (let c = b.x0; c < b.x1; c++) {
      if (!mask[r * width + c]) continue;
      y[r * width + c] = fill.y[(r - b.y0) * rw + (c - b.x0)]!;
      if (r % 2 === 0 && c % 2 === 0) {
        const cr = r >> 1,
          cc = c >> 1,
          at = (cr - (b.y0 >> 1)) * crw + (cc - cx0);
        u[cr * cw + cc] = fill.u[at]!;
        v[cr * cw + cc] = fill.v[at]!;
      }
    }
  return { y, u, v };
}
