/**
 * Dense optical flow by DIS (Kroeger et al. 2016) as OpenCV 4.6.0 computes it on the CPU —
 * `cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM).calc(I0, I1, None)` — for the warp error of the
 * object-removal track (../shared/reference/rules/vidaio-v3.md §2.5). Written from OpenCV's modules/video/src/
 * dis_flow.cpp and variational_refinement.cpp (read for the algorithm; this is an independent implementation).
 *
 * Parameters (MEDIUM preset over the class defaults): finest scale 1, patch 8×8, stride 3, 25 gradient-descent
 * iterations split over 2 search passes (12 inner steps each), mean normalisation and spatial propagation on,
 * I1 border 16 (replicated), 5 fixed-point × 5 SOR iterations of variational refinement with α 20, δ 5, γ 10,
 * ω 1.6, ζ 0.1, ε 0.001. Coarsest scale = min(⌊log2(max(w, h)/32) + 0.5⌋, ⌊log2(⌊min(w, h)/8⌋)⌋).
 *
 * Steps per pyramid level (coarsest first): the pyramid is INTER_AREA halving (level 1 from the input, each next
 * from the previous, sizes floored; exact 2× is OpenCV's (a+b+c+d+2)>>2 fast path, other ratios its fractional
 * area weights in float, resize-area.ts); Sobel 3×3 gradients of I0 (int16, reflect-101 border); the structure tensor summed over
 * patches on the sparse grid; the inverse patch search in 8 fixed row stripes (spatial propagation never crosses a
 * stripe, as in OpenCV), forward then backward, each patch's SSD and gradient sums computed as OpenCV's 128-bit SIMD
 * path does (4 lanes holding columns k and k+4, reduced as (l0+l2)+(l1+l3) like OpenCV's SSE `v_reduce_sum`); densification by
 * photometric-error-weighted averaging of the overlapping patches; variational refinement (red-black SOR, here on
 * the plain grid with the same update order and border rules); bilinear upscaling (`resize` INTER_LINEAR) ×2 to the
 * next level and, at the end, to the input size.
 *
 * Everything OpenCV computes in float is computed here in float32 (Math.fround after every operation), in OpenCV's
 * order, so the flow agrees with cv2 to float rounding (removal-warp.test.ts states the measured difference).
 * Output: Float32Array of w·h·2, interleaved (dx, dy) per pixel, row-major — the layout of cv2's (h, w, 2) array.
 */
import { remapLinearF32 } from './remap.ts';
import { resizeArea } from './resize-area.ts';

const f = Math.fround;

const PATCH = 8;
const STRIDE = 3;
const FINEST = 1;
const GD_ITER = 25;
const VR_ITER = 5;
const SOR_ITER = 5;
const BORDER = 16;
const STRIPES = 8;
const EPS = f(0.001);
const INF = f(1e10);

/** Linear-resize source index and weights along one axis (OpenCV `resize` INTER_LINEAR, float path). */
function linearAxis(ssize: number, dsize: number, clampWeights: boolean): { s0: Int32Array; s1: Int32Array; a0: Float32Array; a1: Float32Array } {
  const scale = 1 / (dsize / ssize);
  const s0 = new Int32Array(dsize),
    s1 = new Int32Array(dsize),
    a0 = new Float32Array(dsize),
    a1 = new Float32Array(dsize);
  for (let d = 0; d < dsize; d++) {
    let fx = f((d + 0.5) * scale - 0.5);
    let sx = Math.floor(fx);
    fx = f(fx - sx);
    // Columns outside the source get weight (1, 0) on the edge column; rows keep their weights and read the edge
    // row twice (OpenCV clamps the row index only), which can differ from the edge value by one float rounding.
    if (clampWeights && sx < 0) {
      fx = 0;
      sx = 0;
    }
    if (clampWeights && sx >= ssize - 1) {
      fx = 0;
      sx = ssize - 1;
    }
    s0[d] = Math.min(Math.max(sx, 0), ssize - 1);
    s1[d] = Math.min(Math.max(sx + 1, 0), ssize - 1);
    a0[d] = f(1 - fx);
    a1[d] = fx;
  }
  return { s0, s1, a0, a1 };
}

