/**
 * Bit-exact TypeScript port of libvmaf's fixed-point VIF extractor for 8-bit luma (`integer_vif`,
 * features vif_scale0..3 and, with a gain limit of 1.0, the `_egl_1` variants used by vmaf_v0.6.1neg).
 * Follows Netflix/vmaf libvmaf/src/feature/integer_vif.c and integer_vif.h @ 332dde62838d (v3.0.0-124, the
 * version Vidaio pins): Q16 Gaussian taps, 8-bit scale-0 statistics, Q8 decimation pyramid, the
 * `round(log2f(i)·2048)` table on the top 16 bits, non-log accumulators for low-variance pixels, and
 * reflect-101 borders on all four sides. Both gain limits are evaluated in one pass (they only change the
 * numerator's g², see metrics.md §1.1).
 *
 * Exactness and speed: no BigInt anywhere. Every intermediate is an integer below 2^53 (vertical sums < 2^49,
 * horizontal sums < 2^50, stated per function), so float64 sums may be regrouped freely and x >> k is computed as
 * Math.floor(x·2^−k); the Q32 μ products (< 2^64) use a split 16-bit multiply; int32 casts that can wrap in C are
 * reproduced with `| 0`. The filter passes are written out per scale (vert0..3, horz0..3, vdec1..3 at the
 * end of the file: same structure, taps folded by symmetry), and the per-pixel statistic (statsRow) evaluates
 * both gain limits in one pass; rows are padded once so the inner loops need no index map.
 */

import { instantiateKernel } from '../../../wasm/load.ts';
import { VIF_WASM } from '../../../wasm/vif.wasm.ts';

/** Q16 filter taps per scale (sum 65536), libvmaf integer_vif.h `vif_filter1d_table`. */
const FILTERS: readonly (readonly number[])[] = [
  [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489],
  [1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244],
  [3571, 16004, 26386, 16004, 3571],
  [10904, 43728, 10904],
];

const SIGMA_NSQ = 65536 * 2;
const EPS = 65536 * 1.0e-10;
const TWO32 = 4294967296;

let log2Table: Uint16Array | null = null;

/** libvmaf `log_generate`: table[i] = round(log2f(i)·2048) for i in [32767, 65535] (glibc-equal, see metrics.md). */
function getLog2Table(): Uint16Array {
  if (log2Table) return log2Table;
  const t = new Uint16Array(65536);
  for (let i = 32767; i < 65536; i++) t[i] = Math.round(Math.fround(Math.log2(i)) * 2048);
  log2Table = t;
  return t;
}

/** 2^−k for k in [0, 63] (scaling by a power of two is exact in float64). */
const IP2 = new Float64Array(64).map((_, k) => 2 ** -k);
const I16 = 2 ** -16;
const I32 = 2 ** -32;

/** log2(x)·2048 from the table, x an integer in [2^17, 2^32). */
function log2From32(table: Uint16Array, x: number): number {
  const k = 16 - Math.clz32(x);
  return table[x >>> k]! + 2048 * k;
}

/** log2(x)·2048 from the table, x an integer in [2^17, 2^53). */
function log2From64(table: Uint16Array, x: number): number {
  if (x < TWO32) return log2From32(table, x);
  const k = 48 - Math.clz32(Math.floor(x * I32));
  return table[Math.floor(x * IP2[k]!)]! + 2048 * k;
}

/** reflect-101 index map for positions -pad..n-1+pad (stored at offset pad). */
function reflectMap(n: number, pad: number): Int32Array {
  const m = new Int32Array(n + 2 * pad);
  for (let k = -pad; k < n + pad; k++) {
    let v = k;
    if (v < 0) v = -v;
    if (v >= n) v = 2 * (n - 1) - v;
    m[k + pad] = Math.min(Math.max(v, 0), n - 1);
  }
  return m;
}

/** Per-scale VIF num/den for both gain limits (100 = default, 1 = NEG). */
export interface IntegerVifResult {
  /** vif_scale0..3 (float32 num / float32 den, as libvmaf reports them) */
  scores: number[];
  /** vif_scale0..3_egl_1 */
  scoresEgl: number[];
}

/**
 * Integer VIF on 8-bit luma planes of a fixed size. Reusable across frames (buffers are kept).
 */
export class IntegerVifComputer {
  private readonly table = getLog2Table();
  // padded vertical-pass rows (offset = half the filter length of the scale)
  private readonly pM1: Float64Array;
  private readonly pM2: Float64Array;
  private readonly pXX: Float64Array;
  private readonly pYY: Float64Array;
  private readonly pXY: Float64Array;
  // horizontal-pass raw sums of one row
  private readonly hM1: Float64Array;
  private readonly hM2: Float64Array;
  private readonly hXX: Float64Array;
  private readonly hYY: Float64Array;
  private readonly hXY: Float64Array;
  private readonly ro = new Int32Array(17);
  /** numLog, numLogEgl, denLog, numNonLog, denNonLog of the current scale */
  private readonly acc = new Float64Array(5);
  // pyramid images (Q8) per scale 1..3
  private readonly pyrRef: Uint16Array[] = [];
  private readonly pyrDis: Uint16Array[] = [];
  private readonly sizes: [number, number][] = [];
  /** reflect-101 maps per scale: rows/cols of the image of that scale, padded by the scale's filter half */
  private readonly rowMaps: Int32Array[] = [];
  private readonly colMaps: Int32Array[] = [];
  /** maps of the decimation filter (scale s filter on the image of scale s − 1), index s − 1 */
  private readonly decRowMaps: Int32Array[] = [];
  private readonly decColMaps: Int32Array[] = [];

