/**
 * The backend interface of the integer ADM extractor (adm.ts) and the per-level plan both backends follow: the
 * geometry of the four db2 levels and every fixed-point constant of libvmaf's integer_adm.c @ 332dde62 (8-bit
 * luma, default viewing condition), gathered per level so that one function per pass serves all levels.
 * Backends: adm-js.ts (TypeScript reference, written for clarity) and adm-wasm.ts (WebAssembly SIMD kernel
 * wasm/adm.ts); adm.ts picks one at construction and keeps the floating-point steps that follow the sums.
 */

/** A half-open rectangle of band samples: rows [top, bottom), columns [left, right). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** libvmaf `floor(x · 2^−k)` constants and the fixed-point parameters of one level (see planLevels). */
export interface AdmLevel {
  /** level 0..3 */
  s: number;
  /** the bands of this level are int16 (level 0; C stores wrap to 16 bits) rather than int32 (levels 1–3) */
  int16: boolean;
  /** band size of this level */
  w: number;
  h: number;
  /** input size of this level (the frame, or the previous level's band) */
  inW: number;
  inH: number;
  /** dwt2_src_indices_filt: 4 source rows/columns per output (row-major [k·half + i]) */
  indY: Int32Array;
  indX: Int32Array;
  /**
   * db2 DWT rounding: vertical pass (Σ taps·(u − bias) + addV) >> shV, horizontal (Σ + addH) >> shH
   * (adm_dwt2_8 with its −128 offset at level 0, adm_dwt2_s123_combined's per-level shifts at levels 1–3)
   */
  dwt: { bias: number; addV: number; shV: number; addH: number; shH: number };
  /** the pooling window (cm and den sums) */
  pool: Box;
  /** the pooling window clipped to the band: the rows and columns the cm sums visit */
  cm: Box;
  /** decouple and csf region: one sample (and the 3×3 taps) beyond the pooling window, clipped */
  outer: Box;
  /**
   * den cube sum of a reference band: per sample ((|x|² + sqAdd) >> sqShift)·|x| + cubAdd) >> cubShift, per row
   * (Σ + rowAdd) >> rowShift (level 0: |x|³ and a plain row shift; levels 1–3: adm_csf_den_s123's shifts); the
   * sum is scaled by 2^−(conv − rowShift − cubShift) afterwards.
   */
  den: { sqAdd: number; sqShift: number; cubAdd: number; cubShift: number; rowAdd: number; rowShift: number; conv: number };
  /**
   * csf per band b (h, v, d): csf = (a·f[b] + add[b]) >> shift[b] (int16 at level 0, int32 at levels 1–3), and
   * the 1/30-scaled magnitude flt = (|csf|·fltMul + fltAdd) >> fltShift.
   */
  csf: { f: [number, number, number]; add: [number, number, number]; shift: [number, number, number]; fltMul: number; fltAdd: number; fltShift: number };
  /**
   * cm per band b: xr = (r·irf[b] + xAdd) >> xShift; x = |xr| − (thr << thrShift[b]); for x > 0 the term
   * ((int32)((x² + sqAdd[b]) >> sqShift[b])·x + 2^(cubShift[b]−1)) >> cubShift[b]; rows (Σ + 2^(innerShift−1))
   * >> innerShift. thr: the 3×3 sums of flt of the three bands with each centre replaced by
   * (|csf|·centreMul + centreAdd) >> centreShift (int16 at level 0). The sums are rounded to a double at level 0,
   * to a float32 at levels 1–3 (sumF32), then scaled by 2^−(conv[b] − cubShift[b] − innerShift).
   */
  cmp: {
    irf: [number, number, number];
    xAdd: number;
    xShift: number;
    thrShift: [number, number, number];
    sqAdd: [number, number, number];
    sqShift: [number, number, number];
    cubShift: [number, number, number];
    innerShift: number;
    centreMul: number;
    centreAdd: number;
    centreShift: number;
    sumF32: boolean;
    conv: [number, number, number];
  };
}