/** `cv2.resize(src, (dw, dh))` (INTER_LINEAR) of a float32 image with `cn` interleaved channels. */
export function resizeLinearF32(src: Float32Array, sw: number, sh: number, cn: number, dw: number, dh: number): Float32Array {
  const out = new Float32Array(dw * dh * cn);
  if (sw === dw && sh === dh) {
    out.set(src);
    return out;
  }
  const xa = linearAxis(sw, dw, true),
    ya = linearAxis(sh, dh, false);
  const rowCache = new Map<number, Float32Array>();
  const hrow = (sy: number): Float32Array => {
    let r = rowCache.get(sy);
    if (r) return r;
    r = new Float32Array(dw * cn);
    const base = sy * sw * cn;
    for (let d = 0; d < dw; d++) {
      const x0 = base + xa.s0[d]! * cn,
        x1 = base + xa.s1[d]! * cn,
        a0 = xa.a0[d]!,
        a1 = xa.a1[d]!;
      for (let k = 0; k < cn; k++) r[d * cn + k] = f(f(src[x0 + k]! * a0) + f(src[x1 + k]! * a1));
    }
    if (rowCache.size > 4) rowCache.clear();
    rowCache.set(sy, r);
    return r;
  };
  for (let y = 0; y < dh; y++) {
    const r0 = hrow(ya.s0[y]!),
      r1 = hrow(ya.s1[y]!),
      b0 = ya.a0[y]!,
      b1 = ya.a1[y]!;
    const o = y * dw * cn;
    for (let x = 0; x < dw * cn; x++) out[o + x] = f(f(r0[x]! * b0) + f(r1[x]! * b1));
  }
  return out;
}

/** `cv2.spatialGradient` (Sobel 3×3, BORDER_DEFAULT = reflect-101), int16 results. */
function spatialGradient(img: Uint8Array, w: number, h: number): { gx: Int16Array; gy: Int16Array } {
  const gx = new Int16Array(w * h),
    gy = new Int16Array(w * h);
  const r101 = (p: number, n: number) => (n === 1 ? 0 : p < 0 ? -p : p >= n ? 2 * n - 2 - p : p);
  for (let y = 0; y < h; y++) {
    const ym = r101(y - 1, h) * w,
      y0 = y * w,
      yp = r101(y + 1, h) * w;
    for (let x = 0; x < w; x++) {
      const xm = r101(x - 1, w),
        xp = r101(x + 1, w);
      const a = img[ym + xm]!,
        b = img[ym + x]!,
        c = img[ym + xp]!;
      const d = img[y0 + xm]!,
        e = img[y0 + xp]!;
      const g = img[yp + xm]!,
        hh = img[yp + x]!,
        i = img[yp + xp]!;
      gx[y0 + x] = c - a + 2 * (e - d) + (i - g);
      gy[y0 + x] = g - a + 2 * (hh - b) + (i - c);
    }
  }
  return { gx, gy };
}

/** One pyramid level's state of the search. */
interface Level {
  w: number;
  h: number;
  ws: number;
  hs: number;
  I0: Uint8Array;
  I1: Uint8Array;
  /** I1 with a replicated border of 16. */
  I1ext: Uint8Array;
  I0x: Int16Array;
  I0y: Int16Array;
}

/** Patch sums of I0x², I0y², I0x·I0y, I0x, I0y on the sparse grid (OpenCV `precomputeStructureTensor`). */
function structureTensor(L: Level) {
  const { w, h, ws, hs, I0x, I0y } = L;
  const aux = [new Float32Array(h * ws), new Float32Array(h * ws), new Float32Array(h * ws), new Float32Array(h * ws), new Float32Array(h * ws)];
  const [axx, ayy, axy, ax, ay] = aux as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < h; i++) {
    let sxx = 0,
      syy = 0,
      sxy = 0,
      sx = 0,
      sy = 0;
    const r = i * w;
    for (let j = 0; j < PATCH; j++) {
      const X = I0x[r + j]!,
        Y = I0y[r + j]!;
      sxx = f(sxx + X * X);
      syy = f(syy + Y * Y);
      sxy = f(sxy + X * Y);
      sx = f(sx + X);
      sy = f(sy + Y);
    }
    axx[i * ws] = sxx;
    ayy[i * ws] = syy;
    axy[i * ws] = sxy;
    ax[i * ws] = sx;
    ay[i * ws] = sy;
    let js = 1;
    for (let j = PATCH; j < w; j++) {
      const X = I0x[r + j]!,
        Y = I0y[r + j]!,
        Xo = I0x[r + j - PATCH]!,
        Yo = I0y[r + j - PATCH]!;
      sxx = f(sxx + (X * X - Xo * Xo));
      syy = f(syy + (Y * Y - Yo * Yo));
      sxy = f(sxy + (X * Y - Xo * Yo));
      sx = f(sx + (X - Xo));
      sy = f(sy + (Y - Yo));
      if ((j - PATCH + 1) % STRIDE === 0) {
        axx[i * ws + js] = sxx;
        ayy[i * ws + js] = syy;
        axy[i * ws + js] = sxy;
        ax[i * ws + js] = sx;
        ay[i * ws + js] = sy;
        js++;
      }
    }
  }
  const out = [new Float32Array(hs * ws), new Float32Array(hs * ws), new Float32Array(hs * ws), new Float32Array(hs * ws), new Float32Array(hs * ws)];
  for (let c = 0; c < 5; c++) {
    const a = aux[c]!,
      o = out[c]!;
    const sum = new Float32Array(ws);
    for (let i = 0; i < PATCH; i++) for (let j = 0; j < ws; j++) sum[j] = f(sum[j]! + a[i * ws + j]!);
    o.set(sum, 0);
    let is = 1;
    for (let i = PATCH; i < h; i++) {
      for (let j = 0; j < ws; j++) sum[j] = f(sum[j]! + f(a[i * ws + j]! - a[(i - PATCH) * ws + j]!));
      if ((i - PATCH + 1) % STRIDE === 0) {
        o.set(sum, is * ws);
        is++;
      }
    }
  }
  return { xx: out[0]!, yy: out[1]!, xy: out[2]!, x: out[3]!, y: out[4]! };
}

