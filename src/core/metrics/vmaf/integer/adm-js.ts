/**
 * The TypeScript reference backend of the integer ADM extractor (adm.ts): every per-sample pass of libvmaf's
 * integer_adm.c @ 332dde62 written once for all four levels, driven by the per-level constants of
 * adm-backend.ts (level 0 has int16 bands, levels 1–3 int32; the typed arrays' stores wrap exactly as C's casts
 * do). It is the twin the WebAssembly kernel (adm-wasm.ts, wasm/adm.ts) is tested against, bit for bit.
 *
 * Exactness: libvmaf multiplies 32-bit values into int64 and sums into 64-bit accumulators. Here products and
 * row sums run in float64 whenever they are provably below 2^52 (checked per term and per row); a row that could
 * leave that range is recomputed with the exact helpers of int64.ts. Shifts of such values are floor(x·2^−k).
 */
import { U64Acc, mulShiftFloor } from './int64.ts';
import { getDivTable, type AdmBackend, type AdmLevel } from './adm-backend.ts';

type Plane = Int16Array | Int32Array;
interface Bands {
  a: Plane;
  h: Plane;
  v: Plane;
  d: Plane;
}
type Hvd = [Plane, Plane, Plane];
/** The work planes of a level: decoupled restored/additive bands (gain limit 100; E: 1.0), csf and flt. */
interface Work {
  r: Hvd;
  a: Hvd;
  rE: Hvd;
  aE: Hvd;
  csf: Hvd;
  flt: Hvd;
}

const TWO52 = 2 ** 52;
/** 2^−k for k in [0, 63]: scaling by it is exact, so floor(x·2^−k) = x >> k for integers |x| < 2^53. */
const IP2 = new Float64Array(64).map((_, k) => 2 ** -k);
const F32 = Math.fround;
/** float32 cos²(1°), the decouple angle threshold */
export const COS1_SQ = F32(Math.cos((1.0 * Math.PI) / 180.0) * Math.cos((1.0 * Math.PI) / 180.0));

/** floor((a·b + add) / 2^s) exactly for integers |a|, |b| < 2^32, |add| ≤ 2^32, s ≤ 52 (fast path inline). */
function msf(a: number, b: number, add: number, s: number): number {
  const p = a * b;
  return p < TWO52 && p > -TWO52 ? Math.floor((p + add) * IP2[s]!) : mulShiftFloor(a, b, add, s);
}

export class JsAdm implements AdmBackend {
  readonly kind = 'js';
  private readonly levels: AdmLevel[];
  private readonly ref: Bands[];
  private readonly dis: Bands[];
  /** work planes: level 0 (int16) and levels 1–3 (int32, sized for level 1) */
  private readonly work0: Work;
  private readonly workS: Work;
  private readonly tmp16: Int16Array;
  private readonly tmp32: Int32Array;
  private readonly thr: Int32Array;
  private readonly div = getDivTable();
  private readonly inner = new U64Acc();
  private readonly outer = [new U64Acc(), new U64Acc(), new U64Acc()];

  constructor(levels: AdmLevel[]) {
    this.levels = levels;
    const bands = (L: AdmLevel): Bands => {
      const n = L.w * L.h;
      const p = () => (L.int16 ? new Int16Array(n) : new Int32Array(n));
      return { a: p(), h: p(), v: p(), d: p() };
    };
    this.ref = levels.map(bands);
    this.dis = levels.map(bands);
    const work = (n: number, int16: boolean): Work => {
      const hvd = (): Hvd => (int16 ? [new Int16Array(n), new Int16Array(n), new Int16Array(n)] : [new Int32Array(n), new Int32Array(n), new Int32Array(n)]);
      return { r: hvd(), a: hvd(), rE: hvd(), aE: hvd(), csf: hvd(), flt: hvd() };
    };
    this.work0 = work(levels[0]!.w * levels[0]!.h, true);
    this.workS = work(levels[1]!.w * levels[1]!.h, false);
    const width = levels[0]!.inW;
    this.tmp16 = new Int16Array(2 * width);
    this.tmp32 = new Int32Array(2 * width);
    this.thr = new Int32Array(levels[0]!.w);
  }