/** The per-sample passes of integer ADM over one frame pair; levels are visited 0..3, each pass after the last. */
export interface AdmBackend {
  readonly kind: 'js' | 'wasm';
  /** DWT of level s for ref and dis (level 0 from the 8-bit frames, levels 1–3 from the previous `a` bands). */
  dwt(s: number, ref: Uint8Array, dis: Uint8Array): void;
  /** The den cube sum of reference band b (0 h, 1 v, 2 d) of level s, as a double (rounded once). */
  denSum(s: number, b: number): number;
  /** Decouple of level s into the restored/additive bands of gain limit 100 and, if withEgl, 1.0. */
  decouple(s: number, withEgl: boolean): void;
  /** CSF of the additive bands of gain limit 100 (egl false) or 1.0 (egl true) at level s. */
  csf(s: number, egl: boolean): void;
  /** The cm sums (h, v, d) of the restored bands of gain limit 100 or 1.0 at level s, after the last csf. */
  cmSums(s: number, egl: boolean): [number, number, number];
}

// Watson et al. 1997 noise-floor model, luma row (integer_adm.h), all float32 in libvmaf
const F32 = Math.fround;
const P_A = F32(0.495);
const P_K = F32(0.466);
const P_F0 = F32(0.401);
const P_G = [F32(1.501), F32(1.0), F32(0.534), F32(1.0)];
const BASIS_AMP: number[][] = [
  [0.62171, 0.67234, 0.72709, 0.67234],
  [0.34537, 0.41317, 0.49428, 0.41317],
  [0.18004, 0.22727, 0.28688, 0.22727],
  [0.091401, 0.11792, 0.15214, 0.11792],
  [0.045943, 0.059758, 0.077727, 0.059758],
  [0.023013, 0.030018, 0.039156, 0.030018],
].map((r) => r.map(F32));

/** libvmaf dwt_quant_step (float32 Q for level lambda, orientation theta) at 3 H / 1080 px. */
function quantStep(lambda: number, theta: number): number {
  const r = F32((3.0 * 1080 * Math.PI) / 180.0);
  const temp = F32(Math.log10((Math.pow(2.0, lambda + 1) * P_F0 * P_G[theta]!) / r));
  return F32((2.0 * P_A * Math.pow(10.0, P_K * temp * temp)) / BASIS_AMP[lambda]![theta]!);
}

/** float32 reciprocals of Q for (h, v, d) at a level: 1/Q(λ,1), 1/Q(λ,1), 1/Q(λ,2). */
export function rfactors(lambda: number): [number, number, number] {
  const q1 = quantStep(lambda, 1);
  const q2 = quantStep(lambda, 2);
  return [F32(1 / q1), F32(1 / q1), F32(1 / q2)];
}

let divTable: Int32Array | null = null;
/** libvmaf div_lookup: index 32768 ± i holds ±floor(2^30 / i), i in 1..32768. */
export function getDivTable(): Int32Array {
  if (divTable) return divTable;
  const t = new Int32Array(65537);
  for (let i = 1; i <= 32768; i++) {
    const r = Math.floor(1073741824 / i);
    t[32768 + i] = r;
    t[32768 - i] = -r;
  }
  divTable = t;
  return t;
}

/** dwt2_src_indices_filt: 4 source indices per output index (row-major [k*half + i]). */
function dwtIndices(n: number): Int32Array {
  const half = (n + 1) >> 1;
  const ind = new Int32Array(4 * half);
  for (let i = 0; i < half; i++) {
    for (let k = 0; k < 4; k++) {
      let v = i === 0 ? [1, 0, 1, 2][k]! : 2 * i - 1 + k;
      if (v >= n) v = 2 * n - v - 1;
      ind[k * half + i] = v;
    }
  }
  return ind;
}

/** Pooling window of a level (cm/den): left/top = int(n·0.1 − 0.5). */
function innerBox(w: number, h: number): Box {
  const left = Math.trunc(w * 0.1 - 0.5);
  const top = Math.trunc(h * 0.1 - 0.5);
  return { left, top, right: w - left, bottom: h - top };
}

/** Region evaluated by decouple/csf: one sample (and the filter taps) beyond the pooling window. */
function outerBox(w: number, h: number): Box {
  const left = Math.trunc(w * 0.1 - 0.5 - 1);
  const top = Math.trunc(h * 0.1 - 0.5 - 1);
  return { left: Math.max(left, 0), top: Math.max(top, 0), right: Math.min(w - left + 2, w), bottom: Math.min(h - top + 2, h) };
}

const half = (k: number): number => (k > 0 ? 2 ** (k - 1) : 0);