/**
 * OpenCV's SSE `v_reduce_sum` of four float lanes (add the upper half, then the next lane): (l0 + l2) + (l1 + l3).
 * The order matters: (l0 + l1) + (l2 + l3) changes 92 % of the flow values of a 300x220 crop (by up to 5e-4 px).
 */
const reduce4 = (l0: number, l1: number, l2: number, l3: number) => f(f(l0 + l2) + f(l1 + l3));

/**
 * Bilinear 8×8 patch difference of I1ext (at `p1`, weights w00…w11) and I0 (at `p0`), mean-normalised:
 * returns the SSD and, when `grad`, writes dUx/dUy into GRAD (OpenCV `processPatchMeanNorm` / `computeSSDMeanNorm`).
 * Lane k of OpenCV's 4-wide accumulators holds columns k and k + 4; the lanes are plain locals here.
 */
const GRAD = new Float32Array(2);
const DIFF = new Float32Array(64);
function patchMeanNorm(
  L: Level,
  p0: number,
  p1: number,
  w00: number,
  w01: number,
  w10: number,
  w11: number,
  grad: boolean,
  xSum: number,
  ySum: number,
): number {
  const I0 = L.I0,
    I1 = L.I1ext,
    w = L.w;
  const wExt = w + 2 * BORDER;
  const D = DIFF;
  for (let r = 0; r < PATCH; r++) {
    const a = p1 + r * wExt,
      b = a + wExt,
      z = p0 + r * w;
    for (let c = 0; c < PATCH; c++) {
      D[r * PATCH + c] = f(f(f(f(f(w00 * I1[a + c]!) + f(w01 * I1[a + c + 1]!)) + f(w10 * I1[b + c]!)) + f(w11 * I1[b + c + 1]!)) - I0[z + c]!);
    }
  }
  let sd0 = 0,
    sd1 = 0,
    sd2 = 0,
    sd3 = 0,
    sq0 = 0,
    sq1 = 0,
    sq2 = 0,
    sq3 = 0;
  for (let r = 0; r < 64; r += PATCH) {
    const l0 = D[r]!,
      l1 = D[r + 1]!,
      l2 = D[r + 2]!,
      l3 = D[r + 3]!,
      r0 = D[r + 4]!,
      r1 = D[r + 5]!,
      r2 = D[r + 6]!,
      r3 = D[r + 7]!;
    sq0 = f(sq0 + f(f(l0 * l0) + f(r0 * r0)));
    sq1 = f(sq1 + f(f(l1 * l1) + f(r1 * r1)));
    sq2 = f(sq2 + f(f(l2 * l2) + f(r2 * r2)));
    sq3 = f(sq3 + f(f(l3 * l3) + f(r3 * r3)));
    sd0 = f(sd0 + f(l0 + r0));
    sd1 = f(sd1 + f(l1 + r1));
    sd2 = f(sd2 + f(l2 + r2));
    sd3 = f(sd3 + f(l3 + r3));
  }
  const n = 64;
  const sumDiff = reduce4(sd0, sd1, sd2, sd3),
    sumSq = reduce4(sq0, sq1, sq2, sq3);
  if (grad) {
    const Gx = L.I0x,
      Gy = L.I0y;
    let x0 = 0,
      x1 = 0,
      x2 = 0,
      x3 = 0,
      y0 = 0,
      y1 = 0,
      y2 = 0,
      y3 = 0;
    for (let r = 0; r < PATCH; r++) {
      const z = p0 + r * w,
        d = r * PATCH;
      const l0 = D[d]!,
        l1 = D[d + 1]!,
        l2 = D[d + 2]!,
        l3 = D[d + 3]!,
        r0 = D[d + 4]!,
        r1 = D[d + 5]!,
        r2 = D[d + 6]!,
        r3 = D[d + 7]!;
      x0 = f(x0 + f(f(l0 * Gx[z]!) + f(r0 * Gx[z + 4]!)));
      x1 = f(x1 + f(f(l1 * Gx[z + 1]!) + f(r1 * Gx[z + 5]!)));
      x2 = f(x2 + f(f(l2 * Gx[z + 2]!) + f(r2 * Gx[z + 6]!)));
      x3 = f(x3 + f(f(l3 * Gx[z + 3]!) + f(r3 * Gx[z + 7]!)));
      y0 = f(y0 + f(f(l0 * Gy[z]!) + f(r0 * Gy[z + 4]!)));
      y1 = f(y1 + f(f(l1 * Gy[z + 1]!) + f(r1 * Gy[z + 5]!)));
      y2 = f(y2 + f(f(l2 * Gy[z + 2]!) + f(r2 * Gy[z + 6]!)));
      y3 = f(y3 + f(f(l3 * Gy[z + 3]!) + f(r3 * Gy[z + 7]!)));
    }
    GRAD[0] = f(reduce4(x0, x1, x2, x3) - f(f(sumDiff * xSum) / n));
    GRAD[1] = f(reduce4(y0, y1, y2, y3) - f(f(sumDiff * ySum) / n));
  }
  return f(sumSq - f(f(sumDiff * sumDiff) / n));
}