  /** The WebAssembly SIMD twin of this class (wasm/vif.ts), or null when running the TypeScript passes. */
  private readonly wasm: WasmVif | null;
  /** Which implementation computes: 'wasm' (WebAssembly SIMD, the default where available) or 'js'. */
  readonly backend: 'wasm' | 'js';

  /**
   * @param width,height luma size in pixels (≥ 16 each)
   * @param options.backend 'auto' (default: WebAssembly SIMD where the engine has it, else TypeScript), 'js' or
   *   'wasm' (throws where WebAssembly SIMD is missing). Both give identical results.
   */
  constructor(width: number, height: number, options?: { backend?: 'auto' | 'js' | 'wasm' }) {
    const want = options?.backend ?? 'auto';
    this.wasm = want === 'js' ? null : WasmVif.create(width, height);
    if (want === 'wasm' && !this.wasm) throw new Error('IntegerVifComputer: WebAssembly SIMD is not available here (or PREFLIGHT_WASM=0)');
    this.backend = this.wasm ? 'wasm' : 'js';
    const n = width + 16;
    this.pM1 = new Float64Array(n);
    this.pM2 = new Float64Array(n);
    this.pXX = new Float64Array(n);
    this.pYY = new Float64Array(n);
    this.pXY = new Float64Array(n);
    this.hM1 = new Float64Array(width);
    this.hM2 = new Float64Array(width);
    this.hXX = new Float64Array(width);
    this.hYY = new Float64Array(width);
    this.hXY = new Float64Array(width);
    let w = width;
    let h = height;
    this.sizes.push([w, h]);
    for (let s = 1; s < 4; s++) {
      w = Math.floor(w / 2);
      h = Math.floor(h / 2);
      this.sizes.push([w, h]);
      // the TypeScript pyramid only when the TypeScript passes run (the kernel has its own)
      this.pyrRef.push(new Uint16Array(this.wasm ? 0 : w * h));
      this.pyrDis.push(new Uint16Array(this.wasm ? 0 : w * h));
    }
    for (let s = 0; s < 4; s++) {
      const half = FILTERS[s]!.length >> 1;
      const [sw, sh] = this.sizes[s]!;
      this.rowMaps.push(reflectMap(sh, half));
      this.colMaps.push(reflectMap(sw, half));
      if (s > 0) {
        const [pw, ph] = this.sizes[s - 1]!;
        this.decRowMaps.push(reflectMap(ph, half));
        this.decColMaps.push(reflectMap(pw, half));
      }
    }
  }

  /**
   * ref/dis: 8-bit luma, stride = width. With `withEgl` false the `_egl_1` statistic is skipped and
   * `scoresEgl` holds NaN.
   */
  compute(ref: Uint8Array, dis: Uint8Array, withEgl = true): IntegerVifResult {
    const scores: number[] = [];
    const scoresEgl: number[] = [];
    const wasmAcc = this.wasm ? this.wasm.run(ref, dis, withEgl) : null;
    for (let s = 0; s < 4; s++) {
      let a: Float64Array = this.acc;
      if (wasmAcc) a = wasmAcc.subarray(5 * s, 5 * s + 5);
      else {
        const [w, h] = this.sizes[s]!;
        if (s === 0) this.statistic(ref, dis, w, h, 0, withEgl);
        else {
          const [pw, ph] = this.sizes[s - 1]!;
          if (s === 1) this.decimate8(ref, dis, pw, ph, this.pyrRef[0]!, this.pyrDis[0]!);
          else this.decimate16(this.pyrRef[s - 2]!, this.pyrDis[s - 2]!, pw, ph, s, this.pyrRef[s - 1]!, this.pyrDis[s - 1]!);
          this.statistic(this.pyrRef[s - 1]!, this.pyrDis[s - 1]!, w, h, s, withEgl);
        }
      }
      const nonLog = a[4]! - a[3]! / 16384.0 / 65025.0;
      const num = a[0]! / 2048.0 + nonLog;
      const numEgl = a[1]! / 2048.0 + nonLog;
      const den = a[2]! / 2048.0 + a[4]!;
      scores.push(Math.fround(Math.fround(num) / Math.fround(den)));
      scoresEgl.push(withEgl ? Math.fround(Math.fround(numEgl) / Math.fround(den)) : NaN);
    }
    return { scores, scoresEgl };
  }

  /**
   * Scale 0 → 1 decimation (libvmaf subsample_rd_8): 9-tap low-pass of the 8-bit image, vertical (acc + 128) >> 8,
   * horizontal (acc + 32768) >> 16, even rows/columns kept (only those are computed).
   */
  private decimate8(srcR: Uint8Array, srcD: Uint8Array, w: number, h: number, outR: Uint16Array, outD: Uint16Array): void {
    const fw = FILTERS[1]!.length;
    const half = fw >> 1;
    const rows = this.decRowMaps[0]!;
    const cols = this.decColMaps[0]!;
    const vr = this.pM1;
    const vd = this.pM2;
    const ro = this.ro;
    const ow = Math.floor(w / 2);
    const oh = Math.floor(h / 2);
    for (let oi = 0; oi < oh; oi++) {
      for (let k = 0; k < fw; k++) ro[k] = rows[2 * oi + k]! * w;
      vdec1(srcR, srcD, w, ro, vr, vd);
      padRow(vr, w, half, cols);
      padRow(vd, w, half, cols);
      const o = oi * ow;
      for (let oj = 0; oj < ow; oj++) {
        outR[o + oj] = (fir9(vr, 2 * oj) + 32768) >>> 16;
        outD[o + oj] = (fir9(vd, 2 * oj) + 32768) >>> 16;
      }
    }
  }