  private work(s: number): Work {
    return s === 0 ? this.work0 : this.workS;
  }

  dwt(s: number, ref: Uint8Array, dis: Uint8Array): void {
    const L = this.levels[s]!;
    this.dwtPlane(s === 0 ? ref : this.ref[s - 1]!.a, this.ref[s]!, L);
    this.dwtPlane(s === 0 ? dis : this.dis[s - 1]!.a, this.dis[s]!, L);
  }

  /**
   * db2 analysis of one plane (adm_dwt2_8 / adm_dwt2_s123_combined): taps ×2^15, low-pass [15826, 27411, 7345,
   * −4240], high-pass [−4240, −7345, 27411, −15826] (integer_adm.h). Vertical pass into a row of the level's
   * integer type, then the horizontal pass; the borders mirror through the index maps.
   */
  private dwtPlane(src: Uint8Array | Plane, out: Bands, L: AdmLevel): void {
    const { inW: w, w: bw, h: bh, indY, indX } = L;
    const { bias, addV, shV, addH, shH } = L.dwt;
    const invV = IP2[shV]!;
    const invH = IP2[shH]!;
    const tmp = L.int16 ? this.tmp16 : this.tmp32;
    const tlo = tmp.subarray(0, w);
    const thi = tmp.subarray(w, 2 * w);
    for (let i = 0; i < bh; i++) {
      const r0 = indY[i]! * w;
      const r1 = indY[bh + i]! * w;
      const r2 = indY[2 * bh + i]! * w;
      const r3 = indY[3 * bh + i]! * w;
      for (let j = 0; j < w; j++) {
        const u0 = src[r0 + j]! - bias;
        const u1 = src[r1 + j]! - bias;
        const u2 = src[r2 + j]! - bias;
        const u3 = src[r3 + j]! - bias;
        tlo[j] = Math.floor((15826 * u0 + 27411 * u1 + 7345 * u2 - 4240 * u3 + addV) * invV);
        thi[j] = Math.floor((-4240 * u0 - 7345 * u1 + 27411 * u2 - 15826 * u3 + addV) * invV);
      }
      const o = i * bw;
      for (let j = 0; j < bw; j++) {
        // interior columns (1 ≤ j, 2j + 2 < w) read 2j − 1 .. 2j + 2 directly; the borders use the index map
        const inner = j > 0 && 2 * j + 2 < w;
        const j0 = inner ? 2 * j - 1 : indX[j]!;
        const j1 = inner ? 2 * j : indX[bw + j]!;
        const j2 = inner ? 2 * j + 1 : indX[2 * bw + j]!;
        const j3 = inner ? 2 * j + 2 : indX[3 * bw + j]!;
        dwtTaps(tlo, j0, j1, j2, j3, out.a, out.v, o + j, addH, invH);
        dwtTaps(thi, j0, j1, j2, j3, out.h, out.d, o + j, addH, invH);
      }
    }
  }

  /** adm_csf_den_scale / adm_csf_den_s123: the reference-band cube sum of band b over the pooling window. */
  denSum(s: number, b: number): number {
    const L = this.levels[s]!;
    const { sqAdd, sqShift, cubAdd, cubShift, rowAdd, rowShift } = L.den;
    const { left, top, right, bottom } = L.pool;
    const B = this.ref[s]!;
    const src = [B.h, B.v, B.d][b]!;
    const w = L.w;
    const inner = this.inner;
    const outer = this.outer[0]!;
    outer.reset();
    for (let i = top; i < bottom; i++) {
      const o = i * w;
      // float64 row first: exact while every term q·x and the (non-negative) row sum stay below 2^52
      let acc = 0;
      let ok = true;
      for (let j = o + left, end = o + right; j < end; j++) {
        const v = src[j]!;
        const x = v < 0 ? -v : v;
        const t = msf(x, x, sqAdd, sqShift) * x;
        if (t >= TWO52) {
          ok = false;
          break;
        }
        acc += Math.floor((t + cubAdd) * IP2[cubShift]!);
      }
      if (ok && acc < TWO52) {
        outer.add(Math.floor((acc + rowAdd) * IP2[rowShift]!));
        continue;
      }
      inner.reset();
      for (let j = o + left, end = o + right; j < end; j++) {
        const v = src[j]!;
        const x = v < 0 ? -v : v;
        if (x !== 0) inner.addProductShift(mulShiftFloor(x, x, sqAdd, sqShift), x, cubAdd, cubShift);
      }
      outer.addShifted(inner, rowAdd, rowShift);
    }
    return outer.toDouble();
  }