/** Inverse search on the sparse grid (OpenCV `PatchInverseSearch_ParBody`, 8 stripes, 2 passes). */
function patchInverseSearch(L: Level, Ux: Float32Array, Uy: Float32Array, Sx: Float32Array, Sy: Float32Array): void {
  const { w, h, ws, hs } = L;
  const T = structureTensor(L);
  const psz2 = PATCH / 2;
  const wExt = w + 2 * BORDER;
  const iLo = f(BORDER - PATCH + 1),
    iHi = f(BORDER + h - 1),
    jLo = iLo,
    jHi = f(BORDER + w - 1);
  const stripeSz = Math.ceil(hs / STRIPES);
  const numIter = 2;
  const inner = Math.floor(GD_ITER / numIter);
  // Bilinear weights w00, w01, w10, w11 and the I1ext offset of a displaced patch (a typed scratch array, so the
  // doubles are not boxed as closure variables would be).
  const bw = new Float64Array(5);
  const weights = (i: number, j: number, ux: number, uy: number) => {
    const iI1 = Math.min(Math.max(f(f(i + uy) + BORDER), iLo), iHi);
    const jI1 = Math.min(Math.max(f(f(j + ux) + BORDER), jLo), jHi);
    const fi = Math.floor(iI1),
      fj = Math.floor(jI1);
    const di = f(iI1 - fi),
      dj = f(jI1 - fj),
      ei = f(f(fi + 1) - iI1),
      ej = f(f(fj + 1) - jI1);
    bw[0] = f(ei * ej);
    bw[1] = f(ei * dj);
    bw[2] = f(di * ej);
    bw[3] = f(di * dj);
    bw[4] = fi * wExt + fj;
  };
  const ssd = (i: number, j: number, ux: number, uy: number) => {
    weights(i, j, ux, uy);
    return patchMeanNorm(L, i * w + j, bw[4]!, bw[0]!, bw[1]!, bw[2]!, bw[3]!, false, 0, 0);
  };
  for (let s = 0; s < STRIPES; s++) {
    for (let iter = 0; iter < numIter; iter++) {
      let dir: number, startIs: number, endIs: number, startJs: number, endJs: number, startJ: number;
      if (iter % 2 === 0) {
        dir = 1;
        startIs = Math.min(s * stripeSz, hs);
        endIs = Math.min((s + 1) * stripeSz, hs);
        startJs = 0;
        endJs = ws;
        startJ = 0;
      } else {
        dir = -1;
        startIs = Math.min((s + 1) * stripeSz, hs) - 1;
        endIs = Math.min(s * stripeSz, hs) - 1;
        startJs = ws - 1;
        endJs = -1;
        startJ = (ws - 1) * STRIDE;
      }
      let i = startIs * STRIDE;
      for (let is = startIs; dir * is < dir * endIs; is += dir) {
        let j = startJ;
        for (let js = startJs; dir * js < dir * endJs; js += dir) {
          const at = is * ws + js;
          if (iter === 0) {
            Sx[at] = Ux[(i + psz2) * w + j + psz2]!;
            Sy[at] = Uy[(i + psz2) * w + j + psz2]!;
          }
          let minSsd = ssd(i, j, Sx[at]!, Sy[at]!);
          if (dir * js > dir * startJs) {
            const c = ssd(i, j, Sx[at - dir]!, Sy[at - dir]!);
            if (c < minSsd) {
              minSsd = c;
              Sx[at] = Sx[at - dir]!;
              Sy[at] = Sy[at - dir]!;
            }
          }
          if (dir * is > dir * startIs) {
            const o = at - dir * ws;
            const c = ssd(i, j, Sx[o]!, Sy[o]!);
            if (c < minSsd) {
              minSsd = c;
              Sx[at] = Sx[o]!;
              Sy[at] = Sy[o]!;
            }
          }
          let curUx = Sx[at]!,
            curUy = Sy[at]!;
          const xx = T.xx[at]!,
            yy = T.yy[at]!,
            xy = T.xy[at]!;
          let detH = f(f(xx * yy) - f(xy * xy));
          if (Math.abs(detH) < EPS) detH = EPS;
          const invH11 = f(yy / detH),
            invH12 = f(-xy / detH),
            invH22 = f(xx / detH);
          let prevSsd = INF;
          const xSum = T.x[at]!,
            ySum = T.y[at]!;
          for (let t = 0; t < inner; t++) {
            weights(i, j, curUx, curUy);
            const cur = patchMeanNorm(L, i * w + j, bw[4]!, bw[0]!, bw[1]!, bw[2]!, bw[3]!, true, xSum, ySum);
            const dUx = GRAD[0]!,
              dUy = GRAD[1]!;
            const dx = f(f(invH11 * dUx) + f(invH12 * dUy));
            const dy = f(f(invH12 * dUx) + f(invH22 * dUy));
            curUx = f(curUx - dx);
            curUy = f(curUy - dy);
            if (cur >= prevSsd) break;
            prevSsd = cur;
          }
          const ex = f(curUx - Sx[at]!),
            ey = f(curUy - Sy[at]!);
          if (Math.sqrt(f(f(ex * ex) + f(ey * ey))) <= PATCH) {
            Sx[at] = curUx;
            Sy[at] = curUy;
          }
          j += dir * STRIDE;
        }
        i += dir * STRIDE;
      }
    }
  }
}

