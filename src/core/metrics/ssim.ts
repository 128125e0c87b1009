/**
 * CPU twin of ffmpeg's `ssim` filter (libavfilter/vf_ssim.c, x264's SSIM by Loren Merritt; as in FFmpeg n5.1 and
 * later; formula and constants from /work/shared/reference/metrics.md §4.1). Not the Gaussian SSIM of Wang et al.:
 * per plane, 4x4 block sums (Σa, Σb, Σa²+Σb², Σab) are combined into unweighted 8x8 windows on a 4-pixel grid
 * ((floor(W/4)−1) x (floor(H/4)−1) windows, pixels past the last whole 4x4 block ignored), with integer sums,
 * c1 = (int)(0.01²·255²·64 + 0.5) = 416 and c2 = (int)(0.03²·255²·64·63 + 0.5) = 235963, the final ratio in float32
 * (summed per window row in float32, rows summed in double as ffmpeg does). Plane score = mean over windows;
 * All = Σ plane·(plane pixels / total pixels). `a` is the distorted ("main") frame, `b` the reference.
 */
import type { YuvFrame } from '../video/frame.ts';

const C1 = 416;
const C2 = 235963;
const f32 = Math.fround;

/** Scratch rows of 4x4 block sums, reused between calls of the same width. */
let scratchWidth = -1;
let rowA: Int32Array = new Int32Array(0);
let rowB: Int32Array = new Int32Array(0);

/** Fills `out` (4 ints per block) with the 4x4 block sums of block row `by` (s1, s2, ss, s12). */
function blockRow(a: Uint8Array, b: Uint8Array, stride: number, by: number, blocks: number, out: Int32Array): void {
  out.fill(0, 0, blocks * 4);
  const y0 = by * 4;
  for (let dy = 0; dy < 4; dy++) {
    const rowOff = (y0 + dy) * stride;
    for (let bx = 0; bx < blocks; bx++) {
      let s1 = 0, s2 = 0, ss = 0, s12 = 0;
      const o = rowOff + bx * 4;
      for (let dx = 0; dx < 4; dx++) {
        const pa = a[o + dx]!;
        const pb = b[o + dx]!;
        s1 += pa;
        s2 += pb;
        ss += pa * pa + pb * pb;
        s12 += pa * pb;
      }
      const k = bx * 4;
      out[k] += s1;
      out[k + 1] += s2;
      out[k + 2] += ss;
      out[k + 3] += s12;
    }
  }
}

/**
 * SSIM of one 8-bit plane, ffmpeg's algorithm. `a` = distorted, `b` = reference, both `width` x `height` with
 * stride = width. Returns a value in [-1, 1] (1 = identical); NaN when the plane has fewer than 8x8 pixels
 * (ffmpeg divides 0 by 0 there too).
 */
export function ssimPlane(a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  const w4 = width >> 2;
  const h4 = height >> 2;
  if (w4 < 2 || h4 < 2) return NaN;
  if (scratchWidth < w4) {
    rowA = new Int32Array(w4 * 4);
    rowB = new Int32Array(w4 * 4);
    scratchWidth = w4;
  }
  let prev = rowA;
  let cur = rowB;
  blockRow(a, b, width, 0, w4, prev);
  let total = 0;
  for (let by = 1; by < h4; by++) {
    blockRow(a, b, width, by, w4, cur);
    let line = 0; // float32 accumulator, as ssim_end_line
    for (let x = 0; x < w4 - 1; x++) {
      const k = x * 4;
      const s1 = prev[k]! + prev[k + 4]! + cur[k]! + cur[k + 4]!;
      const s2 = prev[k + 1]! + prev[k + 5]! + cur[k + 1]! + cur[k + 5]!;
      const ss = prev[k + 2]! + prev[k + 6]! + cur[k + 2]! + cur[k + 6]!;
      const s12 = prev[k + 3]! + prev[k + 7]! + cur[k + 3]! + cur[k + 7]!;
      const vars = ss * 64 - s1 * s1 - s2 * s2;
      const covar = s12 * 64 - s1 * s2;
      const num = f32(f32(2 * s1 * s2 + C1) * f32(2 * covar + C2));
      const den = f32(f32(s1 * s1 + s2 * s2 + C1) * f32(vars + C2));
      line = f32(line + f32(num / den));
    }
    total += line;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return total / ((h4 - 1) * (w4 - 1));
}

/**
 * ffmpeg `ssim` filter scores of one frame pair (dist = `[main]`, ref = `[reference]`): per-plane SSIM and `all`
 * weighted by plane pixel counts (4:2:0: Y 2/3, U 1/6, V 1/6 for even sizes). Values in [-1, 1].
 * @throws RangeError when the frames differ in size.
 */
export function ssimFrame(dist: YuvFrame, ref: YuvFrame): { y: number; u: number; v: number; all: number } {
  if (dist.width !== ref.width || dist.height !== ref.height) {
    throw new RangeError(`ssim: frame sizes differ: distorted ${dist.width}x${dist.height}, reference ${ref.width}x${ref.height}`);
  }
  const y = ssimPlane(dist.y, ref.y, dist.width, dist.height);
  const u = ssimPlane(dist.u, ref.u, dist.chromaWidth, dist.chromaHeight);
  const v = ssimPlane(dist.v, ref.v, dist.chromaWidth, dist.chromaHeight);
  const ly = dist.width * dist.height;
  const lc = dist.chromaWidth * dist.chromaHeight;
  const sum = ly + 2 * lc;
  const all = y * (ly / sum) + u * (lc / sum) + v * (lc / sum);
  return { y, u, v, all };
}

/** ffmpeg's SSIM in dB: 10·log10(1/(1 − ssim)); Infinity for ssim = 1. */
export function ssimDb(ssim: number): number {
  return 10 * Math.log10(1 / (1 - ssim));
}
