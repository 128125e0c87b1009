/**
 * Float VIF (visual information fidelity) at four scales, as libvmaf's float extractor computes it
 * (Netflix/vmaf libvmaf/src/feature/vif.c and vif_tools.c @ v3.0.0, "matching_matlab" statistic).
 * Works on luma planes given as `pixel - 128` in float32. Filtering is separable, row-streamed: the five
 * moments (mu1, mu2, ref², dis², ref·dis) of a row are produced and consumed at once, so no full moment
 * planes are stored. Both enhancement-gain limits (100 = default, 1 = NEG `_egl_1`) share all filtering.
 * Borders: top/left reflect-101 (`i < 0 → -i`), bottom/right symmetric (`i ≥ n → 2n - i - 1`), as in
 * ../shared/reference/metrics.md §1.1. `log2` is exact here (libvmaf's VIF_OPT_FAST_LOG2 polynomial
 * differs from it by at most 2.4e-7, measured, far below the feature tolerance), and a row's Σ log2(1 + x)
 * is taken as log2 of a running product, flushed before it can overflow.
 */
import { mirrorIndex } from './borders.ts';

/** Gaussian taps per scale, σ = N/5, normalised (libvmaf vif_tools.c vif_filter1d_table_s, float32). */
const VIF_FILTERS: readonly Float32Array[] = [
  mirrorTaps([0.00745626912, 0.0142655009, 0.0250313189, 0.0402820669, 0.0594526194, 0.0804751068, 0.0999041125, 0.113746084, 0.118773937]),
  mirrorTaps([0.0189780835, 0.0558981746, 0.120920904, 0.192116052, 0.224173605]),
  mirrorTaps([0.054488685, 0.244201347, 0.402619958]),
  mirrorTaps([0.166378498, 0.667243004]),
];

function mirrorTaps(half: number[]): Float32Array {
  const n = half.length * 2 - 1;
  const out = new Float32Array(n);
  for (let k = 0; k < half.length; k++) {
    out[k] = half[k]!;
    out[n - 1 - k] = half[k]!;
  }
  return out;
}

const SIGMA_NSQ = 2.0;
const SIGMA_MAX_INV = 4.0 / (255.0 * 255.0);
const EPS = 1e-10;

/** One row (or plane) per moment: mu1, mu2, ref², dis², ref·dis. */
type Moments = [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];

function momentRows(len: number): Moments {
  return [new Float32Array(len), new Float32Array(len), new Float32Array(len), new Float32Array(len), new Float32Array(len)];
}

/** Per-scale sums of one frame. `numEgl` is filled only when the computer was built with `neg`. */
export interface VifSums {
  num: Float64Array; // [4]
  den: Float64Array; // [4]
  numEgl: Float64Array; // [4], gain limit 1.0
}

/** Float VIF for a fixed frame size; all buffers are allocated once. */
export class VifComputer {
  private readonly width: number;
  private readonly height: number;
  private readonly neg: boolean;
  // scale images (scale 1..3), ref/dis
  private readonly refScale: Float32Array[] = [];
  private readonly disScale: Float32Array[] = [];
  private readonly scaleW: number[] = [];
  private readonly scaleH: number[] = [];
  // one row of each moment (mu1, mu2, ref², dis², ref·dis): vertical pass output padded for the horizontal pass
  // (width + 2*8), and horizontal pass output
  private readonly tRows: Moments;
  private readonly hRows: Moments;
  private readonly rowOff: Int32Array = new Int32Array(17);
  readonly sums: VifSums = { num: new Float64Array(4), den: new Float64Array(4), numEgl: new Float64Array(4) };

  /**
   * @param width luma width in pixels (≥ 16)
   * @param height luma height in pixels (≥ 16)
   * @param neg also compute the gain-limited (1.0) numerators
   */
  constructor(width: number, height: number, neg: boolean) {
    this.width = width;
    this.height = height;
    this.neg = neg;
    let w = width;
    let h = height;
    this.scaleW.push(w);
    this.scaleH.push(h);
    this.refScale.push(new Float32Array(0));
    this.disScale.push(new Float32Array(0));
    for (let s = 1; s < 4; s++) {
      w = w >> 1;
      h = h >> 1;
      this.scaleW.push(w);
      this.scaleH.push(h);
      this.refScale.push(new Float32Array(w * h));
      this.disScale.push(new Float32Array(w * h));
    }
    this.tRows = momentRows(width + 16);
    this.hRows = momentRows(width);
  }