  /** Scale s − 1 → s decimation for s = 2, 3 (libvmaf subsample_rd_16 on the Q8 pyramid, 8-bit input). */
  private decimate16(
    srcR: Uint16Array, srcD: Uint16Array, w: number, h: number, s: number, outR: Uint16Array, outD: Uint16Array,
  ): void {
    const fw = FILTERS[s]!.length;
    const half = fw >> 1;
    const rows = this.decRowMaps[s - 1]!;
    const cols = this.decColMaps[s - 1]!;
    const vr = this.pM1;
    const vd = this.pM2;
    const ro = this.ro;
    const ow = Math.floor(w / 2);
    const oh = Math.floor(h / 2);
    for (let oi = 0; oi < oh; oi++) {
      for (let k = 0; k < fw; k++) ro[k] = rows[2 * oi + k]! * w;
      if (s === 2) vdec2(srcR, srcD, w, ro, vr, vd);
      else vdec3(srcR, srcD, w, ro, vr, vd);
      padRow(vr, w, half, cols);
      padRow(vd, w, half, cols);
      const o = oi * ow;
      if (s === 2) {
        for (let oj = 0; oj < ow; oj++) {
          outR[o + oj] = (fir5(vr, 2 * oj) + 32768) >>> 16;
          outD[o + oj] = (fir5(vd, 2 * oj) + 32768) >>> 16;
        }
      } else {
        for (let oj = 0; oj < ow; oj++) {
          outR[o + oj] = (fir3(vr, 2 * oj) + 32768) >>> 16;
          outD[o + oj] = (fir3(vd, 2 * oj) + 32768) >>> 16;
        }
      }
    }
  }

  /** libvmaf vif_statistic_8 (s = 0) / vif_statistic_16 (s ≥ 1, 8-bit input) for both gain limits → this.acc. */
  private statistic(
    ref: Uint8Array | Uint16Array, dis: Uint8Array | Uint16Array, w: number, h: number, s: number, egl: boolean,
  ): void {
    const fw = FILTERS[s]!.length;
    const half = fw >> 1;
    const rows = this.rowMaps[s]!;
    const cols = this.colMaps[s]!;
    const ro = this.ro;
    const { pM1, pM2, pXX, pYY, pXY, hM1, hM2, hXX, hYY, hXY } = this;
    this.acc.fill(0);
    for (let i = 0; i < h; i++) {
      for (let k = 0; k < fw; k++) ro[k] = rows[i + k]! * w;
      if (s === 0) vert0(ref as Uint8Array, dis as Uint8Array, w, ro, pM1, pM2, pXX, pYY, pXY);
      else if (s === 1) vert1(ref as Uint16Array, dis as Uint16Array, w, ro, pM1, pM2, pXX, pYY, pXY);
      else if (s === 2) vert2(ref as Uint16Array, dis as Uint16Array, w, ro, pM1, pM2, pXX, pYY, pXY);
      else vert3(ref as Uint16Array, dis as Uint16Array, w, ro, pM1, pM2, pXX, pYY, pXY);
      padRow(pM1, w, half, cols);
      padRow(pM2, w, half, cols);
      padRow(pXX, w, half, cols);
      padRow(pYY, w, half, cols);
      padRow(pXY, w, half, cols);
      if (s === 0) horz0(pM1, pM2, pXX, pYY, pXY, w, hM1, hM2, hXX, hYY, hXY);
      else if (s === 1) horz1(pM1, pM2, pXX, pYY, pXY, w, hM1, hM2, hXX, hYY, hXY);
      else if (s === 2) horz2(pM1, pM2, pXX, pYY, pXY, w, hM1, hM2, hXX, hYY, hXY);
      else horz3(pM1, pM2, pXX, pYY, pXY, w, hM1, hM2, hXX, hYY, hXY);
      this.statsRow(w, egl);
    }
  }

  /**
   * Per-pixel VIF terms of one row from the raw horizontal sums (μ sums < 2^32, moment sums < 2^50): Q32 μ
   * products, (Σ + 2^15) >> 16 moments, int32 σ casts, then the log-domain (σ1 ≥ σ²_n) or linear terms, added
   * into acc (integer sums < 2^53, so the per-row grouping is exact).
   */
  private statsRow(w: number, egl: boolean): void {
    const { hM1, hM2, hXX, hYY, hXY, table, acc } = this;
    let numLog = 0;
    let numLogEgl = 0;
    let denLog = 0;
    let numNonLog = 0;
    let denNonLog = 0;
    for (let j = 0; j < w; j++) {
      const m1 = hM1[j]!;
      const m2 = hM2[j]!;
      // floor((a·b + 2^31) / 2^32) (libvmaf's uint64 μ products) exactly: b = bh·2^16 + bl, then a·bh and
      // a·bl + 2^31 are below 2^49 and both floors are exact; the splits of m1 and m2 are shared.
      // All μ sums are < 2^32 (8-bit input, Q16 taps), so the C uint32 casts never wrap.
      const h1 = Math.floor(m1 * I16);
      const l1 = m1 - h1 * 65536;
      const h2 = Math.floor(m2 * I16);
      const l2 = m2 - h2 * 65536;
      const mu1sq = Math.floor((m1 * h1 + Math.floor((m1 * l1 + 2147483648) * I16)) * I16);
      const mu2sq = Math.floor((m2 * h2 + Math.floor((m2 * l2 + 2147483648) * I16)) * I16);
      const mu12 = Math.floor((m1 * h2 + Math.floor((m1 * l2 + 2147483648) * I16)) * I16);
      const sigma1 = (Math.floor((hXX[j]! + 32768) * I16) - mu1sq) | 0;
      let sigma2 = (Math.floor((hYY[j]! + 32768) * I16) - mu2sq) | 0;
      const sigma12 = (Math.floor((hXY[j]! + 32768) * I16) - mu12) | 0;
      if (sigma2 < 0) sigma2 = 0;
      if (sigma1 >= SIGMA_NSQ) {
        denLog += log2From32(table, (SIGMA_NSQ + sigma1) >>> 0) - 2048 * 17;
        if (sigma12 > 0 && sigma2 > 0) {
          const g = sigma12 / (sigma1 + EPS);
          let sv = Math.trunc(sigma2 - g * sigma12) | 0;
          if (sv < 0) sv = 0;
          const numer1 = sv + SIGMA_NSQ;
          const l1g = log2From32(table, numer1); // sv < 2^31, so numer1 < 2^32
          const gl = g < 100 ? g : 100;
          numLog += log2From64(table, Math.trunc(gl * gl * sigma1) + numer1) - l1g;
          if (egl) {
            const ge = g < 1 ? g : 1;
            numLogEgl += log2From64(table, Math.trunc(ge * ge * sigma1) + numer1) - l1g;
          }
        }
      } else {
        numNonLog += sigma2;
        denNonLog++;
      }
    }
    acc[0] += numLog;
    acc[1] += numLogEgl;
    acc[2] += denLog;
    acc[3] += numNonLog;
    acc[4] += denNonLog;
  }
}