/** Dense flow from the sparse patch flows (OpenCV `Densification_ParBody`). */
function densify(L: Level, Sx: Float32Array, Sy: Float32Array, Ux: Float32Array, Uy: Float32Array): void {
  const { w, h, ws, I0, I1 } = L;
  const wMax = f(f(w - 1) - EPS),
    hMax = f(f(h - 1) - EPS);
  let startIs = 0,
    endIs = -1;
  for (let i = 0; i < h; i++) {
    if (i % STRIDE === 0 && i + PATCH <= h) endIs++;
    if (i - PATCH >= 0 && (i - PATCH) % STRIDE === 0 && startIs < endIs) startIs++;
    let startJs = 0,
      endJs = -1;
    for (let j = 0; j < w; j++) {
      if (j % STRIDE === 0 && j + PATCH <= w) endJs++;
      if (j - PATCH >= 0 && (j - PATCH) % STRIDE === 0 && startJs < endJs) startJs++;
      let sumCoef = 0,
        sumUx = 0,
        sumUy = 0;
      const i0 = I0[i * w + j]!;
      for (let is = startIs; is <= endIs; is++) {
        for (let js = startJs; js <= endJs; js++) {
          const sx = Sx[is * ws + js]!,
            sy = Sy[is * ws + js]!;
          const jm = Math.min(Math.max(f(j + sx), 0), wMax);
          const im = Math.min(Math.max(f(i + sy), 0), hMax);
          const jl = Math.trunc(jm),
            ju = jl + 1,
            il = Math.trunc(im),
            iu = il + 1;
          const a = f(jm - jl),
            b = f(im - il),
            c = f(ju - jm),
            d = f(iu - im);
          const diff = f(
            f(f(f(f(f(a * b) * I1[iu * w + ju]!) + f(f(c * b) * I1[iu * w + jl]!)) + f(f(a * d) * I1[il * w + ju]!)) + f(f(c * d) * I1[il * w + jl]!)) - i0,
          );
          const coef = f(1 / Math.max(1, Math.abs(diff)));
          sumUx = f(sumUx + f(coef * sx));
          sumUy = f(sumUy + f(coef * sy));
          sumCoef = f(sumCoef + coef);
        }
      }
      Ux[i * w + j] = f(sumUx / sumCoef);
      Uy[i * w + j] = f(sumUy / sumCoef);
    }
  }
}

