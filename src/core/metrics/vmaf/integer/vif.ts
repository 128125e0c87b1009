/**
 * Bit-exact TypeScript port of libvmaf's fixed-point VIF extractor for 8-bit luma (`integer_vif`,
 * features vif_scale0..3 and, with a gain limit of 1.0, the `_egl_1` variants used by vmaf_v0.6.1neg).
 * Follows Netflix/vmaf libvmaf/src/feature/integer_vif.c and integer_vif.h @ 332dde62838d (v3.0.0-124, the
 * version Vidaio pins): Q16 Gaussian taps, 8-bit scale-0 statistics, Q8 decimation pyramid, the
 * `round(log2f(i)·2048)` table on the top 16 bits, non-log accumulators for low-variance pixels, and
 * reflect-101 borders on all four sides. Both gain limits are evaluated in one pass (they only change the
 * numerator's g², see metrics.md §1.1).
 *
 * Exactness in float64: every intermediate is an integer below 2^53 except the Q24 mean products, which are
 * reduced with a split 16-bit multiply (`mulRound32`); int32 wrap-around of the C casts is reproduced with `| 0`.
 */

/** Q16 filter taps per scale (sum 65536), libvmaf integer_vif.h `vif_filter1d_table`. */
const FILTERS: readonly (readonly number[])[] = [
  [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489],
  [1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244],
  [3571, 16004, 26386, 16004, 3571],
  [10904, 43728, 10904],
];

const SIGMA_NSQ = 65536 * 2;
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

/** log2(x)·2048 from the table, x an integer in [2^17, 2^32). */
function log2From32(table: Uint16Array, x: number): number {
  const k = 16 - Math.clz32(x);
  return table[x >>> k]! + 2048 * k;
}

/** log2(x)·2048 from the table, x an integer in [2^17, 2^53). */
function log2From64(table: Uint16Array, x: number): number {
  if (x < TWO32) return log2From32(table, x);
  const k = 48 - Math.clz32(Math.floor(x / TWO32));
  return table[Math.floor(x / 2 ** k)]! + 2048 * k;
}