/** Fill the `half` pad entries on each side of a row stored at offset `half` (reflect-101 map `cols`). */
function padRow(a: Float64Array, w: number, half: number, cols: Int32Array): void {
  for (let p = 0; p < half; p++) {
    a[p] = a[half + cols[p]!]!;
    a[w + half + p] = a[half + cols[w + half + p]!]!;
  }
}

/**
 * Vertical pass of scale 0 (17 taps, folded by symmetry) for one output row: μ (rounded as libvmaf does at this
 * scale) and the second moments (kept in full: < 2^32) into the padded rows at offset 8.
 * ro: source row offsets of the 17 taps. Every sum is an integer below 2^50, so float64 is exact.
 */
function vert0(
  ref: Uint8Array, dis: Uint8Array, w: number, ro: Int32Array,
  m1o: Float64Array, m2o: Float64Array, xxo: Float64Array, yyo: Float64Array, xyo: Float64Array,
): void {
  const o0 = ro[0]!; const o1 = ro[1]!; const o2 = ro[2]!; const o3 = ro[3]!; const o4 = ro[4]!; const o5 = ro[5]!; const o6 = ro[6]!; const o7 = ro[7]!; const o8 = ro[8]!; const o9 = ro[9]!; const o10 = ro[10]!; const o11 = ro[11]!; const o12 = ro[12]!; const o13 = ro[13]!; const o14 = ro[14]!; const o15 = ro[15]!; const o16 = ro[16]!;
  for (let j = 0; j < w; j++) {
    const rc = ref[o8 + j]!;
    const dc = dis[o8 + j]!;
    let m1 = 7784 * rc;
    let m2 = 7784 * dc;
    let xx = 7784 * (rc * rc);
    let yy = 7784 * (dc * dc);
    let xy = 7784 * (rc * dc);
    {
      const a = ref[o0 + j]!; const b = ref[o16 + j]!; const c = dis[o0 + j]!; const d = dis[o16 + j]!;
      m1 = (m1 + 489 * (a + b)) | 0; m2 = (m2 + 489 * (c + d)) | 0;
      xx = (xx + 489 * (a * a + b * b)) | 0; yy = (yy + 489 * (c * c + d * d)) | 0;
      xy = (xy + 489 * (a * c + b * d)) | 0;
    }
    {
      const a = ref[o1 + j]!; const b = ref[o15 + j]!; const c = dis[o1 + j]!; const d = dis[o15 + j]!;
      m1 = (m1 + 935 * (a + b)) | 0; m2 = (m2 + 935 * (c + d)) | 0;
      xx = (xx + 935 * (a * a + b * b)) | 0; yy = (yy + 935 * (c * c + d * d)) | 0;
      xy = (xy + 935 * (a * c + b * d)) | 0;
    }
    {
      const a = ref[o2 + j]!; const b = ref[o14 + j]!; const c = dis[o2 + j]!; const d = dis[o14 + j]!;
      m1 = (m1 + 1640 * (a + b)) | 0; m2 = (m2 + 1640 * (c + d)) | 0;
      xx = (xx + 1640 * (a * a + b * b)) | 0; yy = (yy + 1640 * (c * c + d * d)) | 0;
      xy = (xy + 1640 * (a * c + b * d)) | 0;
    }
    {
      const a = ref[o3 + j]!; const b = ref[o13 + j]!; const c = dis[o3 + j]!; const d = dis[o13 + j]!;
      m1 = (m1 + 2640 * (a + b)) | 0; m2 = (m2 + 2640 * (c + d)) | 0;
      xx = (xx + 2640 * (a * a + b * b)) | 0; yy = (yy + 2640 * (c * c + d * d)) | 0;
      xy = (xy + 2640 * (a * c + b * d)) | 0;
    }
    {
      const a = ref[o4 + j]!; const b = ref[o12 + j]!; const c = dis[o4 + j]!; const d = dis[o12 + j]!;
      m1 = (m1 + 3896 * (a + b)) | 0; m2 = (m2 + 3896 * (c + d)) | 0;
      xx = (xx + 3896 * (a * a + b * b)) | 0; yy = (yy + 3896 * (c * c + d * d)) | 0;
      xy = (xy + 3896 * (a * c + b * d)) | 0;
    }
    {
      const a = ref[o5 + j]!; const b = ref[o11 + j]!; const c = dis[o5 + j]!; const d = dis[o11 + j]!;
      m1 = (m1 + 5274 * (a + b)) | 0; m2 = (m2 + 5274 * (c + d)) | 0;
      xx = (xx + 5274 * (a * a + b * b)) | 0; yy = (yy + 5274 * (c * c + d * d)) | 0;
      xy = (xy + 5274 * (a * c + b * d)) | 0;
    }
    {
      const a = ref[o6 + j]!; const b = ref[o10 + j]!; const c = dis[o6 + j]!; const d = dis[o10 + j]!;
      m1 = (m1 + 6547 * (a + b)) | 0; m2 = (m2 + 6547 * (c + d)) | 0;
      xx = (xx + 6547 * (a * a + b * b)) | 0; yy = (yy + 6547 * (c * c + d * d)) | 0;
      xy = (xy + 6547 * (a * c + b * d)) | 0;
    }
    {
      const a = ref[o7 + j]!; const b = ref[o9 + j]!; const c = dis[o7 + j]!; const d = dis[o9 + j]!;
      m1 = (m1 + 7455 * (a + b)) | 0; m2 = (m2 + 7455 * (c + d)) | 0;
      xx = (xx + 7455 * (a * a + b * b)) | 0; yy = (yy + 7455 * (c * c + d * d)) | 0;
      xy = (xy + 7455 * (a * c + b * d)) | 0;
    }
    m1o[j + 8] = (m1 + 128) >>> 8;
    m2o[j + 8] = (m2 + 128) >>> 8;
    xxo[j + 8] = xx >>> 0;
    yyo[j + 8] = yy >>> 0;
    xyo[j + 8] = xy >>> 0;
  }
}

