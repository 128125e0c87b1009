/**
 * Bit-exact port of libvmaf's fixed-point VIF extractor for 8-bit luma (`integer_vif`, features vif_scale0..3
 * and, with a gain limit of 1.0, the `_egl_1` variants used by vmaf_v0.6.1neg).
 * Follows Netflix/vmaf libvmaf/src/feature/integer_vif.c and integer_vif.h @ 332dde62838d (v3.0.0-124, the
 * version Vidaio pins): Q16 Gaussian taps, 8-bit scale-0 statistics, Q8 decimation pyramid, the
 * `round(log2f(i)·2048)` table on the top 16 bits, non-log accumulators for low-variance pixels, and
 * reflect-101 borders on all four sides. Both gain limits are evaluated in one pass (they only change the
 * numerator's g², see metrics.md §1.1).
 *
 * Two backends (./backend.ts) compute the five accumulators of each scale, chosen once per computer: the
 * WebAssembly SIMD kernel (wasm/vif.ts, the default where the engine has SIMD) and the TypeScript reference below
 * (`TsVif`), written for clarity: one loop over the scales, one generic separable filter, every rounding step
 * named. wasm-kernels.test.ts holds them equal on every frame; integer.test.ts and integer.clips.test.ts hold the
 * default one to libvmaf.
 *
 * Exactness without BigInt: every intermediate is an integer below 2^53 (vertical sums < 2^49, horizontal sums
 * < 2^50, stated per function), so float64 sums are exact and x >> k is Math.floor(x·2^−k); the Q32 μ products
 * (< 2^64) use a split 16-bit multiply; int32 casts that can wrap in C are reproduced with `| 0`.
 */

import { instantiateKernel } from '../../../wasm/load.ts';
import { VIF_WASM } from '../../../wasm/vif.wasm.ts';
import { selectBackend, type BackendChoice, type BackendName, type FeatureBackend } from './backend.ts';

/** Q16 filter taps per scale (sum 65536), libvmaf integer_vif.h `vif_filter1d_table`. */
const FILTERS: readonly (readonly number[])[] = [
  [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489],
  [1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244],
  [3571, 16004, 26386, 16004, 3571],
  [10904, 43728, 10904],
];

const SCALES = 4;
/** Accumulators per scale: numLog, numLogEgl, denLog, numNonLog, denNonLog. */
const ACC = 5;
const SIGMA_NSQ = 65536 * 2;
const EPS = 65536 * 1.0e-10;
const TWO32 = 4294967296;
const I16 = 2 ** -16;
const I32 = 2 ** -32;

let log2Table: Uint16Array | null = null;

/** libvmaf `log_generate`: table[i] = round(log2f(i)·2048) for i in [32767, 65535] (glibc-equal, see metrics.md). */
function getLog2Table(): Uint16Array {
  if (log2Table) return log2Table;
  const t = new Uint16Array(65536);
  for (let i = 32767; i < 65536; i++) t[i] = Math.round(Math.fround(Math.log2(i)) * 2048);
  log2Table = t;
  return t;
}

/** log2(x)·2048 from the table (top 16 bits of x, plus 2048 per bit shifted out), x an integer in [2^17, 2^53). */
function log2Fixed(table: Uint16Array, x: number): number {
  const k = x < TWO32 ? 16 - Math.clz32(x) : 48 - Math.clz32(Math.floor(x * I32));
  return table[Math.floor(x * 2 ** -k)]! + 2048 * k;
}

/** reflect-101 index (libvmaf's mirroring on all four sides), clamped for images smaller than the filter. */
function reflect(k: number, n: number): number {
  let v = k < 0 ? -k : k;
  if (v >= n) v = 2 * (n - 1) - v;
  return Math.min(Math.max(v, 0), n - 1);
}

/** Per-scale VIF num/den for both gain limits (100 = default, 1 = NEG). */
export interface IntegerVifResult {
  /** vif_scale0..3 (float32 num / float32 den, as libvmaf reports them) */
  scores: number[];
  /** vif_scale0..3_egl_1 */
  scoresEgl: number[];
}

/** A VIF backend: the SCALES × ACC accumulators of one frame pair (a view, valid until the next call). */
type VifBackend = FeatureBackend<Float64Array>;

/**
 * Integer VIF on 8-bit luma planes of a fixed size. Reusable across frames (buffers are kept).
 */
export class IntegerVifComputer {
  /** Which implementation computes: 'wasm' (WebAssembly SIMD, the default where available) or 'js'. */
  readonly backend: BackendName;
  private readonly impl: VifBackend;
  private readonly n: number;

