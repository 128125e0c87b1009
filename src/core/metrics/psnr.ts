/**
 * CPU twin of ffmpeg's `psnr` filter (libavfilter/vf_psnr.c, FFmpeg n5.1) for 8-bit 4:2:0: per plane the integer
 * sum of squared differences, mse = sum / (plane pixels), psnr = 10·log10(255² / mse); the average uses the
 * pixel-count-weighted mean of the plane MSEs (4:2:0: Y 2/3, U 1/6, V 1/6). Identical planes give mse 0 and
 * psnr Infinity (ffmpeg prints `inf`).
 */
import type { YuvFrame } from '../video/frame.ts';

/** Sum of squared differences of two equally long 8-bit planes (exact integer, < 2^53 for any real frame). */
export function sumSquaredError(a: Uint8Array, b: Uint8Array): number {
  const n = a.length;
  let total = 0;
  // Partial sums stay below 2^31 for up to 33,000 pixels; flush them into the double total.
  const CHUNK = 32768;
  for (let start = 0; start < n; start += CHUNK) {
    const end = Math.min(n, start + CHUNK);
    let part = 0;
    for (let i = start; i < end; i++) {
      const d = a[i]! - b[i]!;
      part += d * d;
    }
    total += part;
  }
  return total;
}

/** PSNR in dB of an 8-bit MSE: 10·log10(255²/mse); Infinity for mse = 0. */
export function psnrFromMse(mse: number): number {
  return 10 * Math.log10((255 * 255) / mse);
}

/**
 * ffmpeg `psnr` filter values of one frame pair: psnr per plane and average (dB, Infinity for identical), and the
 * MSEs (pixel value² units, 0..65025).
 * @throws RangeError when the frames differ in size.
 */
export function psnrFrame(
  dist: YuvFrame,
  ref: YuvFrame,
): { y: number; u: number; v: number; avg: number; mseY: number; mseU: number; mseV: number; mseAvg: number } {
  if (dist.width !== ref.width || dist.height !== ref.height) {
    throw new RangeError(`psnr: frame sizes differ: distorted ${dist.width}x${dist.height}, reference ${ref.width}x${ref.height}`);
  }
  const ly = dist.width * dist.height;
  const lc = dist.chromaWidth * dist.chromaHeight;
  const mseY = sumSquaredError(dist.y, ref.y) / ly;
  const mseU = sumSquaredError(dist.u, ref.u) / lc;
  const mseV = sumSquaredError(dist.v, ref.v) / lc;
  const sum = ly + 2 * lc;
  const mseAvg = mseY * (ly / sum) + mseU * (lc / sum) + mseV * (lc / sum);
  return { y: psnrFromMse(mseY), u: psnrFromMse(mseU), v: psnrFromMse(mseV), avg: psnrFromMse(mseAvg), mseY, mseU, mseV, mseAvg };
}