/**
 * Vertical pass of scale 1 (9 taps, folded by symmetry) for one output row: μ (rounded as libvmaf does at this
 * scale) and the second moments (rounded to Q16) into the padded rows at offset 4.
 * ro: source row offsets of the 9 taps. Every sum is an integer below 2^50, so float64 is exact.
 */
function vert1(
  ref: Uint16Array, dis: Uint16Array, w: number, ro: Int32Array,
  m1o: Float64Array, m2o: Float64Array, xxo: Float64Array, yyo: Float64Array, xyo: Float64Array,
): void {
  const o0 = ro[0]!; const o1 = ro[1]!; const o2 = ro[2]!; const o3 = ro[3]!; const o4 = ro[4]!; const o5 = ro[5]!; const o6 = ro[6]!; const o7 = ro[7]!; const o8 = ro[8]!;
  for (let j = 0; j < w; j++) {
    const rc = ref[o4 + j]!;
    const dc = dis[o4 + j]!;
    let m1 = 14692 * rc;
    let m2 = 14692 * dc;
    let xx = 14692 * (rc * rc);
    let yy = 14692 * (dc * dc);
    let xy = 14692 * (rc * dc);
    {
      const a = ref[o0 + j]!; const b = ref[o8 + j]!; const c = dis[o0 + j]!; const d = dis[o8 + j]!;
      m1 += 1244 * (a + b); m2 += 1244 * (c + d);
      xx += 1244 * (a * a + b * b); yy += 1244 * (c * c + d * d); xy += 1244 * (a * c + b * d);
    }
    {
      const a = ref[o1 + j]!; const b = ref[o7 + j]!; const c = dis[o1 + j]!; const d = dis[o7 + j]!;
      m1 += 3663 * (a + b); m2 += 3663 * (c + d);
      xx += 3663 * (a * a + b * b); yy += 3663 * (c * c + d * d); xy += 3663 * (a * c + b * d);
    }
    {
      const a = ref[o2 + j]!; const b = ref[o6 + j]!; const c = dis[o2 + j]!; const d = dis[o6 + j]!;
      m1 += 7925 * (a + b); m2 += 7925 * (c + d);
      xx += 7925 * (a * a + b * b); yy += 7925 * (c * c + d * d); xy += 7925 * (a * c + b * d);
    }
    {
      const a = ref[o3 + j]!; const b = ref[o5 + j]!; const c = dis[o3 + j]!; const d = dis[o5 + j]!;
      m1 += 12590 * (a + b); m2 += 12590 * (c + d);
      xx += 12590 * (a * a + b * b); yy += 12590 * (c * c + d * d); xy += 12590 * (a * c + b * d);
    }
    m1o[j + 4] = ((m1 + 32768) >>> 16) & 0xffff;
    m2o[j + 4] = ((m2 + 32768) >>> 16) & 0xffff;
    xxo[j + 4] = Math.floor((xx + 32768) * I16);
    yyo[j + 4] = Math.floor((yy + 32768) * I16);
    xyo[j + 4] = Math.floor((xy + 32768) * I16);
  }
}

/** Horizontal 9-tap pass of scale 1 at output column j of a padded row (offset 4); < 2^50, exact. */
function fir9(a: Float64Array, j: number): number {
  return 1244 * (a[j + 0]! + a[j + 8]!) +
        3663 * (a[j + 1]! + a[j + 7]!) +
        7925 * (a[j + 2]! + a[j + 6]!) +
        12590 * (a[j + 3]! + a[j + 5]!) +
        14692 * a[j + 4]!;
}

/**
 * Vertical pass of scale 2 (5 taps, folded by symmetry) for one output row: μ (rounded as libvmaf does at this
 * scale) and the second moments (rounded to Q16) into the padded rows at offset 2.
 * ro: source row offsets of the 5 taps. Every sum is an integer below 2^50, so float64 is exact.
 */