  /**
   * @param width,height luma size in pixels (≥ 16 each)
   * @param options.backend 'auto' (default: WebAssembly SIMD where the engine has it, else TypeScript), 'js' or
   *   'wasm' (throws where WebAssembly SIMD is missing). Both give identical results.
   */
  constructor(width: number, height: number, options?: { backend?: BackendChoice }) {
    this.n = width * height;
    this.impl = selectBackend<VifBackend>(
      options?.backend,
      'IntegerVifComputer',
      () => WasmVif.create(width, height),
      () => new TsVif(width, height),
    );
    this.backend = this.impl.name;
  }

  /**
   * ref/dis: 8-bit luma, stride = width (longer planes are cut to width·height). With `withEgl` false the
   * `_egl_1` statistic is skipped and `scoresEgl` holds NaN.
   */
  compute(ref: Uint8Array, dis: Uint8Array, withEgl = true): IntegerVifResult {
    const n = this.n;
    const acc = this.impl.compute(ref.length === n ? ref : ref.subarray(0, n), dis.length === n ? dis : dis.subarray(0, n), withEgl);
    const scores: number[] = [];
    const scoresEgl: number[] = [];
    for (let s = 0; s < SCALES; s++) {
      const [numLog, numLogEgl, denLog, numNonLog, denNonLog] = acc.subarray(ACC * s, ACC * s + ACC);
      const nonLog = denNonLog! - numNonLog! / 16384.0 / 65025.0;
      const den = Math.fround(denLog! / 2048.0 + denNonLog!);
      scores.push(Math.fround(Math.fround(numLog! / 2048.0 + nonLog) / den));
      scoresEgl.push(withEgl ? Math.fround(Math.fround(numLogEgl! / 2048.0 + nonLog) / den) : NaN);
    }
    return { scores, scoresEgl };
  }
}

/** A luma plane: 8-bit at scale 0, Q8 (16-bit) in the pyramid. */
type Plane = Uint8Array | Uint16Array;

/**
 * libvmaf's rounding of a vertical filter sum, which depends on the depth of the plane filtered: 8-bit input keeps
 * μ in Q8, (Σ + 2^7) >> 8; the Q8 pyramid brings it back to Q8, ((Σ + 2^15) >> 16) & 0xffff. Σ < 2^32.
 */
function roundVerticalMu(sum: number, eightBit: boolean): number {
  return eightBit ? (sum + 128) >>> 8 : ((sum + 32768) >>> 16) & 0xffff;
}

/** The same for a second moment: raw (< 2^32) from 8-bit input, (Σ + 2^15) >> 16 from the pyramid (Σ < 2^49). */
function roundVerticalMoment(sum: number, eightBit: boolean): number {
  return eightBit ? sum : Math.floor((sum + 32768) * I16);
}

/** The TypeScript reference backend: one generic separable filter, looped over the scales. */
class TsVif implements VifBackend {
  readonly name = 'js';
  private readonly table = getLog2Table();
  private readonly acc = new Float64Array(SCALES * ACC);
  /** [width, height] of each scale's image */
  private readonly sizes: [number, number][] = [];
  /** the Q8 pyramid images of scales 1..3 (index s − 1) */
  private readonly pyramid: { ref: Uint16Array; dis: Uint16Array }[] = [];
  /** vertical-pass rows (μ1, μ2, σ²1, σ²2, σ12 before the horizontal pass), padded by 8 on each side */
  private readonly vRows: Float64Array[] = [];
  /** horizontal-pass sums of one row, same order (μ sums < 2^32, moment sums < 2^50) */
  private readonly hRows: Float64Array[] = [];
  /** source row offsets of the taps of the current output row */
  private readonly ro = new Int32Array(17);

  constructor(width: number, height: number) {
    let w = width;
    let h = height;
    this.sizes.push([w, h]);
    for (let s = 1; s < SCALES; s++) {
      w >>= 1;
      h >>= 1;
      this.sizes.push([w, h]);
      this.pyramid.push({ ref: new Uint16Array(w * h), dis: new Uint16Array(w * h) });
    }
    for (let q = 0; q < 5; q++) {
      this.vRows.push(new Float64Array(width + 16));
      this.hRows.push(new Float64Array(width));
    }
  }