  /**
   * adm_decouple / adm_decouple_s123: per sample the Q15 ratio k = clamp(t/o) through the 2^30/i table, the
   * restored band k·o, the float angle test between (o_h, o_v) and (t_h, t_v) and, where it passes, the
   * enhancement clamp of the gain limit (100, and 1.0 into the E planes when withEgl); additive = t − restored.
   */
  decouple(s: number, withEgl: boolean): void {
    const L = this.levels[s]!;
    const { left, top, right, bottom } = L.outer;
    const w = L.w;
    const R = this.ref[s]!;
    const D = this.dis[s]!;
    const W = this.work(s);
    const div = this.div;
    const o3 = [R.h, R.v, R.d];
    const t3 = [D.h, D.v, D.d];
    for (let i = top; i < bottom; i++) {
      for (let j = left + i * w, end = right + i * w; j < end; j++) {
        const oh = R.h[j]!;
        const ov = R.v[j]!;
        const th = D.h[j]!;
        const tv = D.v[j]!;
        const angle = angleFlag(oh * th + ov * tv, oh * oh + ov * ov, th * th + tv * tv);
        for (let b = 0; b < 3; b++) {
          const o = o3[b]![j]!;
          const t = t3[b]![j]!;
          const k = clampK(ratio(div, o, t));
          const rst = Math.floor((k * o + 16384) * (1 / 32768));
          if (withEgl) {
            const e = angle ? enhance(rst, k, o, t, 1.0) : rst;
            W.rE[b]![j] = e;
            W.aE[b]![j] = t - e;
          }
          const g = angle ? enhance(rst, k, o, t, 100.0) : rst;
          W.r[b]![j] = g;
          W.a[b]![j] = t - g;
        }
      }
    }
  }

  /** adm_csf / i4_adm_csf: fixed-point CSF weights of the additive bands and their 1/30-scaled magnitudes. */
  csf(s: number, egl: boolean): void {
    const L = this.levels[s]!;
    const { left, top, right, bottom } = L.outer;
    const { f, add, shift, fltMul, fltAdd, fltShift } = L.csf;
    const w = L.w;
    const W = this.work(s);
    for (let b = 0; b < 3; b++) {
      const src = (egl ? W.aE : W.a)[b]!;
      const dst = W.csf[b]!;
      const flt = W.flt[b]!;
      for (let i = top; i < bottom; i++) {
        for (let j = left + i * w, end = right + i * w; j < end; j++) {
          dst[j] = msf(src[j]!, f[b]!, add[b]!, shift[b]!);
          const v = dst[j]!; // as stored (int16 at level 0)
          flt[j] = msf(v < 0 ? -v : v, fltMul, fltAdd, fltShift);
        }
      }
    }
  }