  /**
   * Computes per-scale num/den for one frame pair. Inputs: `pixel - 128` float planes of width×height.
   * Results are left in `this.sums` (overwritten on every call).
   */
  compute(ref0: Float32Array, dis0: Float32Array): VifSums {
    let ref = ref0;
    let dis = dis0;
    for (let s = 0; s < 4; s++) {
      const f = VIF_FILTERS[s]!;
      if (s > 0) {
        const pw = this.scaleW[s - 1]!;
        const ph = this.scaleH[s - 1]!;
        this.decimate(f, ref, pw, ph, this.refScale[s]!);
        this.decimate(f, dis, pw, ph, this.disScale[s]!);
        ref = this.refScale[s]!;
        dis = this.disScale[s]!;
      }
      this.statistic(s, f, ref, dis, this.scaleW[s]!, this.scaleH[s]!);
    }
    return this.sums;
  }

  /** Low-pass with `f` and keep even rows/columns: dst is floor(w/2) × floor(h/2). */
  private decimate(f: Float32Array, src: Float32Array, w: number, h: number, dst: Float32Array): void {
    const n = f.length;
    const r = n >> 1;
    const tmp = this.tRows[0];
    const rowOff = this.rowOff;
    const dw = w >> 1;
    const dh = h >> 1;
    for (let di = 0; di < dh; di++) {
      const i = di * 2;
      for (let k = 0; k < n; k++) rowOff[k] = mirrorIndex(i - r + k, h) * w;
      const oc = rowOff[r]!;
      const cc = f[r]!;
      for (let j = 0; j < w; j++) {
        let acc = cc * src[oc + j]!;
        for (let k = 0; k < r; k++) acc += f[k]! * (src[rowOff[k]! + j]! + src[rowOff[n - 1 - k]! + j]!);
        tmp[j + r] = acc;
      }
      for (let k = 1; k <= r; k++) {
        tmp[r - k] = tmp[r + k]!;
        tmp[r + w - 1 + k] = tmp[r + w - k]!;
      }
      const drow = di * dw;
      for (let dj = 0; dj < dw; dj++) {
        const j = dj * 2;
        let acc = cc * tmp[j + r]!;
        for (let k = 0; k < r; k++) acc += f[k]! * (tmp[j + k]! + tmp[j + n - 1 - k]!);
        dst[drow + dj] = acc;
      }
    }
  }