  compute(ref: Uint8Array, dis: Uint8Array, egl: boolean): Float64Array {
    this.acc.fill(0);
    let r: Plane = ref;
    let d: Plane = dis;
    for (let s = 0; s < SCALES; s++) {
      if (s > 0) {
        const next = this.pyramid[s - 1]!;
        this.decimate(r, d, this.sizes[s - 1]!, FILTERS[s]!, next.ref, next.dis);
        r = next.ref;
        d = next.dis;
      }
      this.statistic(r, d, s, egl);
    }
    return this.acc;
  }

  /** Offsets (row · w) of the rows under the taps centred on row `centre` of an image of height h. */
  private setRows(centre: number, taps: readonly number[], h: number, w: number): void {
    const half = taps.length >> 1;
    for (let k = 0; k < taps.length; k++) this.ro[k] = reflect(centre - half + k, h) * w;
  }

  /**
   * Scale s − 1 → s (libvmaf subsample_rd_8 / subsample_rd_16): the scale-s low-pass, vertical sums rounded by
   * `roundVerticalMu`, horizontal (Σ + 2^15) >> 16, even rows and columns kept (only those are computed).
   */
  private decimate(srcR: Plane, srcD: Plane, [w, h]: [number, number], taps: readonly number[], outR: Uint16Array, outD: Uint16Array): void {
    const eightBit = srcR instanceof Uint8Array;
    const half = taps.length >> 1;
    const [vr, vd] = this.vRows as [Float64Array, Float64Array];
    const ow = w >> 1;
    const oh = h >> 1;
    for (let oi = 0; oi < oh; oi++) {
      this.setRows(2 * oi, taps, h, w);
      for (let j = 0; j < w; j++) {
        let sr = 0;
        let sd = 0;
        for (let k = 0; k < taps.length; k++) {
          sr += taps[k]! * srcR[this.ro[k]! + j]!;
          sd += taps[k]! * srcD[this.ro[k]! + j]!;
        }
        vr[half + j] = roundVerticalMu(sr, eightBit);
        vd[half + j] = roundVerticalMu(sd, eightBit);
      }
      padRow(vr, w, half);
      padRow(vd, w, half);
      for (let oj = 0; oj < ow; oj++) {
        outR[oi * ow + oj] = (fir(vr, 2 * oj, taps) + 32768) >>> 16;
        outD[oi * ow + oj] = (fir(vd, 2 * oj, taps) + 32768) >>> 16;
      }
    }
  }

  /** libvmaf vif_statistic_8 (s = 0) / vif_statistic_16 (s ≥ 1, 8-bit input) for both gain limits → acc of scale s. */
  private statistic(ref: Plane, dis: Plane, s: number, egl: boolean): void {
    const [w, h] = this.sizes[s]!;
    const taps = FILTERS[s]!;
    const half = taps.length >> 1;
    const eightBit = s === 0;
    const v = this.vRows;
    const hs = this.hRows;
    for (let i = 0; i < h; i++) {
      this.setRows(i, taps, h, w);
      // vertical: μ and the second moments of ref and dis (terms < 2^48, sums < 2^49: exact)
      for (let j = 0; j < w; j++) {
        let m1 = 0,
          m2 = 0,
          xx = 0,
          yy = 0,
          xy = 0;
        for (let k = 0; k < taps.length; k++) {
          const c = taps[k]!;
          const a = ref[this.ro[k]! + j]!;
          const b = dis[this.ro[k]! + j]!;
          m1 += c * a;
          m2 += c * b;
          xx += c * (a * a);
          yy += c * (b * b);
          xy += c * (a * b);
        }
        v[0]![half + j] = roundVerticalMu(m1, eightBit);
        v[1]![half + j] = roundVerticalMu(m2, eightBit);
        v[2]![half + j] = roundVerticalMoment(xx, eightBit);
        v[3]![half + j] = roundVerticalMoment(yy, eightBit);
        v[4]![half + j] = roundVerticalMoment(xy, eightBit);
      }
      // horizontal: raw sums (rounded in statsRow)
      for (let q = 0; q < 5; q++) {
        padRow(v[q]!, w, half);
        for (let j = 0; j < w; j++) hs[q]![j] = fir(v[q]!, j, taps);
      }
      this.statsRow(w, egl, this.acc.subarray(ACC * s, ACC * s + ACC));
    }
  }