function vert2(
  ref: Uint16Array, dis: Uint16Array, w: number, ro: Int32Array,
  m1o: Float64Array, m2o: Float64Array, xxo: Float64Array, yyo: Float64Array, xyo: Float64Array,
): void {
  const o0 = ro[0]!; const o1 = ro[1]!; const o2 = ro[2]!; const o3 = ro[3]!; const o4 = ro[4]!;
  for (let j = 0; j < w; j++) {
    const rc = ref[o2 + j]!;
    const dc = dis[o2 + j]!;
    let m1 = 26386 * rc;
    let m2 = 26386 * dc;
    let xx = 26386 * (rc * rc);
    let yy = 26386 * (dc * dc);
    let xy = 26386 * (rc * dc);
    {
      const a = ref[o0 + j]!; const b = ref[o4 + j]!; const c = dis[o0 + j]!; const d = dis[o4 + j]!;
      m1 += 3571 * (a + b); m2 += 3571 * (c + d);
      xx += 3571 * (a * a + b * b); yy += 3571 * (c * c + d * d); xy += 3571 * (a * c + b * d);
    }
    {
      const a = ref[o1 + j]!; const b = ref[o3 + j]!; const c = dis[o1 + j]!; const d = dis[o3 + j]!;
      m1 += 16004 * (a + b); m2 += 16004 * (c + d);
      xx += 16004 * (a * a + b * b); yy += 16004 * (c * c + d * d); xy += 16004 * (a * c + b * d);
    }
    m1o[j + 2] = ((m1 + 32768) >>> 16) & 0xffff;
    m2o[j + 2] = ((m2 + 32768) >>> 16) & 0xffff;
    xxo[j + 2] = Math.floor((xx + 32768) * I16);
    yyo[j + 2] = Math.floor((yy + 32768) * I16);
    xyo[j + 2] = Math.floor((xy + 32768) * I16);
  }
}

/** Horizontal 5-tap pass of scale 2 at output column j of a padded row (offset 2); < 2^50, exact. */
function fir5(a: Float64Array, j: number): number {
  return 3571 * (a[j + 0]! + a[j + 4]!) +
        16004 * (a[j + 1]! + a[j + 3]!) +
        26386 * a[j + 2]!;
}

/**
 * Vertical pass of scale 3 (3 taps, folded by symmetry) for one output row: μ (rounded as libvmaf does at this
 * scale) and the second moments (rounded to Q16) into the padded rows at offset 1.
 * ro: source row offsets of the 3 taps. Every sum is an integer below 2^50, so float64 is exact.
 */
function vert3(
  ref: Uint16Array, dis: Uint16Array, w: number, ro: Int32Array,
  m1o: Float64Array, m2o: Float64Array, xxo: Float64Array, yyo: Float64Array, xyo: Float64Array,
): void {
  const o0 = ro[0]!; const o1 = ro[1]!; const o2 = ro[2]!;
  for (let j = 0; j < w; j++) {
    const rc = ref[o1 + j]!;
    const dc = dis[o1 + j]!;
    let m1 = 43728 * rc;
    let m2 = 43728 * dc;
    let xx = 43728 * (rc * rc);
    let yy = 43728 * (dc * dc);
    let xy = 43728 * (rc * dc);
    {
      const a = ref[o0 + j]!; const b = ref[o2 + j]!; const c = dis[o0 + j]!; const d = dis[o2 + j]!;
      m1 += 10904 * (a + b); m2 += 10904 * (c + d);
      xx += 10904 * (a * a + b * b); yy += 10904 * (c * c + d * d); xy += 10904 * (a * c + b * d);
    }
    m1o[j + 1] = ((m1 + 32768) >>> 16) & 0xffff;
    m2o[j + 1] = ((m2 + 32768) >>> 16) & 0xffff;
    xxo[j + 1] = Math.floor((xx + 32768) * I16);
    yyo[j + 1] = Math.floor((yy + 32768) * I16);
    xyo[j + 1] = Math.floor((xy + 32768) * I16);
  }
}

/** Horizontal 3-tap pass of scale 3 at output column j of a padded row (offset 1); < 2^50, exact. */
function fir3(a: Float64Array, j: number): number {
  return 10904 * (a[j + 0]! + a[j + 2]!) +
        43728 * a[j + 1]!;
}

/** Horizontal pass of scale 0 over the padded rows → raw sums per output column (μ < 2^32, moments < 2^50). */
function horz0(
  m1i: Float64Array, m2i: Float64Array, xxi: Float64Array, yyi: Float64Array, xyi: Float64Array, w: number,
  m1o: Float64Array, m2o: Float64Array, xxo: Float64Array, yyo: Float64Array, xyo: Float64Array,
): void {
  for (let j = 0; j < w; j++) {
    m1o[j] = 489 * (m1i[j + 0]! + m1i[j + 16]!) +
        935 * (m1i[j + 1]! + m1i[j + 15]!) +
        1640 * (m1i[j + 2]! + m1i[j + 14]!) +
        2640 * (m1i[j + 3]! + m1i[j + 13]!) +
        3896 * (m1i[j + 4]! + m1i[j + 12]!) +
        5274 * (m1i[j + 5]! + m1i[j + 11]!) +
        6547 * (m1i[j + 6]! + m1i[j + 10]!) +
        7455 * (m1i[j + 7]! + m1i[j + 9]!) +
        7784 * m1i[j + 8]!;
    m2o[j] = 489 * (m2i[j + 0]! + m2i[j + 16]!) +
        935 * (m2i[j + 1]! + m2i[j + 15]!) +
        1640 * (m2i[j + 2]! + m2i[j + 14]!) +
        2640 * (m2i[j + 3]! + m2i[j + 13]!) +
        3896 * (m2i[j + 4]! + m2i[j + 12]!) +
        5274 * (m2i[j + 5]! + m2i[j + 11]!) +
        6547 * (m2i[j + 6]! + m2i[j + 10]!) +
        7455 * (m2i[j + 7]! + m2i[j + 9]!) +
        7784 * m2i[j + 8]!;
    xxo[j] = 489 * (xxi[j + 0]! + xxi[j + 16]!) +
        935 * (xxi[j + 1]! + xxi[j + 15]!) +
        1640 * (xxi[j + 2]! + xxi[j + 14]!) +
        2640 * (xxi[j + 3]! + xxi[j + 13]!) +
        3896 * (xxi[j + 4]! + xxi[j + 12]!) +
        5274 * (xxi[j + 5]! + xxi[j + 11]!) +
        6547 * (xxi[j + 6]! + xxi[j + 10]!) +
        7455 * (xxi[j + 7]! + xxi[j + 9]!) +
        7784 * xxi[j + 8]!;
    yyo[j] = 489 * (yyi[j + 0]! + yyi[j + 16]!) +
        935 * (yyi[j + 1]! + yyi[j + 15]!) +
        1640 * (yyi[j + 2]! + yyi[j + 14]!) +
        2640 * (yyi[j + 3]! + yyi[j + 13]!) +
        3896 * (yyi[j + 4]! + yyi[j + 12]!) +
        5274 * (yyi[j + 5]! + yyi[j + 11]!) +
        6547 * (yyi[j + 6]! + yyi[j + 10]!) +
        7455 * (yyi[j + 7]! + yyi[j + 9]!) +
        7784 * yyi[j + 8]!;
    xyo[j] = 489 * (xyi[j + 0]! + xyi[j + 16]!) +
        935 * (xyi[j + 1]! + xyi[j + 15]!) +
        1640 * (xyi[j + 2]! + xyi[j + 14]!) +
        2640 * (xyi[j + 3]! + xyi[j + 13]!) +
        3896 * (xyi[j + 4]! + xyi[j + 12]!) +
        5274 * (xyi[j + 5]! + xyi[j + 11]!) +
        6547 * (xyi[j + 6]! + xyi[j + 10]!) +
        7455 * (xyi[j + 7]! + xyi[j + 9]!) +
        7784 * xyi[j + 8]!;
  }
}