  /** Filtered moments + VIF statistic over the whole w×h image of scale s. */
  private statistic(s: number, f: Float32Array, ref: Float32Array, dis: Float32Array, w: number, h: number): void {
    const n = f.length;
    const r = n >> 1;
    const rowOff = this.rowOff;
    const [tMu1, tMu2, tXx, tYy, tXy] = this.tRows;
    const [hMu1, hMu2, hXx, hYy, hXy] = this.hRows;
    const neg = this.neg;
    let numSum = 0;
    let denSum = 0;
    let numEglSum = 0;
    for (let i = 0; i < h; i++) {
      for (let k = 0; k < n; k++) rowOff[k] = mirrorIndex(i - r + k, h) * w;
      // vertical pass: the five moments of this row in one sweep (taps folded by symmetry)
      const oc = rowOff[r]!;
      const cc = f[r]!;
      for (let j = 0; j < w; j++) {
        const a0 = ref[oc + j]!;
        const b0 = dis[oc + j]!;
        const ca0 = cc * a0;
        const cb0 = cc * b0;
        let m1 = ca0;
        let m2 = cb0;
        let xx = ca0 * a0;
        let yy = cb0 * b0;
        let xy = ca0 * b0;
        for (let k = 0; k < r; k++) {
          const o1 = rowOff[k]! + j;
          const o2 = rowOff[n - 1 - k]! + j;
          const c = f[k]!;
          const a1 = ref[o1]!,
            a2 = ref[o2]!;
          const b1 = dis[o1]!,
            b2 = dis[o2]!;
          m1 += c * (a1 + a2);
          m2 += c * (b1 + b2);
          xx += c * (a1 * a1 + a2 * a2);
          yy += c * (b1 * b1 + b2 * b2);
          xy += c * (a1 * b1 + a2 * b2);
        }
        const p = j + r;
        tMu1[p] = m1;
        tMu2[p] = m2;
        tXx[p] = xx;
        tYy[p] = yy;
        tXy[p] = xy;
      }
      for (let k = 1; k <= r; k++) {
        const lo = r - k,
          loSrc = r + k,
          hi = r + w - 1 + k,
          hiSrc = r + w - k;
        tMu1[lo] = tMu1[loSrc]!;
        tMu2[lo] = tMu2[loSrc]!;
        tXx[lo] = tXx[loSrc]!;
        tYy[lo] = tYy[loSrc]!;
        tXy[lo] = tXy[loSrc]!;
        tMu1[hi] = tMu1[hiSrc]!;
        tMu2[hi] = tMu2[hiSrc]!;
        tXx[hi] = tXx[hiSrc]!;
        tYy[hi] = tYy[hiSrc]!;
        tXy[hi] = tXy[hiSrc]!;
      }
      // horizontal pass of the five moments (folded)
      for (let j = 0; j < w; j++) {
        const q = j + r;
        let m1 = cc * tMu1[q]!;
        let m2 = cc * tMu2[q]!;
        let xx = cc * tXx[q]!;
        let yy = cc * tYy[q]!;
        let xy = cc * tXy[q]!;
        for (let k = 0; k < r; k++) {
          const c = f[k]!;
          const q1 = j + k;
          const q2 = j + n - 1 - k;
          m1 += c * (tMu1[q1]! + tMu1[q2]!);
          m2 += c * (tMu2[q1]! + tMu2[q2]!);
          xx += c * (tXx[q1]! + tXx[q2]!);
          yy += c * (tYy[q1]! + tYy[q2]!);
          xy += c * (tXy[q1]! + tXy[q2]!);
        }
        hMu1[j] = m1;
        hMu2[j] = m2;
        hXx[j] = xx;
        hYy[j] = yy;
        hXy[j] = xy;
      }
      // Σ log2(1 + x) over a row is taken as log2 of running products (flushed before overflow):
      // identical to summing the logs up to double rounding, at a fraction of the cost.
      let rowLin = 0; // low-variance branch: Σ (1 − σ2²·4/255²)
      let rowDenOnes = 0;
      let pNum = 1,
        pDen = 1,
        pNumEgl = 1;
      let logNum = 0,
        logDen = 0,
        logNumEgl = 0;
      for (let j = 0; j < w; j++) {
        const m1 = hMu1[j]!;
        const m2 = hMu2[j]!;
        let sigma1Sq = hXx[j]! - m1 * m1;
        let sigma2Sq = hYy[j]! - m2 * m2;
        const sigma12 = hXy[j]! - m1 * m2;
        if (sigma1Sq < 0) sigma1Sq = 0;
        if (sigma2Sq < 0) sigma2Sq = 0;
        if (sigma1Sq < SIGMA_NSQ) {
          // also covers libvmaf's sigma1_sq < eps case (num/den overwritten by this branch there too)
          rowLin += 1 - sigma2Sq * SIGMA_MAX_INV;
          rowDenOnes += 1;
          continue;
        }
        let g = sigma12 / (sigma1Sq + EPS);
        let svSq = sigma2Sq - g * sigma12;
        if (sigma2Sq < EPS) {
          g = 0;
          svSq = 0;
        }
        if (g < 0) {
          svSq = sigma2Sq;
          g = 0;
        }
        if (svSq < EPS) svSq = EPS;
        pDen *= 1 + sigma1Sq / SIGMA_NSQ;
        if (pDen > 1e250) {
          logDen += Math.log2(pDen);
          pDen = 1;
        }
        if (sigma12 >= 0) {
          const gl = g < 100 ? g : 100;
          pNum *= 1 + (gl * gl * sigma1Sq) / (svSq + SIGMA_NSQ);
          if (pNum > 1e250) {
            logNum += Math.log2(pNum);
            pNum = 1;
          }
          if (neg) {
            const ge = g < 1 ? g : 1;
            pNumEgl *= 1 + (ge * ge * sigma1Sq) / (svSq + SIGMA_NSQ);
            if (pNumEgl > 1e250) {
              logNumEgl += Math.log2(pNumEgl);
              pNumEgl = 1;
            }
          }
        }
      }
      numSum += logNum + Math.log2(pNum) + rowLin;
      denSum += logDen + Math.log2(pDen) + rowDenOnes;
      numEglSum += logNumEgl + Math.log2(pNumEgl) + rowLin;
    }
    this.sums.num[s] = numSum;
    this.sums.den[s] = denSum;
    this.sums.numEgl[s] = neg ? numEglSum : 0;
  }

  /** Frame size this computer was built for. */
  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }
}