/** floor((a·b + 2^31) / 2^32) exactly, for integers a, b in [0, 2^32). */
function mulRound32(a: number, b: number): number {
  const bh = Math.floor(b / 65536);
  const bl = b - bh * 65536;
  return Math.floor((a * bh + Math.floor((a * bl + 2147483648) / 65536)) / 65536);
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
  // vertical-pass rows, padded by 8 on each side
  private readonly tMu1: Float64Array;
  private readonly tMu2: Float64Array;
  private readonly tXX: Float64Array;
  private readonly tYY: Float64Array;
  private readonly tXY: Float64Array;
  // pyramid images (Q8) per scale 1..3
  private readonly pyrRef: Uint16Array[] = [];
  private readonly pyrDis: Uint16Array[] = [];
  private readonly sizes: [number, number][] = [];

  /** @param width,height luma size in pixels (≥ 16 each). */
  constructor(width: number, height: number) {
    const n = width + 16;
    this.tMu1 = new Float64Array(n);
    this.tMu2 = new Float64Array(n);
    this.tXX = new Float64Array(n);
    this.tYY = new Float64Array(n);
    this.tXY = new Float64Array(n);
    let w = width;
    let h = height;
    this.sizes.push([w, h]);
    for (let s = 1; s < 4; s++) {
      w = Math.floor(w / 2);
      h = Math.floor(h / 2);
      this.sizes.push([w, h]);
      this.pyrRef.push(new Uint16Array(w * h));
      this.pyrDis.push(new Uint16Array(w * h));
    }
  }

  /** ref/dis: 8-bit luma, stride = width. */
  compute(ref: Uint8Array, dis: Uint8Array): IntegerVifResult {
    const scores: number[] = [];
    const scoresEgl: number[] = [];
    let srcR: Uint8Array | Uint16Array = ref;
    let srcD: Uint8Array | Uint16Array = dis;
    for (let s = 0; s < 4; s++) {
      const [w, h] = this.sizes[s]!;
      if (s > 0) {
        const [pw, ph] = this.sizes[s - 1]!;
        this.decimate(srcR, srcD, pw, ph, s, this.pyrRef[s - 1]!, this.pyrDis[s - 1]!);
        srcR = this.pyrRef[s - 1]!;
        srcD = this.pyrDis[s - 1]!;
      }
      const r = this.statistic(srcR, srcD, w, h, s);
      scores.push(Math.fround(Math.fround(r.num) / Math.fround(r.den)));
      scoresEgl.push(Math.fround(Math.fround(r.numEgl) / Math.fround(r.den)));
    }
    return { scores, scoresEgl };
  }

  /**
   * Low-pass with the filter of scale `s` and keep even rows/columns (libvmaf subsample_rd_8 / _16).
   * Only even output rows and columns are computed (the others are discarded upstream).
   */
  private decimate(
    srcR: Uint8Array | Uint16Array, srcD: Uint8Array | Uint16Array,
    w: number, h: number, s: number, outR: Uint16Array, outD: Uint16Array,
  ): void {
    const f = FILTERS[s]!;
    const fw = f.length;
    const half = fw >> 1;
    const rows = reflectMap(h, half);
    const cols = reflectMap(w, half);
    const vr = this.tMu1;
    const vd = this.tMu2;
    const eightBit = s === 1; // scale-0 image is 8-bit: vertical (acc + 128) >> 8
    const ow = Math.floor(w / 2);
    const oh = Math.floor(h / 2);
    for (let oi = 0; oi < oh; oi++) {
      const i = 2 * oi;
      for (let j = 0; j < w; j++) {
        let ar = 0;
        let ad = 0;
        for (let k = 0; k < fw; k++) {
          const idx = rows[i + k]! * w + j;
          ar += f[k]! * srcR[idx]!;
          ad += f[k]! * srcD[idx]!;
        }
        if (eightBit) {
          vr[j + 8] = (ar + 128) >>> 8;
          vd[j + 8] = (ad + 128) >>> 8;
        } else {
          vr[j + 8] = ((ar + 32768) >>> 16) & 0xffff;
          vd[j + 8] = ((ad + 32768) >>> 16) & 0xffff;
        }
      }
      for (let oj = 0; oj < ow; oj++) {
        const j = 2 * oj;
        let ar = 0;
        let ad = 0;
        for (let k = 0; k < fw; k++) {
          const c = cols[j + k]! + 8;
          ar += f[k]! * vr[c]!;
          ad += f[k]! * vd[c]!;
        }
        outR[oi * ow + oj] = (ar + 32768) >>> 16;
        outD[oi * ow + oj] = (ad + 32768) >>> 16;
      }
    }
  }

  /** libvmaf vif_statistic_8 (s = 0) / vif_statistic_16 (s ≥ 1, 8-bit input) for both gain limits. */
  private statistic(
    ref: Uint8Array | Uint16Array, dis: Uint8Array | Uint16Array, w: number, h: number, s: number,
  ): { num: number; numEgl: number; den: number } {
    const f = FILTERS[s]!;
    const fw = f.length;
    const half = fw >> 1;
    const rows = reflectMap(h, half);
    const cols = reflectMap(w, half);
    const table = this.table;
    const tMu1 = this.tMu1;
    const tMu2 = this.tMu2;
    const tXX = this.tXX;
    const tYY = this.tYY;
    const tXY = this.tXY;
    const eps = 65536 * 1.0e-10;
    let numLog = 0;
    let numLogEgl = 0;
    let denLog = 0;
    let numNonLog = 0;
    let denNonLog = 0;
    for (let i = 0; i < h; i++) {
      // vertical pass
      for (let j = 0; j < w; j++) {
        let m1 = 0;
        let m2 = 0;
        let xx = 0;
        let yy = 0;
        let xy = 0;
        for (let k = 0; k < fw; k++) {
          const idx = rows[i + k]! * w + j;
          const r = ref[idx]!;
          const d = dis[idx]!;
          const fr = f[k]! * r;
          const fd = f[k]! * d;
          m1 += fr;
          m2 += fd;
          xx += fr * r;
          yy += fd * d;
          xy += fr * d;
        }
        if (s === 0) {
          tMu1[j + 8] = (m1 + 128) >>> 8;
          tMu2[j + 8] = (m2 + 128) >>> 8;
          tXX[j + 8] = xx;
          tYY[j + 8] = yy;
          tXY[j + 8] = xy;
        } else {
          tMu1[j + 8] = ((m1 + 32768) >>> 16) & 0xffff;
          tMu2[j + 8] = ((m2 + 32768) >>> 16) & 0xffff;
          tXX[j + 8] = Math.floor((xx + 32768) / 65536);
          tYY[j + 8] = Math.floor((yy + 32768) / 65536);
          tXY[j + 8] = Math.floor((xy + 32768) / 65536);
        }
      }
      // horizontal pass + statistics
      for (let j = 0; j < w; j++) {
        let m1 = 0;
        let m2 = 0;
        let xx = 0;
        let yy = 0;
        let xy = 0;
        for (let k = 0; k < fw; k++) {
          const c = cols[j + k]! + 8;
          const fk = f[k]!;
          m1 += fk * tMu1[c]!;
          m2 += fk * tMu2[c]!;
          xx += fk * tXX[c]!;
          yy += fk * tYY[c]!;
          xy += fk * tXY[c]!;
        }
        // all sums below are < 2^32 (8-bit input, Q16 taps), so the C uint32 casts never wrap
        const mu1sq = mulRound32(m1, m1);
        const mu2sq = mulRound32(m2, m2);
        const mu12 = mulRound32(m1, m2);
        const xxF = Math.floor((xx + 32768) / 65536);
        const yyF = Math.floor((yy + 32768) / 65536);
        const xyF = Math.floor((xy + 32768) / 65536);
        const sigma1 = (xxF - mu1sq) | 0;
        let sigma2 = (yyF - mu2sq) | 0;
        const sigma12 = (xyF - mu12) | 0;
        if (sigma2 < 0) sigma2 = 0;
        if (sigma1 >= SIGMA_NSQ) {
          denLog += log2From32(table, (SIGMA_NSQ + sigma1) >>> 0) - 2048 * 17;
          if (sigma12 > 0 && sigma2 > 0) {
            const g = sigma12 / (sigma1 + eps);
            let sv = Math.trunc(sigma2 - g * sigma12) | 0;
            if (sv < 0) sv = 0;
            const numer1 = sv + SIGMA_NSQ;
            const l1 = log2From64(table, numer1);
            const gl = g < 100 ? g : 100;
            numLog += log2From64(table, Math.trunc(gl * gl * sigma1) + numer1) - l1;
            const ge = g < 1 ? g : 1;
            numLogEgl += log2From64(table, Math.trunc(ge * ge * sigma1) + numer1) - l1;
          }
        } else {
          numNonLog += sigma2;
          denNonLog++;
        }
      }
    }
    const nonLog = denNonLog - numNonLog / 16384.0 / 65025.0;
    return {
      num: numLog / 2048.0 + nonLog,
      numEgl: numLogEgl / 2048.0 + nonLog,
      den: denLog / 2048.0 + denNonLog,
    };
  }
}
