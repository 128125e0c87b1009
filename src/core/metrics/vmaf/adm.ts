/**
 * Float ADM / DLM (`adm2`) as libvmaf's float extractor computes it (Netflix/vmaf
 * libvmaf/src/feature/adm.c and adm_tools.c @ v3.0.0): 4-level db2 DWT, decoupling into restored and
 * additive parts with the enhancement-gain limit, Watson CSF weights, 3×3 contrast masking, cube pooling
 * over the central region (border factor 0.1). With `neg`, the gain-limit-1.0 variant (`adm2_egl_1`) is
 * computed in the same pass from the same DWT bands and denominators.
 * Facts from ../shared/reference/metrics.md §1.2. Inputs are `pixel - 128` float32 planes.
 */
import { mirrorIndex } from './borders.ts';

/** db2 analysis filters (libvmaf adm_tools.c dwt2_db2_coeffs_lo_s / _hi_s). */
const fr = Math.fround;
const LO0 = fr(0.48296291314469),
  LO1 = fr(0.836516303737469),
  LO2 = fr(0.224143868041857),
  LO3 = fr(-0.129409522550921);
const HI0 = fr(-0.129409522550921),
  HI1 = fr(-0.224143868041857),
  HI2 = fr(0.836516303737469),
  HI3 = fr(-0.48296291314469);
const EPS_F = fr(1e-30);

/** 1/Q CSF factors per scale for H/V (θ = 1) and D (θ = 2): metrics.md §1.2 (Watson et al. 1997). */
const RFACTOR_HV = [0.017381534, 0.031984814, 0.043372665, 0.04567341];
const RFACTOR_D = [0.005890687, 0.014299067, 0.024396913, 0.031312735];

/** float32 constants used by libvmaf's masking (1/30 and 1/15 as floats). */
const ONE_BY_30 = Math.fround(1 / 30);
const ONE_BY_15 = Math.fround(1 / 15);
const COS_1DEG_SQ = Math.fround(Math.cos(Math.PI / 180) * Math.cos(Math.PI / 180));
const BORDER_FACTOR = 0.1;

/** Output of one frame: per-scale num/den (den shared) and the totals. */
export interface AdmResult {
  numScale: Float64Array; // [4], gain limit 100
  denScale: Float64Array; // [4]
  numScaleEgl: Float64Array; // [4], gain limit 1 (when neg)
  adm2: number;
  adm2Egl: number;
}

/** One plane per detail band (H, V, D): the DWT bands of an image, or a per-band value of each coefficient. */
type Bands = [Float32Array, Float32Array, Float32Array];

