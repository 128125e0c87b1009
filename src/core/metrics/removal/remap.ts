/**
 * `cv2.remap` with INTER_LINEAR and float32 absolute maps, as OpenCV 4.6.0 computes it (modules/imgproc/src/
 * imgwarp.cpp, read for the algorithm): every map coordinate is first quantised to 1/32 px (`cvRound(x·32)`, round
 * half to even; INTER_BITS = 5), its integer part picks the 2×2 source block and its fraction one of 32×32
 * precomputed weight sets. For 8-bit images the weights are integers scaled by 2^15 (INTER_REMAP_COEF_BITS) and the
 * result is `(Σ v·w + 2^14) >> 15`; for float images they are the float products (1 − fx)(1 − fy)… summed in float.
 * Neighbours outside the source come from the border rule (BORDER_REFLECT `fedcba|abcdefgh|hgfedcb` for the warp
 * error, BORDER_REPLICATE inside DIS's variational refinement). Bit-exact with cv2 4.6.0 for 8-bit input
 * (removal-warp.test.ts).
 *
 * The weight table keeps one OpenCV quirk: the (0, 0) entry's 2^15 does not fit a short, so OpenCV stores 32767 and
 * its sum correction moves the missing unit to the lower-right weight ([32767, 0, 0, 1]). For 8-bit values this gives
 * the same pixels as [32768, 0, 0, 0], but it is reproduced as OpenCV has it.
 */

export type RemapBorder = 'reflect' | 'replicate';

const INTER_BITS = 5;
const TAB = 1 << INTER_BITS;
const COEF_BITS = 15;

/** BilinearTab_i: 32×32 entries of 4 integer weights (w00, w01, w10, w11), fx fastest. */
const ITAB: Int32Array = (() => {
  const t = new Int32Array(TAB * TAB * 4);
  for (let fy = 0; fy < TAB; fy++) {
    for (let fx = 0; fx < TAB; fx++) {
      const e = (fy * TAB + fx) * 4;
      // (1 − fy/32)(1 − fx/32)·2^15 = (32 − fy)(32 − fx)·32, exact; saturated to a short as OpenCV stores it.
      t[e] = Math.min(32767, (TAB - fy) * (TAB - fx) * 32);
      t[e + 1] = (TAB - fy) * fx * 32;
      t[e + 2] = fy * (TAB - fx) * 32;
      t[e + 3] = fy * fx * 32;
    }
  }
  t[3] = 1; // the sum correction of entry (0, 0) (see the file comment)
  return t;
})();

/** BilinearTab_f: the same weights as floats (exact dyadic values). */
const FTAB: Float32Array = (() => {
  const t = new Float32Array(TAB * TAB * 4);
  for (let fy = 0; fy < TAB; fy++) {
    for (let fx = 0; fx < TAB; fx++) {
      const e = (fy * TAB + fx) * 4;
      const ay = 1 - fy / TAB,
        by = fy / TAB,
        ax = 1 - fx / TAB,
        bx = fx / TAB;
      t[e] = ay * ax;
      t[e + 1] = ay * bx;
      t[e + 2] = by * ax;
      t[e + 3] = by * bx;
    }
  }
  return t;
})();

/** `cvRound`: round half to even (the SSE conversion under the default rounding mode). */
export function cvRound(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && (r & 1) !== 0 ? r - 1 : r;
}

/** borderInterpolate for BORDER_REFLECT / BORDER_REPLICATE. */
function border(p: number, len: number, mode: RemapBorder): number {
  if (p >= 0 && p < len) return p;
  if (mode === 'replicate') return p < 0 ? 0 : len - 1;
  if (len === 1) return 0;
  do p = p < 0 ? -p - 1 : 2 * len - 1 - p;
  while (p < 0 || p >= len);
  return p;
}

const clampShort = (v: number) => (v < -32768 ? -32768 : v > 32767 ? 32767 : v);

/**
 * `cv2.remap(src, mapX, mapY, INTER_LINEAR, borderMode)` for an 8-bit image of `cn` interleaved channels (w×h).
 * `mapX`/`mapY` hold absolute source coordinates per destination pixel (dw×dh, row-major).
 */
export function remapLinearU8(
  src: Uint8Array,
  w: number,
  h: number,
  cn: number,
  mapX: Float32Array,
  mapY: Float32Array,
  dw: number,
  dh: number,
  mode: RemapBorder,
): Uint8Array {
  const out = new Uint8Array(dw * dh * cn);
  const stride = w * cn;
  for (let p = 0; p < dw * dh; p++) {
    const sxq = cvRound(mapX[p]! * TAB),
      syq = cvRound(mapY[p]! * TAB);
    const sx = clampShort(sxq >> INTER_BITS),
      sy = clampShort(syq >> INTER_BITS);
    const e = ((syq & (TAB - 1)) * TAB + (sxq & (TAB - 1))) * 4;
    const w0 = ITAB[e]!,
      w1 = ITAB[e + 1]!,
      w2 = ITAB[e + 2]!,
      w3 = ITAB[e + 3]!;
    let x0: number, x1: number, y0: number, y1: number;
    if (sx >= 0 && sx < w - 1 && sy >= 0 && sy < h - 1) {
      x0 = sx * cn;
      x1 = x0 + cn;
      y0 = sy * stride;
      y1 = y0 + stride;
    } else {
      x0 = border(sx, w, mode) * cn;
      x1 = border(sx + 1, w, mode) * cn;
      y0 = border(sy, h, mode) * stride;
      y1 = border(sy + 1, h, mode) * stride;
    }
    const o = p * cn;
    for (let k = 0; k < cn; k++) {
      const v = src[y0 + x0 + k]! * w0 + src[y0 + x1 + k]! * w1 + src[y1 + x0 + k]! * w2 + src[y1 + x1 + k]! * w3;
      const r = (v + (1 << (COEF_BITS - 1))) >> COEF_BITS;
      out[o + k] = r < 0 ? 0 : r > 255 ? 255 : r;
    }
  }
  return out;
}

/** `cv2.remap` INTER_LINEAR of a one-channel float32 image (w×h) onto maps of the same size, float arithmetic as OpenCV. */
export function remapLinearF32(src: Float32Array, w: number, h: number, mapX: Float32Array, mapY: Float32Array, mode: RemapBorder): Float32Array {
  const f = Math.fround;
  const out = new Float32Array(w * h);
  for (let p = 0; p < w * h; p++) {
    const sxq = cvRound(mapX[p]! * TAB),
      syq = cvRound(mapY[p]! * TAB);
    const sx = clampShort(sxq >> INTER_BITS),
      sy = clampShort(syq >> INTER_BITS);
    const e = ((syq & (TAB - 1)) * TAB + (sxq & (TAB - 1))) * 4;
    const x0 = border(sx, w, mode),
      x1 = border(sx + 1, w, mode);
    const y0 = border(sy, h, mode) * w,
      y1 = border(sy + 1, h, mode) * w;
    out[p] = f(f(f(f(src[y0 + x0]! * FTAB[e]!) + f(src[y0 + x1]! * FTAB[e + 1]!)) + f(src[y1 + x0]! * FTAB[e + 2]!)) + f(src[y1 + x1]! * FTAB[e + 3]!));
  }
  return out;
}
