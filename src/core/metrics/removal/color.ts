/**
 * Colour conversions of the object-removal track exactly as the validator's OpenCV computes them
 * (../shared/reference/rules/vidaio-v3.md §2.1, §2.3). validator-vidaio reads each canonical yuv420p frame with
 * `cv2.cvtColor(i420, COLOR_YUV2RGB_I420)` (vidaio/scoring/removal.py `Y4MReader.frame_rgb`
 * @a26469652d73086519ea1bb2565f862562e009c3) and takes SSIM luma with `cv2.cvtColor(rgb, COLOR_RGB2GRAY)`
 * (`region_metrics`). Both are OpenCV's integer fixed-point paths (imgproc color_yuv / color_rgb): BT.601
 * limited range with 20-bit coefficients (Y' = max(0, Y − 16)·1220542; R adds 1673527·(V−128); G adds
 * −852492·(V−128) − 409993·(U−128); B adds 2116026·(U−128); + 2¹⁹, arithmetic shift 20, saturate to 0..255), and
 * gray = (9798·R + 19235·G + 3735·B + 2¹⁴) >> 15. Verified bit-exact against Debian's OpenCV 4.6.0 on every
 * (Y, U, V) and every (R, G, B) triple (scripts/removal/make-fixtures.py records the digests; see
 * removal-region.test.ts). Differs from src/core/video/rgb.ts, which follows swscale for PIE-APP.
 */

/** One 8-bit I420 frame: planes tightly packed, width x height luma, (width/2) x (height/2) chroma (even sizes). */
export interface I420 {
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
}

const CY = 1220542;
const CVR = 1673527;
const CVG = -852492;
const CUG = -409993;
const CUB = 2116026;
const HALF = 1 << 19;

const sat8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * I420 planes of a `width` x `height` frame (even sizes, as the canonical y4m has; chroma planes width/2 x
 * height/2, tightly packed) → interleaved RGB, 3 bytes per pixel, as `cv2.COLOR_YUV2RGB_I420`.
 */
export function i420ToRgb(y: Uint8Array, u: Uint8Array, v: Uint8Array, width: number, height: number, out?: Uint8Array): Uint8Array {
  if (width % 2 || height % 2) throw new RangeError(`i420ToRgb: odd geometry ${width}x${height} (I420 needs even sizes)`);
  const cw = width >> 1;
  if (y.length < width * height || u.length < cw * (height >> 1) || v.length < cw * (height >> 1)) {
    throw new RangeError(`i420ToRgb: planes too short for ${width}x${height}`);
  }
  const rgb = out ?? new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const crow = (row >> 1) * cw;
    let o = row * width * 3;
    let p = row * width;
    for (let cx = 0; cx < cw; cx++) {
      const uu = u[crow + cx]! - 128;
      const vv = v[crow + cx]! - 128;
      const ruv = HALF + CVR * vv;
      const guv = HALF + CVG * vv + CUG * uu;
      const buv = HALF + CUB * uu;
      for (let k = 0; k < 2; k++) {
        const yy = y[p++]! - 16;
        const yc = (yy > 0 ? yy : 0) * CY;
        // Every sum stays within ±2³¹ (max 219·1220542 + 2¹⁹ + 127·2116026 ≈ 5.4e8), so `>>` is exact.
        rgb[o++] = sat8((yc + ruv) >> 20);
        rgb[o++] = sat8((yc + guv) >> 20);
        rgb[o++] = sat8((yc + buv) >> 20);
      }
    }
  }
  return rgb;
}

/** Interleaved RGB → 8-bit luma as `cv2.COLOR_RGB2GRAY` (15-bit fixed point, round half up). */
export function rgbToGray(rgb: Uint8Array, pixels: number, out?: Uint8Array): Uint8Array {
  if (rgb.length < pixels * 3) throw new RangeError(`rgbToGray: ${rgb.length} bytes hold fewer than ${pixels} RGB pixels`);
  const gray = out ?? new Uint8Array(pixels);
  for (let i = 0, o = 0; i < pixels; i++, o += 3) {
    gray[i] = (rgb[o]! * 9798 + rgb[o + 1]! * 19235 + rgb[o + 2]! * 3735 + 16384) >> 15;
  }
  return gray;
}