/** `Sobel(src, ddepth=-1, dx, dy, ksize=1, BORDER_REPLICATE)` on float: x[j+1] − x[j−1] (or along y). */
function diff1(src: Float32Array, w: number, h: number, alongX: boolean): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      out[y * w + x] = alongX
        ? f(src[y * w + Math.min(x + 1, w - 1)]! - src[y * w + Math.max(x - 1, 0)]!)
        : f(src[Math.min(y + 1, h - 1) * w + x]! - src[Math.max(y - 1, 0) * w + x]!);
    }
  }
  return out;
}

/** OpenCV `VariationalRefinement::calcUV` with DIS's settings, refining (Wu, Wv) in place. */
export function variationalRefinement(I0: Uint8Array, I1: Uint8Array, w: number, h: number, Wu: Float32Array, Wv: Float32Array): void {
  const n = w * h;
  const alpha2 = f(20 / 2),
    delta2 = f(5 / 2),
    gamma2 = f(10 / 2),
    omega = f(1.6);
  const zeta = f(0.1),
    epsilon = f(0.001);
  const zeta2 = f(zeta * zeta),
    eps2 = f(epsilon * epsilon);
  // prepareBuffers: warp I1 by the flow (float remap, replicate), average with I0, Iz = warped − I0, derivatives.
  const I1f = Float32Array.from(I1);
  const mapX = new Float32Array(n),
    mapY = new Float32Array(n);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++) {
      mapX[i * w + j] = f(j + Wu[i * w + j]!);
      mapY[i * w + j] = f(i + Wv[i * w + j]!);
    }
  const warped = remapLinearF32(I1f, w, h, mapX, mapY, 'replicate');
  const avg = new Float32Array(n),
    Iz = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    avg[p] = f(0.5 * I0[p]! + 0.5 * warped[p]!);
    Iz[p] = f(warped[p]! - I0[p]!);
  }
  const Ix = diff1(avg, w, h, true),
    Iy = diff1(avg, w, h, false);
  const Ixz = diff1(Iz, w, h, true),
    Iyz = diff1(Iz, w, h, false);
  const Ixx = diff1(Ix, w, h, true),
    Ixy = diff1(Ix, w, h, false),
    Iyy = diff1(Iy, w, h, false);

  const W0u = Float32Array.from(Wu),
    W0v = Float32Array.from(Wv);
  const cu = Float32Array.from(Wu),
    cv = Float32Array.from(Wv); // tempW
  const du = new Float32Array(n),
    dv = new Float32Array(n);
  const A11 = new Float32Array(n),
    A12 = new Float32Array(n),
    A22 = new Float32Array(n),
    b1 = new Float32Array(n),
    b2 = new Float32Array(n);
  const wt = new Float32Array(n);

  for (let it = 0; it < VR_ITER; it++) {
    // Data term (colour and gradient constancy), every pixel independently.
    for (let p = 0; p < n; p++) {
      const ix = Ix[p]!,
        iy = Iy[p]!,
        iz = Iz[p]!,
        dU = du[p]!,
        dV = dv[p]!;
      let dn = f(f(f(ix * ix) + f(iy * iy)) + zeta2);
      const ik = f(f(iz + f(ix * dU)) + f(iy * dV));
      let wgt = f(f(delta2 / f(Math.sqrt(f(f(f(ik * ik) / dn) + eps2)))) / dn);
      let a11 = f(f(wgt * f(ix * ix)) + zeta2);
      let a12 = f(wgt * f(ix * iy));
      let a22 = f(f(wgt * f(iy * iy)) + zeta2);
      let bb1 = f(-wgt * f(iz * ix));
      let bb2 = f(-wgt * f(iz * iy));
      const ixx = Ixx[p]!,
        ixy = Ixy[p]!,
        iyy = Iyy[p]!,
        ixz = Ixz[p]!,
        iyz = Iyz[p]!;
      dn = f(f(f(ixx * ixx) + f(ixy * ixy)) + zeta2);
      const dn2 = f(f(f(iyy * iyy) + f(ixy * ixy)) + zeta2);
      const ikx = f(f(ixz + f(ixx * dU)) + f(ixy * dV));
      const iky = f(f(iyz + f(ixy * dU)) + f(iyy * dV));
      wgt = f(gamma2 / f(Math.sqrt(f(f(f(f(ikx * ikx) / dn) + f(f(iky * iky) / dn2)) + eps2))));
      a11 = f(a11 + f(wgt * f(f(f(ixx * ixx) / dn) + f(f(ixy * ixy) / dn2))));
      a12 = f(a12 + f(wgt * f(f(f(ixx * ixy) / dn) + f(f(ixy * iyy) / dn2))));
      a22 = f(a22 + f(wgt * f(f(f(ixy * ixy) / dn) + f(f(iyy * iyy) / dn2))));
      bb1 = f(bb1 - f(wgt * f(f(f(ixx * ixz) / dn) + f(f(ixy * iyz) / dn2))));
      bb2 = f(bb2 - f(wgt * f(f(f(ixy * ixz) / dn) + f(f(iyy * iyz) / dn2))));
      A11[p] = a11;
      A12[p] = a12;
      A22[p] = a22;
      b1[p] = bb1;
      b2[p] = bb2;
    }
    // Smoothness, horizontal pass: red pixels ((i + j) even) first, then black.
    for (let colour = 0; colour < 2; colour++) {
      for (let i = 0; i < h; i++) {
        const down = i + 1 < h ? w : 0;
        for (let j = (i + colour) & 1; j < w; j += 2) {
          const p = i * w + j,
            right = j + 1 < w ? p + 1 : p;
          const ux = f(cu[right]! - cu[p]!),
            vx = f(cv[right]! - cv[p]!);
          const uy = f(cu[p + down]! - cu[p]!),
            vy = f(cv[p + down]! - cv[p]!);
          const wp = f(alpha2 / f(Math.sqrt(f(f(f(f(f(ux * ux) + f(vx * vx)) + f(uy * uy)) + f(vy * vy)) + eps2))));
          wt[p] = wp;
          if (right === p) continue;
          const gu = f(wp * f(W0u[right]! - W0u[p]!)),
            gv = f(wp * f(W0v[right]! - W0v[p]!));
          b1[p] = f(b1[p]! + gu);
          A11[p] = f(A11[p]! + wp);
          b2[p] = f(b2[p]! + gv);
          A22[p] = f(A22[p]! + wp);
          b1[right] = f(b1[right]! - gu);
          A11[right] = f(A11[right]! + wp);
          b2[right] = f(b2[right]! - gv);
          A22[right] = f(A22[right]! + wp);
        }
      }
    }
    // Smoothness, vertical pass (all rows but the last), red then black.
    for (let colour = 0; colour < 2; colour++) {
      for (let i = 0; i < h - 1; i++) {
        for (let j = (i + colour) & 1; j < w; j += 2) {
          const p = i * w + j,
            q = p + w,
            wp = wt[p]!;
          const gu = f(wp * f(W0u[q]! - W0u[p]!)),
            gv = f(wp * f(W0v[q]! - W0v[p]!));
          b1[p] = f(b1[p]! + gu);
          A11[p] = f(A11[p]! + wp);
          b2[p] = f(b2[p]! + gv);
          A22[p] = f(A22[p]! + wp);
          b1[q] = f(b1[q]! - gu);
          A11[q] = f(A11[q]! + wp);
          b2[q] = f(b2[q]! - gv);
          A22[q] = f(A22[q]! + wp);
        }
      }
    }
    // Red-black SOR; neighbours outside the image contribute 0 (OpenCV's zero border of the increment and weights).
    for (let s = 0; s < SOR_ITER; s++) {
      for (let colour = 0; colour < 2; colour++) {
        for (let i = 0; i < h; i++) {
          for (let j = (i + colour) & 1; j < w; j += 2) {
            const p = i * w + j,
              wp = wt[p]!;
            let su: number, sv: number;
            if (j > 0) {
              su = f(wt[p - 1]! * du[p - 1]!);
              sv = f(wt[p - 1]! * dv[p - 1]!);
            } else {
              su = 0;
              sv = 0;
            }
            if (j + 1 < w) {
              su = f(su + f(wp * du[p + 1]!));
              sv = f(sv + f(wp * dv[p + 1]!));
            }
            if (i > 0) {
              su = f(su + f(wt[p - w]! * du[p - w]!));
              sv = f(sv + f(wt[p - w]! * dv[p - w]!));
            }
            if (i + 1 < h) {
              su = f(su + f(wp * du[p + w]!));
              sv = f(sv + f(wp * dv[p + w]!));
            }
            const u = du[p]!;
            const nu = f(u + f(omega * f(f(f(f(su + b1[p]!) - f(dv[p]! * A12[p]!)) / A11[p]!) - u)));
            du[p] = nu;
            const v = dv[p]!;
            dv[p] = f(v + f(omega * f(f(f(f(sv + b2[p]!) - f(nu * A12[p]!)) / A22[p]!) - v)));
          }
        }
      }
    }
    for (let p = 0; p < n; p++) {
      cu[p] = f(W0u[p]! + du[p]!);
      cv[p] = f(W0v[p]! + dv[p]!);
    }
  }
  Wu.set(cu);
  Wv.set(cv);
}

