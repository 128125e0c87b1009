/**
 * VIF at four scales with libvmaf's INTEGER rounding of the moments and the FLOAT statistic: the CPU twin of the
 * `integerRounding` mode of src/gpu/kernels/vif.wgsl. libvmaf evaluates vmaf_v0.6.1 / neg / 4k on its integer
 * VIF (Netflix/vmaf libvmaf/src/feature/integer_vif.c @ 332dde62838d), whose rounding points are: Q16 Gaussian
 * taps; the vertical-pass mean rounded to Q8 pixels (`(Σf·p + 2^7) >> 8` at scale 0, `(Σf·p + 2^15) >> 16` on
 * the Q8 pyramid); second moments of UNCENTRED pixels, rounded to Q16 pixel² after each pass (scale 0: after
 * the horizontal pass only); μ² and μ1μ2 as `(m·m + 2^31) >> 32`; a Q8 decimation pyramid; reflect-101 borders
 * on all four sides. Every one of those integers is below 2^53 (and, split into 16-bit halves, below 2^32, which
 * is how the WGSL kernel computes them exactly in u32), so here they are exact doubles: σ1², σ2², σ12 equal
 * libvmaf's int32 values bit for bit. Only the per-pixel statistic differs from integer_vif.c: it is the float
 * extractor's formula (vif_tools.c `vif_statistic_s`, metrics.md §1.1) on σ/65536 with exact log2, instead of
 * the round(log2·2048) table, which moves a feature by ≤ ~1e-5 (src/core/metrics/vmaf/diagnostics/egl-gap.ts:
 * "float formula on INTEGER moments"; measured against libvmaf's integer features in vif-intlike.test.ts).
 * Both gain limits (100 and the NEG 1.0) are computed in one pass.
 */
import type { VifSums } from './vif.ts';

/** Q16 filter taps per scale (sum 65536), libvmaf integer_vif.h `vif_filter1d_table` @ 332dde62838d. */
export const VIF_INT_TAPS: readonly (readonly number[])[] = [
  [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489],
  [1244, 3663, 7925, 12590, 14692, 12590, 7925, 3663, 1244],
  [3571, 16004, 26386, 16004, 3571],
  [10904, 43728, 10904],
];

const SIGMA_NSQ = 2.0;
const SIGMA_MAX_INV = 4.0 / (255.0 * 255.0);
const EPS = 1e-10;
const Q16 = 65536;

/** reflect-101: i < 0 → −i, i ≥ n → 2(n − 1) − i (libvmaf integer_vif.c, all four borders). */
function reflect101(i: number, n: number): number {
  if (i < 0) return -i;
  if (i >= n) return 2 * (n - 1) - i;
  return i;
}

/** floor((a·b + 2^31) / 2^32) exactly, a, b integers in [0, 2^32) (a 16-bit split keeps products < 2^53). */
function mulRound32(a: number, b: number): number {
  const bh = Math.floor(b / Q16);
  const bl = b - bh * Q16;
  return Math.floor((a * bh + Math.floor((a * bl + 2147483648) / Q16)) / Q16);
}

/** Float VIF statistic of one pixel (pixel² moments); adds into acc = [num (limit 100), den, num (limit 1)]. */
function statistic(s1in: number, s2in: number, s12: number, acc: Float64Array): void {
  const s1 = s1in > 0 ? s1in : 0;
  const s2 = s2in > 0 ? s2in : 0;
  if (s1 < SIGMA_NSQ) {
    const v = 1 - s2 * SIGMA_MAX_INV;
    acc[0]! += v;
    acc[1]! += 1;
    acc[2]! += v;
    return;
  }
  let g = s12 / (s1 + EPS);
  let sv = s2 - g * s12;
  if (s2 < EPS) {
    g = 0;
    sv = 0;
  }
  if (g < 0) {
    sv = s2;
    g = 0;
  }
  if (sv < EPS) sv = EPS;
  acc[1]! += Math.log2(1 + s1 / SIGMA_NSQ);
  if (s12 >= 0) {
    const gl = g < 100 ? g : 100;
    const ge = g < 1 ? g : 1;
    acc[0]! += Math.log2(1 + (gl * gl * s1) / (sv + SIGMA_NSQ));
    acc[2]! += Math.log2(1 + (ge * ge * s1) / (sv + SIGMA_NSQ));
  }
}

/**
 * Integer-rounding VIF for a fixed frame size (all buffers allocated once). Same output shape as `VifComputer`
 * (src/core/metrics/vmaf/vif.ts): per-scale sums, vif_scale_s = num[s] / den[s], `_egl_1` = numEgl[s] / den[s].
 */
export class IntlikeVifComputer {
  private readonly sizes: [number, number][] = [];
  private readonly pyrRef: Float64Array[] = [];
  private readonly pyrDis: Float64Array[] = [];
  // vertical-pass planes (w x h of scale 0 at most): mu1, mu2 (Q8), xx, yy, xy
  private readonly vert: Float64Array[];
  readonly sums: VifSums = { num: new Float64Array(4), den: new Float64Array(4), numEgl: new Float64Array(4) };