  /**
   * adm_cm / i4_adm_cm: contrast-masked cube sums of the restored bands (h, v, d) over the pooling window. The
   * threshold of each sample is the 3×3 sum of flt over the three bands with each centre replaced by its
   * csf-derived term (top/left reflect, bottom/right repeat).
   */
  cmSums(s: number, egl: boolean): [number, number, number] {
    const L = this.levels[s]!;
    const w = L.w;
    const { left: c0, top: r0, right: c1, bottom: r1 } = L.cm;
    const p = L.cmp;
    const W = this.work(s);
    const src = egl ? W.rE : W.r;
    const innerAdd = p.innerShift > 0 ? 2 ** (p.innerShift - 1) : 0;
    const outer = this.outer;
    for (let b = 0; b < 3; b++) outer[b]!.reset();
    for (let i = r0; i < r1; i++) {
      this.thresholds(L, W, i, c0, c1);
      for (let b = 0; b < 3; b++) {
        const acc = this.cmRowFast(src[b]!, L, b, i * w, c0, c1);
        if (acc >= 0) outer[b]!.add(Math.floor((acc + innerAdd) * IP2[p.innerShift]!));
        else {
          this.cmRowExact(src[b]!, L, b, i * w, c0, c1);
          outer[b]!.addShifted(this.inner, innerAdd, p.innerShift);
        }
      }
    }
    const sum = (b: number) => (p.sumF32 ? outer[b]!.toFloat32() : outer[b]!.toDouble());
    return [sum(0), sum(1), sum(2)];
  }

  /**
   * The cm thresholds of row i into this.thr. Each band's 9-term group is below 2^31 in magnitude (int16 terms
   * at level 0; flt = (|v|·⌊2^32/30⌋ − 2^31) >> 32 in [−1, 2^31/30) at levels 1–3), so the int32 sums of C never
   * wrap and the exact integer sum, cast to int32 once, is the same.
   */
  private thresholds(L: AdmLevel, W: Work, i: number, c0: number, c1: number): void {
    const { w, h } = L;
    const p = L.cmp;
    const [fh, fv, fd] = W.flt;
    const up = (i === 0 ? 1 : i - 1) * w;
    const mid = i * w;
    const dn = (i === h - 1 ? h - 1 : i + 1) * w;
    const thr = this.thr;
    for (let j = c0; j < c1; j++) {
      const jl = j === 0 ? 1 : j - 1;
      const jr = j === w - 1 ? w - 1 : j + 1;
      let t = 0;
      for (let b = 0; b < 3; b++) {
        const f = b === 0 ? fh : b === 1 ? fv : fd;
        const c = W.csf[b]![mid + j]!;
        let centre = msf(c < 0 ? -c : c, p.centreMul, p.centreAdd, p.centreShift) | 0;
        if (L.int16) centre = (centre << 16) >> 16;
        t += f[up + jl]! + f[up + j]! + f[up + jr]! + f[mid + jl]! + centre + f[mid + jr]! + f[dn + jl]! + f[dn + j]! + f[dn + jr]!;
      }
      thr[j] = t | 0;
    }
  }

  /** x of the cm cube term: |restored · irf >> xShift| − (thr << thrShift), with C's int32 wrap-around. */
  private static x(r: number, thr: number, p: AdmLevel['cmp'], b: number): number {
    const xr = msf(r, p.irf[b]!, p.xAdd, p.xShift) | 0;
    return ((xr < 0 ? -xr : xr) - (thr << p.thrShift[b]!)) | 0;
  }

  /**
   * One cm row of band b in float64: Σ ((int32)((x² + sqAdd) >> sqShift)·x + 2^(cub−1)) >> cub over x > 0, or −1
   * when a term or the sum is not provably exact (x² ≥ 2^52 with a wrapped or ≥ 2^52 cube, or a sum ≥ 2^52).
   */
  private cmRowFast(src: Plane, L: AdmLevel, b: number, mid: number, c0: number, c1: number): number {
    const p = L.cmp;
    const sqAdd = p.sqAdd[b]!;
    const invSq = IP2[p.sqShift[b]!]!;
    const cub = p.cubShift[b]!;
    const cubAdd = cub > 0 ? 2 ** (cub - 1) : 0;
    const invCub = IP2[cub]!;
    const thr = this.thr;
    let acc = 0;
    for (let j = c0; j < c1; j++) {
      const x = JsAdm.x(src[mid + j]!, thr[j]!, p, b);
      if (x <= 0) continue;
      const sq = x * x;
      if (sq >= TWO52) return -1;
      const q = Math.floor((sq + sqAdd) * invSq) * x;
      if (q >= TWO52) return -1;
      acc += Math.floor((q + cubAdd) * invCub);
    }
    return acc < TWO52 ? acc : -1;
  }