/** The coarsest pyramid level OpenCV's DIS uses for a w×h input. */
export function disCoarsestScale(w: number, h: number): number {
  return Math.min(
    Math.trunc(Math.log(Math.max(w, h) / (4.0 * PATCH)) / Math.log(2.0) + 0.5),
    Math.trunc(Math.log(Math.floor(Math.min(w, h) / PATCH)) / Math.log(2.0)),
  );
}

/**
 * DIS optical flow (OpenCV 4.6.0, PRESET_MEDIUM) from gray I0 to gray I1 (both w×h, 8-bit): per pixel (dx, dy)
 * such that I0(x, y) ≈ I1(x + dx, y + dy). Interleaved Float32Array of w·h·2.
 */
export function disFlow(I0: Uint8Array, I1: Uint8Array, w: number, h: number): Float32Array {
  if (I0.length !== w * h || I1.length !== w * h)
    throw new RangeError(`DIS flow: images must both be ${w}x${h} gray (got ${I0.length} and ${I1.length} bytes)`);
  const coarsest = disCoarsestScale(w, h);
  // Below this OpenCV 4.6 indexes past its pyramid (undefined behaviour: a 60x15 input crashes cv2, a 40x30 one
  // returns a flow from stale memory), so there is nothing to reproduce; a warp box is at least 49 px a side
  // whenever the frame is.
  if (!(coarsest >= FINEST))
    throw new RangeError(`DIS flow: a ${w}x${h} crop is too small for the MEDIUM preset (it needs at least 46 px on the long side and 16 on the short one)`);
  const levels: Level[] = [];
  let p0 = I0,
    p1 = I1,
    cw = w,
    ch = h;
  for (let i = 1; i <= coarsest; i++) {
    const nw = Math.floor(cw / 2),
      nh = Math.floor(ch / 2);
    p0 = resizeArea(p0, cw, ch, nw, nh, 1);
    p1 = resizeArea(p1, cw, ch, nw, nh, 1);
    cw = nw;
    ch = nh;
    const wExt = cw + 2 * BORDER;
    const ext = new Uint8Array(wExt * (ch + 2 * BORDER));
    for (let y = 0; y < ch + 2 * BORDER; y++) {
      const sy = Math.min(Math.max(y - BORDER, 0), ch - 1) * cw;
      for (let x = 0; x < wExt; x++) ext[y * wExt + x] = p1[sy + Math.min(Math.max(x - BORDER, 0), cw - 1)]!;
    }
    const { gx, gy } = spatialGradient(p0, cw, ch);
    levels[i] = {
      w: cw,
      h: ch,
      ws: 1 + Math.trunc((cw - PATCH) / STRIDE),
      hs: 1 + Math.trunc((ch - PATCH) / STRIDE),
      I0: p0,
      I1: p1,
      I1ext: ext,
      I0x: gx,
      I0y: gy,
    };
  }
  let L = levels[coarsest]!;
  let Ux = new Float32Array(L.w * L.h),
    Uy = new Float32Array(L.w * L.h);
  for (let i = coarsest; i >= FINEST; i--) {
    L = levels[i]!;
    const Sx = new Float32Array(L.hs * L.ws),
      Sy = new Float32Array(L.hs * L.ws);
    patchInverseSearch(L, Ux, Uy, Sx, Sy);
    densify(L, Sx, Sy, Ux, Uy);
    variationalRefinement(L.I0, L.I1, L.w, L.h, Ux, Uy);
    if (i > FINEST) {
      const N = levels[i - 1]!;
      Ux = resizeLinearF32(Ux, L.w, L.h, 1, N.w, N.h).map((v) => v * 2);
      Uy = resizeLinearF32(Uy, L.w, L.h, 1, N.w, N.h).map((v) => v * 2);
    }
  }
  const U = new Float32Array(L.w * L.h * 2);
  for (let p = 0; p < L.w * L.h; p++) {
    U[2 * p] = Ux[p]!;
    U[2 * p + 1] = Uy[p]!;
  }
  const flow = resizeLinearF32(U, L.w, L.h, 2, w, h);
  for (let k = 0; k < flow.length; k++) flow[k] = flow[k]! * (1 << FINEST);
  return flow;
}