  /**
   * @param width luma width in pixels (≥ 16)
   * @param height luma height in pixels (≥ 16)
   */
  constructor(width: number, height: number) {
    let w = width;
    let h = height;
    this.sizes.push([w, h]);
    for (let s = 1; s < 4; s++) {
      w >>= 1;
      h >>= 1;
      this.sizes.push([w, h]);
      this.pyrRef.push(new Float64Array(w * h));
      this.pyrDis.push(new Float64Array(w * h));
    }
    this.vert = [0, 1, 2, 3, 4].map(() => new Float64Array(width * height));
  }

  /**
   * Per-scale num/den (both gain limits) of one frame pair. ref/dis: 8-bit luma, stride = width, values 0–255
   * (uncentred). Results are left in `this.sums` (overwritten on every call).
   */
  compute(ref: Uint8Array, dis: Uint8Array): VifSums {
    let srcR: ArrayLike<number> = ref;
    let srcD: ArrayLike<number> = dis;
    for (let s = 0; s < 4; s++) {
      if (s > 0) {
        const [pw, ph] = this.sizes[s - 1]!;
        this.decimate(srcR, pw, ph, s, this.pyrRef[s - 1]!);
        this.decimate(srcD, pw, ph, s, this.pyrDis[s - 1]!);
        srcR = this.pyrRef[s - 1]!;
        srcD = this.pyrDis[s - 1]!;
      }
      const [w, h] = this.sizes[s]!;
      const acc = this.scale(srcR, srcD, w, h, s);
      this.sums.num[s] = acc[0]!;
      this.sums.den[s] = acc[1]!;
      this.sums.numEgl[s] = acc[2]!;
    }
    return this.sums;
  }

  /** Low-pass with the taps of scale s, keep even rows/columns, Q8 result (libvmaf subsample_rd_8 / _16). */
  private decimate(src: ArrayLike<number>, w: number, h: number, s: number, out: Float64Array): void {
    const f = VIF_INT_TAPS[s]!;
    const n = f.length;
    const r = n >> 1;
    const ow = w >> 1;
    const oh = h >> 1;
    const tmp = this.vert[0]!;
    for (let oi = 0; oi < oh; oi++) {
      for (let j = 0; j < w; j++) {
        let a = 0;
        for (let k = 0; k < n; k++) a += f[k]! * src[reflect101(2 * oi - r + k, h) * w + j]!;
        // scale-0 source is 8-bit: (a + 2^7) >> 8; a Q8 source: ((a + 2^15) >> 16) & 0xffff
        tmp[j] = s === 1 ? Math.floor((a + 128) / 256) : Math.floor((a + 32768) / Q16) % Q16;
      }
      for (let oj = 0; oj < ow; oj++) {
        let a = 0;
        for (let k = 0; k < n; k++) a += f[k]! * tmp[reflect101(2 * oj - r + k, w)]!;
        out[oi * ow + oj] = Math.floor((a + 32768) / Q16);
      }
    }
  }

  /** Moments with integer rounding + float statistic over one scale; returns [num, den, numEgl]. */
  private scale(ref: ArrayLike<number>, dis: ArrayLike<number>, w: number, h: number, s: number): Float64Array {
    const f = VIF_INT_TAPS[s]!;
    const n = f.length;
    const r = n >> 1;
    const vert = this.vert;
    // the five moments of a pixel (mu1, mu2, xx, yy, xy): exact integers, so the order of the sums does not matter
    const m = new Float64Array(5);
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        m.fill(0);
        for (let k = 0; k < n; k++) {
          const idx = reflect101(i - r + k, h) * w + j;
          const a = ref[idx]!;
          const b = dis[idx]!;
          const fa = f[k]! * a;
          const fb = f[k]! * b;
          m[0] += fa;
          m[1] += fb;
          m[2] += fa * a;
          m[3] += fb * b;
          m[4] += fa * b;
        }
        const p = i * w + j;
        for (let q = 0; q < 5; q++) {
          const v = m[q]!;
          if (q < 2) vert[q]![p] = s === 0 ? Math.floor((v + 128) / 256) : Math.floor((v + 32768) / Q16) % Q16;
          else vert[q]![p] = s === 0 ? v : Math.floor((v + 32768) / Q16);
        }
      }
    }
    const acc = new Float64Array(3);
    for (let i = 0; i < h; i++) {
      const row = i * w;
      for (let j = 0; j < w; j++) {
        for (let q = 0; q < 5; q++) {
          const plane = vert[q]!;
          let v = 0;
          for (let k = 0; k < n; k++) v += f[k]! * plane[row + reflect101(j - r + k, w)]!;
          m[q] = v;
        }
        const [m1, m2, xx, yy, xy] = m;
        // int32 Q16 pixel² as libvmaf (uint32 difference cast to int32); /65536 → pixel²
        const s1 = (Math.floor((xx + 32768) / Q16) - mulRound32(m1, m1)) | 0;
        const s2 = (Math.floor((yy + 32768) / Q16) - mulRound32(m2, m2)) | 0;
        const s12 = (Math.floor((xy + 32768) / Q16) - mulRound32(m1, m2)) | 0;
        statistic(s1 / Q16, s2 / Q16, s12 / Q16, acc);
      }
    }
    return acc;
  }
}