  /**
   * Per-pixel VIF terms of one row from the raw horizontal sums (μ sums < 2^32, moment sums < 2^50): Q32 μ
   * products, (Σ + 2^15) >> 16 moments, int32 σ casts, then the log-domain (σ1 ≥ σ²_n) or linear terms, added
   * into acc (integer sums < 2^53, so the per-row grouping is exact).
   */
  private statsRow(w: number, egl: boolean, acc: Float64Array): void {
    const [hM1, hM2, hXX, hYY, hXY] = this.hRows as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const table = this.table;
    for (let j = 0; j < w; j++) {
      const m1 = hM1[j]!;
      const m2 = hM2[j]!;
      const mu1sq = mulQ32(m1, m1);
      const mu2sq = mulQ32(m2, m2);
      const mu12 = mulQ32(m1, m2);
      const sigma1 = (Math.floor((hXX[j]! + 32768) * I16) - mu1sq) | 0;
      let sigma2 = (Math.floor((hYY[j]! + 32768) * I16) - mu2sq) | 0;
      const sigma12 = (Math.floor((hXY[j]! + 32768) * I16) - mu12) | 0;
      if (sigma2 < 0) sigma2 = 0;
      if (sigma1 >= SIGMA_NSQ) {
        acc[2] += log2Fixed(table, (SIGMA_NSQ + sigma1) >>> 0) - 2048 * 17;
        if (sigma12 > 0 && sigma2 > 0) {
          const g = sigma12 / (sigma1 + EPS);
          let sv = Math.trunc(sigma2 - g * sigma12) | 0;
          if (sv < 0) sv = 0;
          const numer1 = sv + SIGMA_NSQ;
          const l1g = log2Fixed(table, numer1); // sv < 2^31, so numer1 < 2^32
          const gl = g < 100 ? g : 100;
          acc[0] += log2Fixed(table, Math.trunc(gl * gl * sigma1) + numer1) - l1g;
          if (egl) {
            const ge = g < 1 ? g : 1;
            acc[1] += log2Fixed(table, Math.trunc(ge * ge * sigma1) + numer1) - l1g;
          }
        }
      } else {
        acc[3] += sigma2;
        acc[4]++;
      }
    }
  }
}

/**
 * floor((a·b + 2^31) / 2^32) for integers a, b < 2^32 (libvmaf's uint64 μ products) exactly: with b = bh·2^16 + bl,
 * a·bh and a·bl + 2^31 are below 2^49 and both floors are exact.
 */
function mulQ32(a: number, b: number): number {
  const bh = Math.floor(b * I16);
  const bl = b - bh * 65536;
  return Math.floor((a * bh + Math.floor((a * bl + 2147483648) * I16)) * I16);
}

/** Horizontal filter at output column j of a row padded by half the taps: Σ taps[k]·a[j + k] (< 2^50, exact). */
function fir(a: Float64Array, j: number, taps: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < taps.length; k++) sum += taps[k]! * a[j + k]!;
  return sum;
}

/** Fills the `half` pad entries on each side of a row of w values stored at offset `half` (reflect-101). */
function padRow(a: Float64Array, w: number, half: number): void {
  for (let p = 0; p < half; p++) {
    a[p] = a[half + reflect(p - half, w)]!;
    a[w + half + p] = a[half + reflect(w + p, w)]!;
  }
}

/** The WebAssembly SIMD backend (wasm/vif.ts): the five accumulators of each scale for one frame pair. */
class WasmVif implements VifBackend {
  readonly name = 'wasm';
  private readonly exports: {
    memory: WebAssembly.Memory;
    init(w: number, h: number): number;
    refPtr(): number;
    disPtr(): number;
    tablePtr(): number;
    accPtr(): number;
    compute(egl: number): void;
  };

  private constructor(instance: WebAssembly.Instance, width: number, height: number) {
    this.exports = instance.exports as unknown as WasmVif['exports'];
    this.exports.init(width, height);
    new Uint16Array(this.exports.memory.buffer, this.exports.tablePtr(), 65536).set(getLog2Table());
  }

  static create(width: number, height: number): WasmVif | null {
    // The kernel's per-row u32 sums of the statistic are exact below 2^18 columns (its init traps above): wider
    // frames take the TypeScript twin.
    if (width >= 1 << 18) return null;
    const instance = instantiateKernel('vif', VIF_WASM);
    return instance ? new WasmVif(instance, width, height) : null;
  }

  compute(ref: Uint8Array, dis: Uint8Array, egl: boolean): Float64Array {
    const x = this.exports;
    const mem = x.memory.buffer;
    new Uint8Array(mem, x.refPtr(), ref.length).set(ref);
    new Uint8Array(mem, x.disPtr(), dis.length).set(dis);
    x.compute(egl ? 1 : 0);
    return new Float64Array(x.memory.buffer, x.accPtr(), SCALES * ACC);
  }
}