/** Horizontal pass of scale 1 over the padded rows → raw sums per output column (μ < 2^32, moments < 2^50). */
function horz1(
  m1i: Float64Array, m2i: Float64Array, xxi: Float64Array, yyi: Float64Array, xyi: Float64Array, w: number,
  m1o: Float64Array, m2o: Float64Array, xxo: Float64Array, yyo: Float64Array, xyo: Float64Array,
): void {
  for (let j = 0; j < w; j++) {
    m1o[j] = 1244 * (m1i[j + 0]! + m1i[j + 8]!) +
        3663 * (m1i[j + 1]! + m1i[j + 7]!) +
        7925 * (m1i[j + 2]! + m1i[j + 6]!) +
        12590 * (m1i[j + 3]! + m1i[j + 5]!) +
        14692 * m1i[j + 4]!;
    m2o[j] = 1244 * (m2i[j + 0]! + m2i[j + 8]!) +
        3663 * (m2i[j + 1]! + m2i[j + 7]!) +
        7925 * (m2i[j + 2]! + m2i[j + 6]!) +
        12590 * (m2i[j + 3]! + m2i[j + 5]!) +
        14692 * m2i[j + 4]!;
    xxo[j] = 1244 * (xxi[j + 0]! + xxi[j + 8]!) +
        3663 * (xxi[j + 1]! + xxi[j + 7]!) +
        7925 * (xxi[j + 2]! + xxi[j + 6]!) +
        12590 * (xxi[j + 3]! + xxi[j + 5]!) +
        14692 * xxi[j + 4]!;
    yyo[j] = 1244 * (yyi[j + 0]! + yyi[j + 8]!) +
        3663 * (yyi[j + 1]! + yyi[j + 7]!) +
        7925 * (yyi[j + 2]! + yyi[j + 6]!) +
        12590 * (yyi[j + 3]! + yyi[j + 5]!) +
        14692 * yyi[j + 4]!;
    xyo[j] = 1244 * (xyi[j + 0]! + xyi[j + 8]!) +
        3663 * (xyi[j + 1]! + xyi[j + 7]!) +
        7925 * (xyi[j + 2]! + xyi[j + 6]!) +
        12590 * (xyi[j + 3]! + xyi[j + 5]!) +
        14692 * xyi[j + 4]!;
  }
}

/** Horizontal pass of scale 2 over the padded rows → raw sums per output column (μ < 2^32, moments < 2^50). */
function horz2(
  m1i: Float64Array, m2i: Float64Array, xxi: Float64Array, yyi: Float64Array, xyi: Float64Array, w: number,
  m1o: Float64Array, m2o: Float64Array, xxo: Float64Array, yyo: Float64Array, xyo: Float64Array,
): void {
  for (let j = 0; j < w; j++) {
    m1o[j] = 3571 * (m1i[j + 0]! + m1i[j + 4]!) +
        16004 * (m1i[j + 1]! + m1i[j + 3]!) +
        26386 * m1i[j + 2]!;
    m2o[j] = 3571 * (m2i[j + 0]! + m2i[j + 4]!) +
        16004 * (m2i[j + 1]! + m2i[j + 3]!) +
        26386 * m2i[j + 2]!;
    xxo[j] = 3571 * (xxi[j + 0]! + xxi[j + 4]!) +
        16004 * (xxi[j + 1]! + xxi[j + 3]!) +
        26386 * xxi[j + 2]!;
    yyo[j] = 3571 * (yyi[j + 0]! + yyi[j + 4]!) +
        16004 * (yyi[j + 1]! + yyi[j + 3]!) +
        26386 * yyi[j + 2]!;
    xyo[j] = 3571 * (xyi[j + 0]! + xyi[j + 4]!) +
        16004 * (xyi[j + 1]! + xyi[j + 3]!) +
        26386 * xyi[j + 2]!;
  }
}