/** The four levels of a width×height frame (both > 32) with their constants (integer_adm.c, cited per field). */
export function planLevels(width: number, height: number): AdmLevel[] {
  const levels: AdmLevel[] = [];
  let inW = width;
  let inH = height;
  for (let s = 0; s < 4; s++) {
    const w = (inW + 1) >> 1;
    const h = (inH + 1) >> 1;
    const pool = innerBox(w, h);
    const area = (pool.bottom - pool.top) * (pool.right - pool.left);
    let den: AdmLevel['den'];
    let csf: AdmLevel['csf'];
    let cmp: AdmLevel['cmp'];
    if (s === 0) {
      // adm_csf_den_scale: |x|³, rows >> max(0, ⌈log2(area) − 20⌉)
      const shift = Math.max(0, Math.ceil(Math.log2(area) - 20));
      den = { sqAdd: 0, sqShift: 0, cubAdd: 0, cubShift: 0, rowAdd: half(shift), rowShift: shift, conv: 18 };
      // adm_csf: Q21 (h, v) and Q23 (d) weights; flt = |csf|·⌊2^16/15⌋ / 2^12 (≈ /30 in the Q of the csf)
      csf = { f: [36453, 36453, 49417], add: [16384, 16384, 65535], shift: [15, 15, 17], fltMul: 4369, fltAdd: 2048, fltShift: 12 };
      const log2w = Math.log2(w);
      cmp = {
        irf: [36453, 36453, 49417],
        xAdd: 0,
        xShift: 0,
        thrShift: [10, 10, 12],
        sqAdd: [268435456, 268435456, 536870912],
        sqShift: [29, 29, 30],
        cubShift: [Math.ceil(log2w - 4), Math.ceil(log2w - 4), Math.ceil(log2w - 3)],
        innerShift: Math.ceil(Math.log2(h)),
        centreMul: 8738,
        centreAdd: 2048,
        centreShift: 12,
        sumF32: false,
        conv: [52, 52, 57],
      };
    } else {
      // adm_csf_den_s123 (libvmaf adds 1 << sqShift, not 1 << (sqShift − 1), here)
      const sqShift = [31, 30, 31][s - 1]!;
      const cubShift = Math.ceil(Math.log2(pool.right - pool.left));
      const rowShift = Math.ceil(Math.log2(pool.bottom - pool.top));
      den = { sqAdd: 2 ** sqShift, sqShift, cubAdd: half(cubShift), cubShift, rowAdd: half(rowShift), rowShift, conv: [32, 27, 23][s - 1]! };
      // i4_adm_csf: Q32 weights ⌊rf·2^32⌋, >> 28; flt with ⌊2^32/30⌋ and the pinned −2^31 offset
      const rf = rfactors(s);
      const f: [number, number, number] = [Math.floor(rf[0] * 2 ** 32), Math.floor(rf[1] * 2 ** 32), Math.floor(rf[2] * 2 ** 32)];
      csf = { f, add: [134217728, 134217728, 134217728], shift: [28, 28, 28], fltMul: 143165577, fltAdd: -2147483648, fltShift: 32 };
      const cub = Math.ceil(Math.log2(w));
      cmp = {
        irf: f,
        xAdd: 134217728,
        xShift: 28,
        thrShift: [0, 0, 0],
        sqAdd: [536870912, 536870912, 536870912],
        sqShift: [30, 30, 30],
        cubShift: [cub, cub, cub],
        innerShift: Math.ceil(Math.log2(h)),
        centreMul: 286331153,
        centreAdd: -2147483648,
        centreShift: 32,
        sumF32: true,
        conv: [
          [45, 45, 45],
          [39, 39, 39],
          [36, 36, 36],
        ][s - 1] as [number, number, number],
      };
    }
    const cm = { left: Math.max(pool.left, 0), top: Math.max(pool.top, 0), right: Math.min(pool.right, w), bottom: Math.min(pool.bottom, h) };
    const dwt =
      s === 0
        ? { bias: 128, addV: 128, shV: 8, addH: 32768, shH: 16 }
        : { bias: 0, addV: [0, 32768, 32768][s - 1]!, shV: [0, 16, 16][s - 1]!, addH: [16384, 32768, 16384][s - 1]!, shH: [15, 16, 15][s - 1]! };
    levels.push({ s, int16: s === 0, w, h, inW, inH, indY: dwtIndices(inH), indX: dwtIndices(inW), dwt, pool, cm, outer: outerBox(w, h), den, csf, cmp });
    inW = w;
    inH = h;
  }
  return levels;
}
