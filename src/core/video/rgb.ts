/**
 * yuv420p → 8-bit RGB as the Vidaio validator's OpenCV reads frames for PIE-APP: OpenCV's FFmpeg backend converts
 * with swscale's defaults, i.e. BT.601 coefficients on limited-range input, each chroma sample shared by its 2×2
 * block. The coefficients are the standard ones (ITU-R BT.601: R = 1.164(Y−16) + 1.596(V−128), …); swscale's
 * table-driven fixed point can differ from this rounding by 1 LSB on some pixels, which moves PIE-APP far less
 * than its float32 noise.
 */
import type { YuvFrame } from './frame.ts';

const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Interleaved RGB (3 bytes per pixel, rows top to bottom). */
export function yuvToRgb(frame: YuvFrame): Uint8Array {
  const { width: w, height: h, chromaWidth: cw } = frame;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const crow = (y >> 1) * cw;
    for (let x = 0; x < w; x++) {
      const yy = 1.164383562 * (frame.y[y * w + x]! - 16);
      const u = frame.u[crow + (x >> 1)]! - 128;
      const v = frame.v[crow + (x >> 1)]! - 128;
      const o = (y * w + x) * 3;
      out[o] = clamp8(yy + 1.596026786 * v);
      out[o + 1] = clamp8(yy - 0.39176229 * u - 0.812967647 * v);
      out[o + 2] = clamp8(yy + 2.017232143 * u);
    }
  }
  return out;
}