/** Horizontal pass of scale 3 over the padded rows → raw sums per output column (μ < 2^32, moments < 2^50). */
function horz3(
  m1i: Float64Array, m2i: Float64Array, xxi: Float64Array, yyi: Float64Array, xyi: Float64Array, w: number,
  m1o: Float64Array, m2o: Float64Array, xxo: Float64Array, yyo: Float64Array, xyo: Float64Array,
): void {
  for (let j = 0; j < w; j++) {
    m1o[j] = 10904 * (m1i[j + 0]! + m1i[j + 2]!) +
        43728 * m1i[j + 1]!;
    m2o[j] = 10904 * (m2i[j + 0]! + m2i[j + 2]!) +
        43728 * m2i[j + 1]!;
    xxo[j] = 10904 * (xxi[j + 0]! + xxi[j + 2]!) +
        43728 * xxi[j + 1]!;
    yyo[j] = 10904 * (yyi[j + 0]! + yyi[j + 2]!) +
        43728 * yyi[j + 1]!;
    xyo[j] = 10904 * (xyi[j + 0]! + xyi[j + 2]!) +
        43728 * xyi[j + 1]!;
  }
}

/** Vertical 9-tap pass of the scale-1 decimation for one output row into padded rows (offset 4); sums < 2^32. */
function vdec1(ref: Uint8Array, dis: Uint8Array, w: number, ro: Int32Array, vr: Float64Array, vd: Float64Array): void {
  const o0 = ro[0]!; const o1 = ro[1]!; const o2 = ro[2]!; const o3 = ro[3]!; const o4 = ro[4]!; const o5 = ro[5]!; const o6 = ro[6]!; const o7 = ro[7]!; const o8 = ro[8]!;
  for (let j = 0; j < w; j++) {
    const ar = 1244 * (ref[o0 + j]! + ref[o8 + j]!) +
        3663 * (ref[o1 + j]! + ref[o7 + j]!) +
        7925 * (ref[o2 + j]! + ref[o6 + j]!) +
        12590 * (ref[o3 + j]! + ref[o5 + j]!) +
        14692 * ref[o4 + j]!;
    const ad = 1244 * (dis[o0 + j]! + dis[o8 + j]!) +
        3663 * (dis[o1 + j]! + dis[o7 + j]!) +
        7925 * (dis[o2 + j]! + dis[o6 + j]!) +
        12590 * (dis[o3 + j]! + dis[o5 + j]!) +
        14692 * dis[o4 + j]!;
    vr[j + 4] = (ar + 128) >>> 8;
    vd[j + 4] = (ad + 128) >>> 8;
  }
}

/** Vertical 5-tap pass of the scale-2 decimation for one output row into padded rows (offset 2); sums < 2^32. */
function vdec2(ref: Uint16Array, dis: Uint16Array, w: number, ro: Int32Array, vr: Float64Array, vd: Float64Array): void {
  const o0 = ro[0]!; const o1 = ro[1]!; const o2 = ro[2]!; const o3 = ro[3]!; const o4 = ro[4]!;
  for (let j = 0; j < w; j++) {
    const ar = 3571 * (ref[o0 + j]! + ref[o4 + j]!) +
        16004 * (ref[o1 + j]! + ref[o3 + j]!) +
        26386 * ref[o2 + j]!;
    const ad = 3571 * (dis[o0 + j]! + dis[o4 + j]!) +
        16004 * (dis[o1 + j]! + dis[o3 + j]!) +
        26386 * dis[o2 + j]!;
    vr[j + 2] = ((ar + 32768) >>> 16) & 0xffff;
    vd[j + 2] = ((ad + 32768) >>> 16) & 0xffff;
  }
}

/** Vertical 3-tap pass of the scale-3 decimation for one output row into padded rows (offset 1); sums < 2^32. */
function vdec3(ref: Uint16Array, dis: Uint16Array, w: number, ro: Int32Array, vr: Float64Array, vd: Float64Array): void {
  const o0 = ro[0]!; const o1 = ro[1]!; const o2 = ro[2]!;
  for (let j = 0; j < w; j++) {
    const ar = 10904 * (ref[o0 + j]! + ref[o2 + j]!) +
        43728 * ref[o1 + j]!;
    const ad = 10904 * (dis[o0 + j]! + dis[o2 + j]!) +
        43728 * dis[o1 + j]!;
    vr[j + 1] = ((ar + 32768) >>> 16) & 0xffff;
    vd[j + 1] = ((ad + 32768) >>> 16) & 0xffff;
  }
}

/** The WebAssembly SIMD kernel (wasm/vif.ts): the five accumulators of each scale for one frame pair. */
class WasmVif {
  private readonly exports: {
    memory: WebAssembly.Memory;
    init(w: number, h: number): number;
    refPtr(): number;
    disPtr(): number;
    tablePtr(): number;
    accPtr(): number;
    compute(egl: number): void;
  };
  private readonly n: number;

  private constructor(instance: WebAssembly.Instance, width: number, height: number) {
    this.exports = instance.exports as unknown as WasmVif['exports'];
    this.n = width * height;
    this.exports.init(width, height);
    new Uint16Array(this.exports.memory.buffer, this.exports.tablePtr(), 65536).set(getLog2Table());
  }

  static create(width: number, height: number): WasmVif | null {
    const instance = instantiateKernel('vif', VIF_WASM);
    return instance ? new WasmVif(instance, width, height) : null;
  }

  /** Accumulators of scales 0..3 (5 each: numLog, numLogEgl, denLog, numNonLog, denNonLog); a view, valid until the next run. */
  run(ref: Uint8Array, dis: Uint8Array, egl: boolean): Float64Array {
    const x = this.exports;
    const mem = x.memory.buffer;
    new Uint8Array(mem, x.refPtr(), this.n).set(ref.length === this.n ? ref : ref.subarray(0, this.n));
    new Uint8Array(mem, x.disPtr(), this.n).set(dis.length === this.n ? dis : dis.subarray(0, this.n));
    x.compute(egl ? 1 : 0);
    return new Float64Array(x.memory.buffer, x.accPtr(), 20);
  }
}