function bands(n: number): Bands {
  return [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
}

/** Float ADM for a fixed frame size; every buffer is allocated once. */
export class AdmComputer {
  private readonly width: number;
  private readonly height: number;
  private readonly neg: boolean;
  // DWT bands of ref and dis (sized for scale 0), A bands double-buffered per input
  private readonly rA: Float32Array[];
  private readonly dA: Float32Array[];
  private readonly ref: Bands;
  private readonly dis: Bands;
  private readonly tmpLo: Float32Array;
  private readonly tmpHi: Float32Array;
  private readonly colIdx: Int32Array;
  // masking: per-pixel Σ_b |csf·a|, and csf·r per band, for both limits
  private readonly sumCa: Float32Array;
  private readonly sumCaEgl: Float32Array;
  private readonly x: Bands;
  private readonly xEgl: Bands;
  readonly result: AdmResult = {
    numScale: new Float64Array(4),
    denScale: new Float64Array(4),
    numScaleEgl: new Float64Array(4),
    adm2: 0,
    adm2Egl: 0,
  };

  /**
   * @param width luma width in pixels
   * @param height luma height in pixels
   * @param neg also compute the gain-limit-1.0 numerators (`adm2_egl_1`)
   */
  constructor(width: number, height: number, neg: boolean) {
    this.width = width;
    this.height = height;
    this.neg = neg;
    const cw = (width + 1) >> 1;
    const ch = (height + 1) >> 1;
    const n = cw * ch;
    this.rA = [new Float32Array(n), new Float32Array(n)];
    this.dA = [new Float32Array(n), new Float32Array(n)];
    this.ref = bands(n);
    this.dis = bands(n);
    this.tmpLo = new Float32Array(width);
    this.tmpHi = new Float32Array(width);
    this.colIdx = new Int32Array(4 * cw);
    this.sumCa = new Float32Array(n);
    this.sumCaEgl = new Float32Array(neg ? n : 0);
    this.x = bands(n);
    this.xEgl = bands(neg ? n : 0);
  }

  /** One db2 level: src (w×h) → A, H, V, D of size ceil(w/2)×ceil(h/2). */
  private dwt(src: Float32Array, w: number, h: number, a: Float32Array, [bh, bv, bd]: Bands): void {
    const cw = (w + 1) >> 1;
    const ch = (h + 1) >> 1;
    const lo = this.tmpLo;
    const hi = this.tmpHi;
    const ci = this.colIdx;
    for (let j = 0; j < cw; j++) {
      ci[4 * j] = mirrorIndex(2 * j - 1, w);
      ci[4 * j + 1] = mirrorIndex(2 * j, w);
      ci[4 * j + 2] = mirrorIndex(2 * j + 1, w);
      ci[4 * j + 3] = mirrorIndex(2 * j + 2, w);
    }
    for (let i = 0; i < ch; i++) {
      const o0 = mirrorIndex(2 * i - 1, h) * w;
      const o1 = mirrorIndex(2 * i, h) * w;
      const o2 = mirrorIndex(2 * i + 1, h) * w;
      const o3 = mirrorIndex(2 * i + 2, h) * w;
      for (let j = 0; j < w; j++) {
        const s0 = src[o0 + j]!;
        const s1 = src[o1 + j]!;
        const s2 = src[o2 + j]!;
        const s3 = src[o3 + j]!;
        // float32 accumulation in libvmaf's order (a product of two floats is exact in double)
        lo[j] = fr(fr(fr(fr(LO0 * s0) + fr(LO1 * s1)) + fr(LO2 * s2)) + fr(LO3 * s3));
        hi[j] = fr(fr(fr(fr(HI0 * s0) + fr(HI1 * s1)) + fr(HI2 * s2)) + fr(HI3 * s3));
      }
      const row = i * cw;
      for (let j = 0; j < cw; j++) {
        const j0 = ci[4 * j]!;
        const j1 = ci[4 * j + 1]!;
        const j2 = ci[4 * j + 2]!;
        const j3 = ci[4 * j + 3]!;
        const l0 = lo[j0]!,
          l1 = lo[j1]!,
          l2 = lo[j2]!,
          l3 = lo[j3]!;
        const h0 = hi[j0]!,
          h1 = hi[j1]!,
          h2 = hi[j2]!,
          h3 = hi[j3]!;
        a[row + j] = fr(fr(fr(fr(LO0 * l0) + fr(LO1 * l1)) + fr(LO2 * l2)) + fr(LO3 * l3));
        bv[row + j] = fr(fr(fr(fr(HI0 * l0) + fr(HI1 * l1)) + fr(HI2 * l2)) + fr(HI3 * l3));
        bh[row + j] = fr(fr(fr(fr(LO0 * h0) + fr(LO1 * h1)) + fr(LO2 * h2)) + fr(LO3 * h3));
        bd[row + j] = fr(fr(fr(fr(HI0 * h0) + fr(HI1 * h1)) + fr(HI2 * h2)) + fr(HI3 * h3));
      }
    }
  }

  /**
   * Computes adm2 (and adm2_egl_1 with neg) for one frame pair of `pixel - 128` planes.
   * Results are left in `this.result` (overwritten on every call). adm2 is in [0, ~1].
   */
  compute(ref0: Float32Array, dis0: Float32Array): AdmResult {
    const res = this.result;
    let w = this.width;
    let h = this.height;
    let refIn = ref0;
    let disIn = dis0;
    let numTot = 0;
    let denTot = 0;
    let numTotEgl = 0;
    for (let s = 0; s < 4; s++) {
      const rA = this.rA[s & 1]!;
      const dA = this.dA[s & 1]!;
      this.dwt(refIn, w, h, rA, this.ref);
      this.dwt(disIn, w, h, dA, this.dis);
      w = (w + 1) >> 1;
      h = (h + 1) >> 1;
      this.scale(s, w, h);
      numTot += res.numScale[s]!;
      denTot += res.denScale[s]!;
      numTotEgl += res.numScaleEgl[s]!;
      refIn = rA;
      disIn = dA;
    }
    const limit = (1e-10 * this.width * this.height) / (1920 * 1080);
    if (numTot < limit) numTot = 0;
    if (denTot < limit) denTot = 0;
    if (numTotEgl < limit) numTotEgl = 0;
    res.adm2 = denTot === 0 ? 1 : numTot / denTot;
    res.adm2Egl = this.neg ? (denTot === 0 ? 1 : numTotEgl / denTot) : 0;
    return res;
  }

  /** Decouple, CSF, masking and pooling of one level whose bands are w×h. */
  private scale(s: number, w: number, h: number): void {
    const [rH, rV, rD] = this.ref;
    const [dH, dV, dD] = this.dis;
    const fHV = RFACTOR_HV[s]!;
    const fD = RFACTOR_D[s]!;
    const neg = this.neg;
    const left = Math.trunc(w * BORDER_FACTOR - 0.5);
    const top = Math.trunc(h * BORDER_FACTOR - 0.5);
    const right = w - left;
    const bottom = h - top;
    const sumCa = this.sumCa,
      sumCaEgl = this.sumCaEgl;
    const [xH, xV, xD] = this.x;
    const [xHe, xVe, xDe] = this.xEgl;
    // Pass 1, over the region grown by one sample: decoupling (exact float32 like libvmaf, so that the
    // 1-degree angle test flips exactly where libvmaf's does), |csf·r| per band and Σ_b |csf·a|.
    const i0 = Math.max(top - 1, 0),
      i1 = Math.min(bottom + 1, h);
    const j0 = Math.max(left - 1, 0),
      j1 = Math.min(right + 1, w);
    for (let i = i0; i < i1; i++) {
      const row = i * w;
      for (let j = j0; j < j1; j++) {
        const p = row + j;
        const oh = rH[p]!,
          ov = rV[p]!,
          od = rD[p]!;
        const th = dH[p]!,
          tv = dV[p]!,
          td = dD[p]!;
        let kh = fr(th / fr(oh + EPS_F));
        let kv = fr(tv / fr(ov + EPS_F));
        let kd = fr(td / fr(od + EPS_F));
        kh = kh < 0 ? 0 : kh > 1 ? 1 : kh;
        kv = kv < 0 ? 0 : kv > 1 ? 1 : kv;
        kd = kd < 0 ? 0 : kd > 1 ? 1 : kd;
        const rh1 = fr(kh * oh),
          rv1 = fr(kv * ov),
          rd1 = fr(kd * od);
        const otDp = fr(fr(oh * th) + fr(ov * tv));
        const oMag = fr(fr(oh * oh) + fr(ov * ov));
        const tMag = fr(fr(th * th) + fr(tv * tv));
        const angle = otDp >= 0 && fr(otDp * otDp) >= fr(fr(COS_1DEG_SQ * oMag) * tMag);
        let rh = rh1,
          rv = rv1,
          rd = rd1;
        if (angle) {
          rh = enhance(rh, th);
          rv = enhance(rv, tv);
          rd = enhance(rd, td);
        }
        xH[p] = Math.abs(rh * fHV);
        xV[p] = Math.abs(rv * fHV);
        xD[p] = Math.abs(rd * fD);
        sumCa[p] = Math.abs((th - rh) * fHV) + Math.abs((tv - rv) * fHV) + Math.abs((td - rd) * fD);
        if (neg) {
          // gain limit 1.0: min(k·o, t) / max(k·o, t) keeps k·o since |k·o| ≤ |t| with the same sign
          xHe[p] = Math.abs(rh1 * fHV);
          xVe[p] = Math.abs(rv1 * fHV);
          xDe[p] = Math.abs(rd1 * fD);
          sumCaEgl[p] = Math.abs((th - rh1) * fHV) + Math.abs((tv - rv1) * fHV) + Math.abs((td - rd1) * fD);
        }
      }
    }
    // Pass 2: masking threshold (3×3: centre 1/15, neighbours 1/30, summed over bands) and cube pooling
    let accH = 0,
      accV = 0,
      accD = 0;
    let accHe = 0,
      accVe = 0,
      accDe = 0;
    let denH = 0,
      denV = 0,
      denD = 0;
    for (let i = top; i < bottom; i++) {
      const rowU = mirrorIndex(i - 1, h) * w;
      const row = i * w;
      const rowB = mirrorIndex(i + 1, h) * w;
      let rAccH = 0,
        rAccV = 0,
        rAccD = 0;
      let rAccHe = 0,
        rAccVe = 0,
        rAccDe = 0;
      let rDenH = 0,
        rDenV = 0,
        rDenD = 0;
      for (let j = left; j < right; j++) {
        const jl = j - 1 < 0 ? 1 : j - 1;
        const jr = j + 1 >= w ? w - 1 : j + 1;
        const p = row + j;
        const ch = Math.abs(rH[p]! * fHV),
          cv = Math.abs(rV[p]! * fHV),
          cd = Math.abs(rD[p]! * fD);
        rDenH += ch * ch * ch;
        rDenV += cv * cv * cv;
        rDenD += cd * cd * cd;
        const nb =
          sumCa[rowU + jl]! +
          sumCa[rowU + j]! +
          sumCa[rowU + jr]! +
          sumCa[row + jl]! +
          sumCa[row + jr]! +
          sumCa[rowB + jl]! +
          sumCa[rowB + j]! +
          sumCa[rowB + jr]!;
        const thr = nb * ONE_BY_30 + sumCa[p]! * ONE_BY_15;
        let xh = xH[p]! - thr;
        let xv = xV[p]! - thr;
        let xd = xD[p]! - thr;
        if (xh < 0) xh = 0;
        if (xv < 0) xv = 0;
        if (xd < 0) xd = 0;
        rAccH += xh * xh * xh;
        rAccV += xv * xv * xv;
        rAccD += xd * xd * xd;
        if (neg) {
          const nbe =
            sumCaEgl[rowU + jl]! +
            sumCaEgl[rowU + j]! +
            sumCaEgl[rowU + jr]! +
            sumCaEgl[row + jl]! +
            sumCaEgl[row + jr]! +
            sumCaEgl[rowB + jl]! +
            sumCaEgl[rowB + j]! +
            sumCaEgl[rowB + jr]!;
          const thre = nbe * ONE_BY_30 + sumCaEgl[p]! * ONE_BY_15;
          let eh = xHe[p]! - thre;
          let ev = xVe[p]! - thre;
          let ed = xDe[p]! - thre;
          if (eh < 0) eh = 0;
          if (ev < 0) ev = 0;
          if (ed < 0) ed = 0;
          rAccHe += eh * eh * eh;
          rAccVe += ev * ev * ev;
          rAccDe += ed * ed * ed;
        }
      }
      accH += rAccH;
      accV += rAccV;
      accD += rAccD;
      accHe += rAccHe;
      accVe += rAccVe;
      accDe += rAccDe;
      denH += rDenH;
      denV += rDenV;
      denD += rDenD;
    }
    const areaTerm = Math.cbrt(((bottom - top) * (right - left)) / 32);
    const res = this.result;
    res.numScale[s] = Math.cbrt(accH) + Math.cbrt(accV) + Math.cbrt(accD) + 3 * areaTerm;
    res.denScale[s] = Math.cbrt(denH) + Math.cbrt(denV) + Math.cbrt(denD) + 3 * areaTerm;
    res.numScaleEgl[s] = neg ? Math.cbrt(accHe) + Math.cbrt(accVe) + Math.cbrt(accDe) + 3 * areaTerm : 0;
  }
}

/**
 * Enhancement-gain step with libvmaf's default limit 100: r·100 (in double, the limit is a double)
 * bounded by t on the same side, stored back as float32.
 */
function enhance(r: number, t: number): number {
  if (r > 0) {
    const e = r * 100;
    return e < t ? fr(e) : t;
  }
  if (r < 0) {
    const e = r * 100;
    return e > t ? fr(e) : t;
  }
  return r;
}