  /** The same row with the exact 64-bit helpers, into this.inner. */
  private cmRowExact(src: Plane, L: AdmLevel, b: number, mid: number, c0: number, c1: number): void {
    const p = L.cmp;
    const cub = p.cubShift[b]!;
    const cubAdd = cub > 0 ? 2 ** (cub - 1) : 0;
    const inner = this.inner;
    inner.reset();
    for (let j = c0; j < c1; j++) {
      const x = JsAdm.x(src[mid + j]!, this.thr[j]!, p, b);
      if (x <= 0) continue;
      const xsq = mulShiftFloor(x, x, p.sqAdd[b]!, p.sqShift[b]!) | 0;
      inner.addProductShift(xsq, x, cubAdd, cub);
    }
  }
}

/** The low- and high-pass taps over t[j0..j3] into lo[at] and hi[at]: (Σ + add) >> shift. */
function dwtTaps(t: Plane, j0: number, j1: number, j2: number, j3: number, lo: Plane, hi: Plane, at: number, add: number, inv: number): void {
  const s0 = t[j0]!;
  const s1 = t[j1]!;
  const s2 = t[j2]!;
  const s3 = t[j3]!;
  lo[at] = Math.floor((15826 * s0 + 27411 * s1 + 7345 * s2 - 4240 * s3 + add) * inv);
  hi[at] = Math.floor((-4240 * s0 - 7345 * s1 + 27411 * s2 - 15826 * s3 + add) * inv);
}

function clampK(k: number): number {
  return k < 0 ? 0 : k > 32768 ? 32768 : k;
}

/**
 * The Q15 ratio t/o via the reciprocal table on the top 15 bits of |o| (adm_decouple_s123; for int16 o it is
 * adm_decouple's plain lookup, o = −32768 included). div[m + 32768] = −div[32768 − m], so div[±m + 32768]
 * already carries the sign of o. |div·t| < 2^61 may round in float64, but only when |div·t| ≥ 2^53, i.e. when
 * the quotient is ≥ 2^53 / 2^31 = 2^22 in magnitude — the rounded product keeps its sign and magnitude, and
 * the caller clamps it to [0, 32768] either way.
 */
function ratio(div: Int32Array, o: number, t: number): number {
  if (o === 0) return 32768;
  if (o > -32768 && o < 32768) return Math.floor((div[o + 32768]! * t + 16384) * (1 / 32768));
  const ao = o < 0 ? -o : o;
  const shift = 17 - Math.clz32(ao);
  const m = Math.floor((ao + 2 ** (shift - 1)) * IP2[shift]!);
  const d = o < 0 ? div[32768 - m]! : div[32768 + m]!;
  return Math.floor((d * t + 2 ** (14 + shift)) * IP2[15 + shift]!);
}

/** Angle test of libvmaf's decouple: int64 products → float32 → /4096 in double, cos²(1°) as float32. */
function angleFlag(otDp: number, oMag: number, tMag: number): boolean {
  const a = F32(otDp) / 4096.0;
  if (!(a >= 0)) return false;
  return a * a >= COS1_SQ * (F32(oMag) / 4096.0) * (F32(tMag) / 4096.0);
}

/** Enhancement-gain step of the decouple (only called when the angle test passed). */
function enhance(rst: number, k: number, o: number, t: number, egl: number): number {
  if (k > 0 && o > 0) {
    const v = rst * egl;
    return Math.trunc(v < t ? v : t);
  }
  if (k > 0 && o < 0) {
    const v = rst * egl;
    return Math.trunc(v > t ? v : t);
  }
  return rst;
}
