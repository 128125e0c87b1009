/**
 * Bit-exact TypeScript port of libvmaf's fixed-point ADM extractor for 8-bit luma (`integer_adm`, feature adm2
 * and, with adm_enhn_gain_limit = 1.0, `adm2_egl_1` for vmaf_v0.6.1neg), after Netflix/vmaf
 * libvmaf/src/feature/integer_adm.c and integer_adm.h @ 332dde62838d (v3.0.0-124, pinned by Vidaio).
 *
 * Per level: db2 DWT with taps ×2^15 (level 0 in int16 with the −128 offset folded into the vertical pass,
 * levels 1–3 in int32 with per-level rounding shifts), decoupling with the 2^30/i reciprocal table and the
 * float angle test, integer CSF weights, 3×3 contrast masking (top/left reflect-101, bottom/right edge
 * repeated), per-row rounded cube sums and the float32 cube roots of the pinned code. Rounding constants that
 * look odd are reproduced on purpose (e.g. the levels 1–3 `(int32)(1u << 31)` offset, which subtracts 2^31).
 * The default viewing condition (3 H at 1080 px) is assumed, as in the default models.
 *
 * Speed without losing exactness: the 64-bit products and sums run in float64 whenever they are provably below
 * 2^52 (checked per term: the cube and denominator sums are accumulated per row in float64 and a row whose terms
 * or sum could leave that range is recomputed with the exact helpers of int64.ts); shifts of such values are
 * Math.floor(x·2^−k); one decouple pass serves both gain limits (they differ only in the enhancement clamp);
 * the 3×3 masking sums use per-row column sums (exact integer regrouping, no int32 wrap possible, see cmSRow).
 */
import { U64Acc, mulShiftFloor } from './int64.ts';
import { instantiateKernel } from '../../../wasm/load.ts';
import { ADM_WASM } from '../../../wasm/adm.wasm.ts';

// db2 analysis taps ×2^15 (integer_adm.h): low-pass [15826, 27411, 7345, −4240], high-pass [−4240, −7345, 27411, −15826],
// written out as literals in the DWT loops
const LO_SUM = 46342;
const TWO32 = 4294967296;
/** 2^k and 2^−k for k in [0, 63]: scaling by them is exact, so floor(x·2^−k) = x >> k for integers |x| < 2^53. */
const P2 = new Float64Array(64).map((_, k) => 2 ** k);
const IP2 = new Float64Array(64).map((_, k) => 2 ** -k);
const TWO52 = 2 ** 52;

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
function rfactors(lambda: number): [number, number, number] {
  const q1 = quantStep(lambda, 1);
  const q2 = quantStep(lambda, 2);
  return [F32(1 / q1), F32(1 / q1), F32(1 / q2)];
}

const ONE_THIRD = F32(1 / 3);
/** glibc powf(x, 1/3) on a float32 argument (float64 pow rounded to float32). */
function cbrtf(x: number): number {
  return F32(Math.pow(F32(x), ONE_THIRD));
}

const COS1_SQ = F32(Math.cos((1.0 * Math.PI) / 180.0) * Math.cos((1.0 * Math.PI) / 180.0));

let divTable: Int32Array | null = null;
/** libvmaf div_lookup: index 32768 ± i holds ±floor(2^30 / i), i in 1..32768. */
function getDivTable(): Int32Array {
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
function innerBox(w: number, h: number): { left: number; top: number; right: number; bottom: number } {
  const left = Math.trunc(w * 0.1 - 0.5);
  const top = Math.trunc(h * 0.1 - 0.5);
  return { left, top, right: w - left, bottom: h - top };
}

/** Region evaluated by decouple/csf: one sample (and the filter taps) beyond the pooling window. */
function outerBox(w: number, h: number): { left: number; top: number; right: number; bottom: number } {
  let left = Math.trunc(w * 0.1 - 0.5 - 1);
  let top = Math.trunc(h * 0.1 - 0.5 - 1);
  let right = w - left + 2;
  let bottom = h - top + 2;
  if (left < 0) left = 0;
  if (right > w) right = w;
  if (top < 0) top = 0;
  if (bottom > h) bottom = h;
  return { left, top, right, bottom };
}

type Bands16 = { a: Int16Array; h: Int16Array; v: Int16Array; d: Int16Array };
type Bands32 = { a: Int32Array; h: Int32Array; v: Int32Array; d: Int32Array };
type Hvd<T> = [T, T, T];

interface Level {
  w: number; // band size of this level
  h: number;
  inW: number; // input size of this level
  inH: number;
  indY: Int32Array;
  indX: Int32Array;
}

/** adm2 for the default gain limit (100) and, when requested, for the NEG limit (1.0). */
export interface IntegerAdmResult {
  adm2: number;
  adm2Egl: number;
}

/** Integer ADM on 8-bit luma planes of a fixed size (width, height > 32, as libvmaf requires). */
export class IntegerAdmComputer {
  private readonly w: number;
  private readonly h: number;
  private readonly levels: Level[] = [];
  private readonly ref0: Bands16;
  private readonly dis0: Bands16;
  private r0: Hvd<Int16Array>;
  private a0: Hvd<Int16Array>;
  /** decouple output for the NEG gain limit (swapped with r0/a0 while its csf/cm run) */
  private r0E: Hvd<Int16Array>;
  private a0E: Hvd<Int16Array>;
  private readonly csfA0: Hvd<Int16Array>;
  private readonly flt0: Hvd<Int16Array>;
  private readonly refS: Bands32[] = [];
  private readonly disS: Bands32[] = [];
  private rS: Hvd<Int32Array>;
  private aS: Hvd<Int32Array>;
  private rSE: Hvd<Int32Array>;
  private aSE: Hvd<Int32Array>;
  private readonly csfAS: Hvd<Int32Array>;
  private readonly fltS: Hvd<Int32Array>;
  private readonly tmp: Float64Array;
  private readonly div = getDivTable();
  private readonly rf: [number, number, number][] = [0, 1, 2, 3].map(rfactors);
  private readonly accInner = [new U64Acc(), new U64Acc(), new U64Acc()];
  private readonly accOuter = [new U64Acc(), new U64Acc(), new U64Acc()];
  private readonly rowAcc = new Float64Array(3);
  private readonly colSum: Float64Array;

  /** The WebAssembly SIMD twin of the per-sample passes (wasm/adm.ts), or null when everything runs in TypeScript. */
  private readonly wasm: WasmAdm | null;
  /** Which implementation computes the per-sample passes: 'wasm' (the default where available) or 'js'. */
  readonly backend: 'wasm' | 'js';

  /**
   * @param width,height luma size in pixels (> 32 each)
   * @param options.backend 'auto' (default: WebAssembly SIMD where the engine has it), 'js' or 'wasm'
   *   (throws where WebAssembly SIMD is missing). Both give identical results.
   */
  constructor(width: number, height: number, options?: { backend?: 'auto' | 'js' | 'wasm' }) {
    if (width <= 32 || height <= 32) throw new Error(`IntegerAdmComputer: ${width}x${height} must exceed 32x32`);
    this.w = width;
    this.h = height;
    let w = width;
    let h = height;
    for (let s = 0; s < 4; s++) {
      const bw = (w + 1) >> 1;
      const bh = (h + 1) >> 1;
      this.levels.push({ w: bw, h: bh, inW: w, inH: h, indY: dwtIndices(h), indX: dwtIndices(w) });
      w = bw;
      h = bh;
    }
    const n0 = this.levels[0]!.w * this.levels[0]!.h;
    const want = options?.backend ?? 'auto';
    this.wasm = want === 'js' ? null : WasmAdm.create(width, height, this.levels, getDivTable());
    if (want === 'wasm' && !this.wasm) throw new Error('IntegerAdmComputer: WebAssembly SIMD is not available here (or PREFLIGHT_WASM=0)');
    this.backend = this.wasm ? 'wasm' : 'js';
    // Level-0 planes: views of the kernel's memory when it runs level 0 (levels 1–3 read the `a` bands from there).
    let next = 0;
    const plane = (): Int16Array => (this.wasm ? this.wasm.plane(next++) : new Int16Array(n0));
    const b16 = (): Bands16 => ({ a: plane(), h: plane(), v: plane(), d: plane() });
    const hvd16 = (): Hvd<Int16Array> => [plane(), plane(), plane()];
    this.ref0 = b16();
    this.dis0 = b16();
    this.r0 = hvd16();
    this.a0 = hvd16();
    this.r0E = hvd16();
    this.a0E = hvd16();
    this.csfA0 = hvd16();
    this.flt0 = hvd16();
    // The TypeScript levels 1–3 need their own planes only when the kernel does not run them.
    const n1 = this.wasm ? 0 : this.levels[1]!.w * this.levels[1]!.h;
    const hvd32 = (): Hvd<Int32Array> => [new Int32Array(n1), new Int32Array(n1), new Int32Array(n1)];
    for (let s = 1; s < 4; s++) {
      const n = this.wasm ? 0 : this.levels[s]!.w * this.levels[s]!.h;
      const b32 = (): Bands32 => ({ a: new Int32Array(n), h: new Int32Array(n), v: new Int32Array(n), d: new Int32Array(n) });
      this.refS.push(b32());
      this.disS.push(b32());
    }
    this.rS = hvd32();
    this.aS = hvd32();
    this.rSE = hvd32();
    this.aSE = hvd32();
    this.csfAS = hvd32();
    this.fltS = hvd32();
    this.tmp = new Float64Array(2 * width);
    this.colSum = new Float64Array(this.levels[0]!.w);
  }

  /**
   * ref/dis: 8-bit luma, stride = width. Returns adm2 (gain limit 100) and, if `withEgl`, adm2_egl_1
   * (gain limit 1.0; otherwise NaN).
   */
  compute(ref: Uint8Array, dis: Uint8Array, withEgl: boolean): IntegerAdmResult {
    const num = [0, 0];
    let den = 0;
    for (let s = 0; s < 4; s++) {
      const L = this.levels[s]!;
      let denScale: number;
      if (s === 0) {
        if (this.wasm) this.wasm.dwt(ref, dis);
        else {
          this.dwt8(ref, this.ref0, L);
          this.dwt8(dis, this.dis0, L);
        }
        denScale = this.den0(L);
      } else {
        if (this.wasm) {
          this.wasm.x.dwtS(s, 0);
          this.wasm.x.dwtS(s, 1);
        } else {
          const prevRef = s === 1 ? this.ref0.a : this.refS[s - 2]!.a;
          const prevDis = s === 1 ? this.dis0.a : this.disS[s - 2]!.a;
          this.dwtS(prevRef, this.refS[s - 1]!, L, s);
          this.dwtS(prevDis, this.disS[s - 1]!, L, s);
        }
        denScale = this.denS(L, s);
      }
      den += denScale;
      // one decouple pass serves both gain limits (they differ only in the enhancement clamp)
      if (s === 0) {
        if (this.wasm) {
          const { left, top, right, bottom } = outerBox(L.w, L.h);
          this.wasm.x.decouple0(left, top, right, bottom, withEgl ? 1 : 0, COS1_SQ);
        } else this.decouple0(L, withEgl);
      } else if (this.wasm) {
        const { left, top, right, bottom } = outerBox(L.w, L.h);
        this.wasm.x.decoupleS(s, left, top, right, bottom, withEgl ? 1 : 0, COS1_SQ);
      } else this.decoupleS(L, s, withEgl);
      for (let e = 0; e < (withEgl ? 2 : 1); e++) {
        if (e === 1) this.swapEgl();
        let numScale: number;
        if (s === 0) {
          if (this.wasm) {
            const { left, top, right, bottom } = outerBox(L.w, L.h);
            this.wasm.x.csf0(e, left, top, right, bottom);
          } else this.csf0(L);
          numScale = this.cm0(L, e);
        } else {
          if (this.wasm) {
            const { left, top, right, bottom } = outerBox(L.w, L.h);
            const rf = this.rf[s]!;
            const f = (b: number) => BigInt(Math.floor(rf[b]! * TWO32));
            this.wasm.x.csfS(s, e, left, top, right, bottom, f(0), f(1), f(2));
          } else this.csfS(L, s);
          numScale = this.cmS(L, s, e);
        }
        if (e === 1) this.swapEgl();
        num[e] += numScale;
      }
    }
    const limit = (1e-10 * (this.w * this.h)) / (1920.0 * 1080.0);
    const score = (n: number): number => {
      const nn = n < limit ? 0 : n;
      const dd = den < limit ? 0 : den;
      return dd === 0 ? 1.0 : nn / dd;
    };
    return { adm2: score(num[0]!), adm2Egl: withEgl ? score(num[1]!) : NaN };
  }

  /** Exchange the default and NEG decouple outputs. */
  private swapEgl(): void {
    [this.r0, this.r0E] = [this.r0E, this.r0];
    [this.a0, this.a0E] = [this.a0E, this.a0];
    [this.rS, this.rSE] = [this.rSE, this.rS];
    [this.aS, this.aSE] = [this.aSE, this.aS];
  }

  /** Level-0 DWT of an 8-bit plane into int16 bands (adm_dwt2_8). */
  private dwt8(src: Uint8Array, out: Bands16, L: Level): void {
    const { inW: w, w: bw, h: bh, indY, indX } = L;
    const tlo = this.tmp;
    const thi = this.tmp.subarray(w);
    const hy = bh;
    const hx = bw;
    for (let i = 0; i < bh; i++) {
      const r0 = indY[i]! * w;
      const r1 = indY[hy + i]! * w;
      const r2 = indY[2 * hy + i]! * w;
      const r3 = indY[3 * hy + i]! * w;
      for (let j = 0; j < w; j++) {
        const u0 = src[r0 + j]!;
        const u1 = src[r1 + j]!;
        const u2 = src[r2 + j]!;
        const u3 = src[r3 + j]!;
        const lo = 15826 * u0 + 27411 * u1 + 7345 * u2 + (-4240) * u3 - LO_SUM * 128;
        const hi = (-4240) * u0 + (-7345) * u1 + 27411 * u2 + (-15826) * u3;
        tlo[j] = (((lo + 128) >> 8) << 16) >> 16;
        thi[j] = (((hi + 128) >> 8) << 16) >> 16;
      }
      const o = i * bw;
      for (let j = 0; j < bw; j++) {
        // interior columns (1 ≤ j, 2j + 2 < w) read 2j − 1 .. 2j + 2 directly; the borders use the index map
        const inner = j > 0 && 2 * j + 2 < w;
        const j0 = inner ? 2 * j - 1 : indX[j]!;
        const j1 = inner ? 2 * j : indX[hx + j]!;
        const j2 = inner ? 2 * j + 1 : indX[2 * hx + j]!;
        const j3 = inner ? 2 * j + 2 : indX[3 * hx + j]!;
        let s0 = tlo[j0]!;
        let s1 = tlo[j1]!;
        let s2 = tlo[j2]!;
        let s3 = tlo[j3]!;
        out.a[o + j] = (15826 * s0 + 27411 * s1 + 7345 * s2 + (-4240) * s3 + 32768) >> 16;
        out.v[o + j] = ((-4240) * s0 + (-7345) * s1 + 27411 * s2 + (-15826) * s3 + 32768) >> 16;
        s0 = thi[j0]!;
        s1 = thi[j1]!;
        s2 = thi[j2]!;
        s3 = thi[j3]!;
        out.h[o + j] = (15826 * s0 + 27411 * s1 + 7345 * s2 + (-4240) * s3 + 32768) >> 16;
        out.d[o + j] = ((-4240) * s0 + (-7345) * s1 + 27411 * s2 + (-15826) * s3 + 32768) >> 16;
      }
    }
  }

  /** Levels 1–3 DWT (adm_dwt2_s123_combined) of the previous level's approximation band (int32 or int16). */
  private dwtS(src: Int16Array | Int32Array, out: Bands32, L: Level, s: number): void {
    const { inW: w, w: bw, h: bh, indY, indX } = L;
    const addV = [0, 32768, 32768][s - 1]!;
    const invV = 2 ** -[0, 16, 16][s - 1]!;
    const addH = [16384, 32768, 16384][s - 1]!;
    const invH = 2 ** -[15, 16, 15][s - 1]!;
    const tlo = this.tmp;
    const thi = this.tmp.subarray(w);
    for (let i = 0; i < bh; i++) {
      const r0 = indY[i]! * w;
      const r1 = indY[bh + i]! * w;
      const r2 = indY[2 * bh + i]! * w;
      const r3 = indY[3 * bh + i]! * w;
      for (let j = 0; j < w; j++) {
        const u0 = src[r0 + j]!;
        const u1 = src[r1 + j]!;
        const u2 = src[r2 + j]!;
        const u3 = src[r3 + j]!;
        const lo = 15826 * u0 + 27411 * u1 + 7345 * u2 + (-4240) * u3;
        const hi = (-4240) * u0 + (-7345) * u1 + 27411 * u2 + (-15826) * u3;
        tlo[j] = Math.floor((lo + addV) * invV) | 0;
        thi[j] = Math.floor((hi + addV) * invV) | 0;
      }
      const o = i * bw;
      for (let j = 0; j < bw; j++) {
        // interior columns (1 ≤ j, 2j + 2 < w) read 2j − 1 .. 2j + 2 directly; the borders use the index map
        const inner = j > 0 && 2 * j + 2 < w;
        const j0 = inner ? 2 * j - 1 : indX[j]!;
        const j1 = inner ? 2 * j : indX[bw + j]!;
        const j2 = inner ? 2 * j + 1 : indX[2 * bw + j]!;
        const j3 = inner ? 2 * j + 2 : indX[3 * bw + j]!;
        let s0 = tlo[j0]!;
        let s1 = tlo[j1]!;
        let s2 = tlo[j2]!;
        let s3 = tlo[j3]!;
        out.a[o + j] = Math.floor((15826 * s0 + 27411 * s1 + 7345 * s2 + (-4240) * s3 + addH) * invH);
        out.v[o + j] = Math.floor(((-4240) * s0 + (-7345) * s1 + 27411 * s2 + (-15826) * s3 + addH) * invH);
        s0 = thi[j0]!;
        s1 = thi[j1]!;
        s2 = thi[j2]!;
        s3 = thi[j3]!;
        out.h[o + j] = Math.floor((15826 * s0 + 27411 * s1 + 7345 * s2 + (-4240) * s3 + addH) * invH);
        out.d[o + j] = Math.floor(((-4240) * s0 + (-7345) * s1 + 27411 * s2 + (-15826) * s3 + addH) * invH);
      }
    }
  }

  /** adm_csf_den_scale: reference-band cube sums at level 0. */
  private den0(L: Level): number {
    const { w, h } = L;
    const { left, top, right, bottom } = innerBox(w, h);
    const area = (bottom - top) * (right - left);
    let shift = Math.ceil(Math.log2(area) - 20);
    if (shift < 0) shift = 0;
    const add = shift > 0 ? 2 ** (shift - 1) : 0;
    const bands = [this.ref0.h, this.ref0.v, this.ref0.d];
    const rf = this.rf[0]!;
    const addTerm = cbrtf(F32(area) / 32);
    let total = 0;
    for (let b = 0; b < 3; b++) {
      if (this.wasm) {
        this.wasm.x.den0Sum(b, left, top, right, bottom, BigInt(add), shift);
        const csf = (this.wasm.out[0]! / 2 ** (18 - shift)) * Math.pow(rf[b]!, 3);
        total = F32(total + F32(cbrtf(csf) + addTerm));
        continue;
      }
      const src = bands[b]!;
      const inner = this.accInner[b]!;
      const outer = this.accOuter[b]!;
      outer.reset();
      for (let i = top; i < bottom; i++) {
        const o = i * w;
        // |int16|³ < 2^46: a row sum below 2^52 of non-negative terms is exact in float64
        let acc = 0;
        for (let j = o + left, end = o + right; j < end; j++) {
          const v = src[j]!;
          const x = v < 0 ? -v : v;
          acc += x * x * x;
        }
        if (acc < TWO52) {
          outer.add(Math.floor((acc + add) * IP2[shift]!));
          continue;
        }
        inner.reset();
        for (let j = left; j < right; j++) {
          const x = Math.abs(src[o + j]!);
          inner.add(x * x * x);
        }
        outer.addShifted(inner, add, shift);
      }
      const csf = (outer.toDouble() / 2 ** (18 - shift)) * Math.pow(rf[b]!, 3);
      total = F32(total + F32(cbrtf(csf) + addTerm));
    }
    return total;
  }

  /** adm_csf_den_s123: reference-band cube sums at levels 1–3. */
  private denS(L: Level, s: number): number {
    const { w, h } = L;
    const { left, top, right, bottom } = innerBox(w, h);
    const sqShift = [31, 30, 31][s - 1]!;
    const sqAdd = 2 ** sqShift; // libvmaf adds 1 << shift (not 1 << (shift − 1)) here
    const cubShift = Math.ceil(Math.log2(right - left));
    const cubAdd = cubShift > 0 ? 2 ** (cubShift - 1) : 0;
    const accShift = Math.ceil(Math.log2(bottom - top));
    const accAdd = accShift > 0 ? 2 ** (accShift - 1) : 0;
    const conv = [32, 27, 23][s - 1]!;
    const B = this.refS[s - 1]!;
    const bands = [B.h, B.v, B.d];
    const rf = this.rf[s]!;
    const addTerm = cbrtf(F32((bottom - top) * (right - left)) / 32);
    let total = 0;
    for (let b = 0; b < 3; b++) {
      if (this.wasm) {
        this.wasm.x.denSSum(s, b, left, top, right, bottom, sqShift, cubShift, accShift);
        const csf = (this.wasm.out[0]! / 2 ** (conv - accShift - cubShift)) * Math.pow(rf[b]!, 3);
        total = F32(total + F32(cbrtf(csf) + addTerm));
        continue;
      }
      const src = bands[b]!;
      const inner = this.accInner[b]!;
      const outer = this.accOuter[b]!;
      outer.reset();
      for (let i = top; i < bottom; i++) {
        const o = i * w;
        // float64 row first: q exact (split multiply when x² ≥ 2^52), exact while q·x < 2^52 and the (non-negative)
        // row sum stays < 2^52; otherwise the row is redone with the 64-bit helpers
        let acc = 0;
        let ok = true;
        for (let j = o + left, end = o + right; j < end; j++) {
          const v = src[j]!;
          const x = v < 0 ? -v : v;
          const p = x * x;
          const q = p < TWO52 ? Math.floor((p + sqAdd) * IP2[sqShift]!) : mulShiftFloor(x, x, sqAdd, sqShift);
          const t = q * x;
          if (t >= TWO52) {
            ok = false;
            break;
          }
          acc += Math.floor((t + cubAdd) * IP2[cubShift]!);
        }
        if (ok && acc < TWO52) {
          outer.add(Math.floor((acc + accAdd) * IP2[accShift]!));
          continue;
        }
        inner.reset();
        for (let j = left; j < right; j++) {
          const x = Math.abs(src[o + j]!);
          if (x === 0) {
            // floor((floor((0 + 2^s)/2^s)·0 + add) / 2^c) = 0
            continue;
          }
          const q = mulShiftFloor(x, x, sqAdd, sqShift);
          inner.addProductShift(q, x, cubAdd, cubShift);
        }
        outer.addShifted(inner, accAdd, accShift);
      }
      const csf = (outer.toDouble() / 2 ** (conv - accShift - cubShift)) * Math.pow(rf[b]!, 3);
      total = F32(total + F32(cbrtf(csf) + addTerm));
    }
    return total;
  }

  /** adm_decouple (level 0, int16 bands): gain limit 100 into r0/a0 and, if withEgl, gain limit 1.0 into r0E/a0E. */
  private decouple0(L: Level, withEgl: boolean): void {
    const { w, h } = L;
    const { left, top, right, bottom } = outerBox(w, h);
    const R = this.ref0;
    const D = this.dis0;
    const [rh, rv, rd] = this.r0;
    const [ah, av, ad] = this.a0;
    const [erh, erv, erd] = this.r0E;
    const [eah, eav, ead] = this.a0E;
    const div = this.div;
    for (let i = top; i < bottom; i++) {
      for (let j = left + i * w, end = right + i * w; j < end; j++) {
        const oh = R.h[j]!;
        const ov = R.v[j]!;
        const od = R.d[j]!;
        const th = D.h[j]!;
        const tv = D.v[j]!;
        const td = D.d[j]!;
        const angle = angleFlag(oh * th + ov * tv, oh * oh + ov * ov, th * th + tv * tv);
        const kh = clampK(oh === 0 ? 32768 : Math.floor((div[oh + 32768]! * th + 16384) * (1 / 32768)));
        const kv = clampK(ov === 0 ? 32768 : Math.floor((div[ov + 32768]! * tv + 16384) * (1 / 32768)));
        const kd = clampK(od === 0 ? 32768 : Math.floor((div[od + 32768]! * td + 16384) * (1 / 32768)));
        let sh = (((kh * oh + 16384) >> 15) << 16) >> 16;
        let sv = (((kv * ov + 16384) >> 15) << 16) >> 16;
        let sd = (((kd * od + 16384) >> 15) << 16) >> 16;
        if (angle) {
          if (withEgl) {
            const eh = enhance(sh, kh, oh, th, 1.0);
            const ev = enhance(sv, kv, ov, tv, 1.0);
            const ed = enhance(sd, kd, od, td, 1.0);
            erh[j] = eh;
            erv[j] = ev;
            erd[j] = ed;
            eah[j] = th - eh;
            eav[j] = tv - ev;
            ead[j] = td - ed;
          }
          sh = enhance(sh, kh, oh, th, 100.0);
          sv = enhance(sv, kv, ov, tv, 100.0);
          sd = enhance(sd, kd, od, td, 100.0);
        } else if (withEgl) {
          erh[j] = sh;
          erv[j] = sv;
          erd[j] = sd;
          eah[j] = th - sh;
          eav[j] = tv - sv;
          ead[j] = td - sd;
        }
        rh[j] = sh;
        rv[j] = sv;
        rd[j] = sd;
        ah[j] = th - sh;
        av[j] = tv - sv;
        ad[j] = td - sd;
      }
    }
  }

  /** adm_decouple_s123 (levels 1–3, int32 bands): gain limits 100 (rS/aS) and, if withEgl, 1.0 (rSE/aSE). */
  private decoupleS(L: Level, s: number, withEgl: boolean): void {
    const { w, h } = L;
    const { left, top, right, bottom } = outerBox(w, h);
    const R = this.refS[s - 1]!;
    const D = this.disS[s - 1]!;
    const [rh, rv, rd] = this.rS;
    const [ah, av, ad] = this.aS;
    const [erh, erv, erd] = this.rSE;
    const [eah, eav, ead] = this.aSE;
    const div = this.div;
    for (let i = top; i < bottom; i++) {
      for (let j = left + i * w, end = right + i * w; j < end; j++) {
        const oh = R.h[j]!;
        const ov = R.v[j]!;
        const od = R.d[j]!;
        const th = D.h[j]!;
        const tv = D.v[j]!;
        const td = D.d[j]!;
        const angle = angleFlag(oh * th + ov * tv, oh * oh + ov * ov, th * th + tv * tv);
        const kh = clampK(ratioS(div, oh, th));
        const kv = clampK(ratioS(div, ov, tv));
        const kd = clampK(ratioS(div, od, td));
        let sh = Math.floor((kh * oh + 16384) * (1 / 32768)) | 0;
        let sv = Math.floor((kv * ov + 16384) * (1 / 32768)) | 0;
        let sd = Math.floor((kd * od + 16384) * (1 / 32768)) | 0;
        if (angle) {
          if (withEgl) {
            const eh = enhance(sh, kh, oh, th, 1.0);
            const ev = enhance(sv, kv, ov, tv, 1.0);
            const ed = enhance(sd, kd, od, td, 1.0);
            erh[j] = eh;
            erv[j] = ev;
            erd[j] = ed;
            eah[j] = th - eh;
            eav[j] = tv - ev;
            ead[j] = td - ed;
          }
          sh = enhance(sh, kh, oh, th, 100.0);
          sv = enhance(sv, kv, ov, tv, 100.0);
          sd = enhance(sd, kd, od, td, 100.0);
        } else if (withEgl) {
          erh[j] = sh;
          erv[j] = sv;
          erd[j] = sd;
          eah[j] = th - sh;
          eav[j] = tv - sv;
          ead[j] = td - sd;
        }
        rh[j] = sh;
        rv[j] = sv;
        rd[j] = sd;
        ah[j] = th - sh;
        av[j] = tv - sv;
        ad[j] = td - sd;
      }
    }
  }

  /** adm_csf (level 0): fixed-point CSF weights (Q21/Q23) and the 1/30-scaled magnitudes. */
  private csf0(L: Level): void {
    const { w, h } = L;
    const { left, top, right, bottom } = outerBox(w, h);
    const irf = [36453, 36453, 49417];
    const shifts = [15, 15, 17];
    const adds = [16384, 16384, 65535];
    for (let b = 0; b < 3; b++) {
      const src = this.a0[b]!;
      const dst = this.csfA0[b]!;
      const flt = this.flt0[b]!;
      const f = irf[b]!;
      const sh = shifts[b]!;
      const ad = adds[b]!;
      for (let i = top; i < bottom; i++) {
        for (let j = left + i * w, end = right + i * w; j < end; j++) {
          const v = (((f * src[j]! + ad) >> sh) << 16) >> 16;
          dst[j] = v;
          flt[j] = (4369 * (v < 0 ? -v : v) + 2048) >> 12;
        }
      }
    }
  }

  /** i4_adm_csf (levels 1–3): Q32 CSF weights, >> 28, and the 1/30 magnitudes with the pinned −2^31 offset. */
  private csfS(L: Level, s: number): void {
    const { w, h } = L;
    const { left, top, right, bottom } = outerBox(w, h);
    const rf = this.rf[s]!;
    for (let b = 0; b < 3; b++) {
      const src = this.aS[b]!;
      const dst = this.csfAS[b]!;
      const flt = this.fltS[b]!;
      const f = Math.floor(rf[b]! * TWO32);
      for (let i = top; i < bottom; i++) {
        for (let j = left + i * w, end = right + i * w; j < end; j++) {
          const v = msf(src[j]!, f, 134217728, 28) | 0;
          dst[j] = v;
          flt[j] = msf(v < 0 ? -v : v, 143165577, -2147483648, 32);
        }
      }
    }
  }

  /**
   * adm_cm (level 0): contrast-masked restored-band cube sums → float32 num of the level.
   * Each row is first summed in float64 (`cm0Row`); a row whose terms or sum could leave the exact range
   * (x ≥ 2^26 with a wrapped or ≥ 2^52 cube, or a row sum ≥ 2^52) is recomputed with the 64-bit helpers.
   */
  private cm0(L: Level, e: number): number {
    const { w, h } = L;
    const { left, top, right, bottom } = innerBox(w, h);
    const log2w = Math.log2(w);
    const cubShift = [Math.ceil(log2w - 4), Math.ceil(log2w - 4), Math.ceil(log2w - 3)];
    const innerShift = Math.ceil(Math.log2(h));
    const innerAdd = innerShift > 0 ? 2 ** (innerShift - 1) : 0;
    const outer = this.accOuter;
    for (let b = 0; b < 3; b++) outer[b]!.reset();
    const r0 = Math.max(top, 0);
    const r1 = Math.min(bottom, h);
    const c0 = Math.max(left, 0);
    const c1 = Math.min(right, w);
    const rowAcc = this.rowAcc;
    const sums = [0, 0, 0];
    if (this.wasm) {
      this.wasm.x.cm0(e, r0, r1, c0, c1, cubShift[0]!, cubShift[2]!, innerShift);
      for (let b = 0; b < 3; b++) sums[b] = this.wasm.out[b]!;
    } else for (let i = r0; i < r1; i++) {
      if (this.cm0Row(i, w, h, c0, c1, cubShift[0]!, cubShift[2]!)) {
        for (let b = 0; b < 3; b++) outer[b]!.add(Math.floor((rowAcc[b]! + innerAdd) * IP2[innerShift]!));
      } else {
        this.cm0RowExact(i, w, h, c0, c1, cubShift);
        for (let b = 0; b < 3; b++) outer[b]!.addShifted(this.accInner[b]!, innerAdd, innerShift);
      }
    }
    if (!this.wasm) for (let b = 0; b < 3; b++) sums[b] = outer[b]!.toDouble();
    const area = F32(F32((bottom - top) * (right - left)) / 32);
    const addTerm = cbrtf(area);
    const finalShift = [52, 52, 57];
    let total = 0;
    for (let b = 0; b < 3; b++) {
      const f = F32(sums[b]! / 2 ** (finalShift[b]! - cubShift[b]! - innerShift));
      total = F32(total + F32(cbrtf(f) + addTerm));
    }
    return total;
  }

  /**
   * One level-0 cm row in float64 into rowAcc[0..2]. Returns false (rowAcc unusable) when some term was not
   * provably exact: every accepted term is an integer in [0, 2^52) and the row sums stay below 2^52, so no
   * float64 operation rounds.
   */
  private cm0Row(i: number, w: number, h: number, c0: number, c1: number, cubHV: number, cubD: number): boolean {
    const [fh, fv, fd] = this.flt0;
    const [ch, cv, cd] = this.csfA0;
    const [sh, sv, sd] = this.r0;
    const addHV = cubHV > 0 ? P2[cubHV - 1]! : 0;
    const addD = cubD > 0 ? P2[cubD - 1]! : 0;
    const invHV = IP2[cubHV]!;
    const invD = IP2[cubD]!;
    const up = (i === 0 ? 1 : i - 1) * w;
    const mid = i * w;
    const dn = (i === h - 1 ? h - 1 : i + 1) * w;
    let accH = 0;
    let accV = 0;
    let accD = 0;
    let ok = true;
    // 3-row column sums over the three bands (int16 terms: |sum| < 2^20, so regrouping the integer sum is exact)
    const col = this.colSum;
    for (let j = c0 > 0 ? c0 - 1 : 0, end = c1 < w ? c1 : w - 1; j <= end; j++) {
      col[j] = fh[up + j]! + fh[mid + j]! + fh[dn + j]! + fv[up + j]! + fv[mid + j]! + fv[dn + j]! +
        fd[up + j]! + fd[mid + j]! + fd[dn + j]!;
    }
    for (let j = c0; j < c1; j++) {
      const jl = j === 0 ? 1 : j - 1;
      const jr = j === w - 1 ? w - 1 : j + 1;
      const m = mid + j;
      const ah = ch[m]!;
      const av = cv[m]!;
      const ad = cd[m]!;
      // 3×3 neighbourhood sums with the centre sample replaced by the 1/15-scaled csf value
      const thr = (col[jl]! + col[j]! + col[jr]! - fh[m]! - fv[m]! - fd[m]! +
        ((((8738 * (ah < 0 ? -ah : ah) + 2048) >> 12) << 16) >> 16) +
        ((((8738 * (av < 0 ? -av : av) + 2048) >> 12) << 16) >> 16) +
        ((((8738 * (ad < 0 ? -ad : ad) + 2048) >> 12) << 16) >> 16)) | 0;
      const t10 = thr << 10;
      // |int16 · irf| < 2^31: exact; the int32 subtraction wraps as in C
      let xr = sh[m]! * 36453;
      let x = ((xr < 0 ? -xr : xr) - t10) | 0;
      if (x > 0) {
        const p = x * x;
        const q = p < TWO52 ? Math.floor((p + 268435456) * IP2[29]!) * x : cubeTerm(x, 268435456, 29);
        if (q < TWO52) accH += Math.floor((q + addHV) * invHV);
        else ok = false;
      }
      xr = sv[m]! * 36453;
      x = ((xr < 0 ? -xr : xr) - t10) | 0;
      if (x > 0) {
        const p = x * x;
        const q = p < TWO52 ? Math.floor((p + 268435456) * IP2[29]!) * x : cubeTerm(x, 268435456, 29);
        if (q < TWO52) accV += Math.floor((q + addHV) * invHV);
        else ok = false;
      }
      xr = sd[m]! * 49417;
      x = ((xr < 0 ? -xr : xr) - (thr << 12)) | 0;
      if (x > 0) {
        const p = x * x;
        const q = p < TWO52 ? Math.floor((p + 536870912) * IP2[30]!) * x : cubeTerm(x, 536870912, 30);
        if (q < TWO52) accD += Math.floor((q + addD) * invD);
        else ok = false;
      }
    }
    const acc = this.rowAcc;
    acc[0] = accH;
    acc[1] = accV;
    acc[2] = accD;
    return ok && accH < TWO52 && accV < TWO52 && accD < TWO52;
  }

  /** Exact (64-bit) level-0 cm row into accInner (the reference path, used when cm0Row declines). */
  private cm0RowExact(i: number, w: number, h: number, c0: number, c1: number, cubShift: number[]): void {
    const cubAdd = cubShift.map((c) => (c > 0 ? 2 ** (c - 1) : 0));
    const irf = [36453, 36453, 49417];
    const sqShift = [29, 29, 30];
    const sqAdd = [268435456, 268435456, 536870912];
    const subShift = [10, 10, 12];
    const [fh, fv, fd] = this.flt0;
    const [ch, cv, cd] = this.csfA0;
    const src = this.r0;
    const inner = this.accInner;
    for (let b = 0; b < 3; b++) inner[b]!.reset();
    const up = (i === 0 ? 1 : i - 1) * w;
    const mid = i * w;
    const dn = (i === h - 1 ? h - 1 : i + 1) * w;
    for (let j = c0; j < c1; j++) {
      const jl = j === 0 ? 1 : j - 1;
      const jr = j === w - 1 ? w - 1 : j + 1;
      let thr = 0;
      for (let t = 0; t < 3; t++) {
        const flt = t === 0 ? fh : t === 1 ? fv : fd;
        const ca = t === 0 ? ch : t === 1 ? cv : cd;
        const c = ca[mid + j]!;
        const centre = (((8738 * (c < 0 ? -c : c) + 2048) >> 12) << 16) >> 16;
        thr += flt[up + jl]! + flt[up + j]! + flt[up + jr]! + flt[mid + jl]! + centre + flt[mid + jr]! +
          flt[dn + jl]! + flt[dn + j]! + flt[dn + jr]!;
      }
      thr |= 0;
      for (let b = 0; b < 3; b++) {
        const xr = src[b]![mid + j]! * irf[b]!;
        const x = ((xr < 0 ? -xr : xr) - (thr << subShift[b]!)) | 0;
        if (x <= 0) continue;
        const xsq = mulShiftFloor(x, x, sqAdd[b]!, sqShift[b]!) | 0;
        inner[b]!.addProductShift(xsq, x, cubAdd[b]!, cubShift[b]!);
      }
    }
  }

  /**
   * i4_adm_cm (levels 1–3). Rows are summed in float64 first (`cmSRow`) and recomputed with the 64-bit helpers
   * when a term or the row sum could leave the exact range, as in cm0.
   */
  private cmS(L: Level, s: number, e: number): number {
    const { w, h } = L;
    const { left, top, right, bottom } = innerBox(w, h);
    const rf = this.rf[s]!;
    const irf = [Math.floor(rf[0] * TWO32), Math.floor(rf[1] * TWO32), Math.floor(rf[2] * TWO32)];
    const cubShift = Math.ceil(Math.log2(w));
    const innerShift = Math.ceil(Math.log2(h));
    const innerAdd = innerShift > 0 ? 2 ** (innerShift - 1) : 0;
    const finalShift = F32(2 ** ([45, 39, 36][s - 1]! - cubShift - innerShift));
    const outer = this.accOuter;
    for (let b = 0; b < 3; b++) outer[b]!.reset();
    const r0 = Math.max(top, 0);
    const r1 = Math.min(bottom, h);
    const c0 = Math.max(left, 0);
    const c1 = Math.min(right, w);
    const rowAcc = this.rowAcc;
    const sums = [0, 0, 0];
    if (this.wasm) {
      this.wasm.x.cmS(s, e, r0, r1, c0, c1, BigInt(irf[0]!), BigInt(irf[2]!), cubShift, innerShift);
      for (let b = 0; b < 3; b++) sums[b] = this.wasm.out[b]!;
    } else for (let i = r0; i < r1; i++) {
      if (this.cmSRow(i, w, h, c0, c1, irf[0]!, irf[2]!, cubShift)) {
        for (let b = 0; b < 3; b++) outer[b]!.add(Math.floor((rowAcc[b]! + innerAdd) * IP2[innerShift]!));
      } else {
        this.cmSRowExact(i, w, h, c0, c1, irf, cubShift);
        for (let b = 0; b < 3; b++) outer[b]!.addShifted(this.accInner[b]!, innerAdd, innerShift);
      }
    }
    if (!this.wasm) for (let b = 0; b < 3; b++) sums[b] = outer[b]!.toFloat32();
    const addTerm = cbrtf(F32(F32((bottom - top) * (right - left)) / 32));
    let total = 0;
    for (let b = 0; b < 3; b++) {
      const f = F32(sums[b]! / finalShift);
      total = F32(total + F32(cbrtf(f) + addTerm));
    }
    return total;
  }

  /** One level-1..3 cm row in float64 into rowAcc (false: not provably exact, see cm0Row). */
  private cmSRow(i: number, w: number, h: number, c0: number, c1: number, irfHV: number, irfD: number, cub: number): boolean {
    const [fh, fv, fd] = this.fltS;
    const [ch, cv, cd] = this.csfAS;
    const [sh, sv, sd] = this.rS;
    const cubAdd = cub > 0 ? P2[cub - 1]! : 0;
    const inv = IP2[cub]!;
    const up = (i === 0 ? 1 : i - 1) * w;
    const mid = i * w;
    const dn = (i === h - 1 ? h - 1 : i + 1) * w;
    let accH = 0;
    let accV = 0;
    let accD = 0;
    let ok = true;
    // 3-row column sums over the three bands. flt = (|v|·⌊2^32/30⌋ − 2^31) >> 32 is in [−1, 2^31/30), so each
    // band's 9-term group in i4_adm_cm is below 2^31 and its int32 cast never wraps: regrouping into column sums
    // (all < 2^53) and applying the final int32 cast gives the same thr.
    const col = this.colSum;
    for (let j = c0 > 0 ? c0 - 1 : 0, end = c1 < w ? c1 : w - 1; j <= end; j++) {
      col[j] = fh[up + j]! + fh[mid + j]! + fh[dn + j]! + fv[up + j]! + fv[mid + j]! + fv[dn + j]! +
        fd[up + j]! + fd[mid + j]! + fd[dn + j]!;
    }
    for (let j = c0; j < c1; j++) {
      const jl = j === 0 ? 1 : j - 1;
      const jr = j === w - 1 ? w - 1 : j + 1;
      const m = mid + j;
      const thr = (col[jl]! + col[j]! + col[jr]! - fh[m]! - fv[m]! - fd[m]! +
        thirtieth(ch[m]!) + thirtieth(cv[m]!) + thirtieth(cd[m]!)) | 0;
      let xr = msf(sh[m]!, irfHV, 134217728, 28) | 0;
      let x = ((xr < 0 ? -xr : xr) - thr) | 0;
      if (x > 0) {
        const p = x * x;
        const q = p < TWO52 ? Math.floor((p + 536870912) * IP2[30]!) * x : cubeTerm(x, 536870912, 30);
        if (q < TWO52) accH += Math.floor((q + cubAdd) * inv);
        else ok = false;
      }
      xr = msf(sv[m]!, irfHV, 134217728, 28) | 0;
      x = ((xr < 0 ? -xr : xr) - thr) | 0;
      if (x > 0) {
        const p = x * x;
        const q = p < TWO52 ? Math.floor((p + 536870912) * IP2[30]!) * x : cubeTerm(x, 536870912, 30);
        if (q < TWO52) accV += Math.floor((q + cubAdd) * inv);
        else ok = false;
      }
      xr = msf(sd[m]!, irfD, 134217728, 28) | 0;
      x = ((xr < 0 ? -xr : xr) - thr) | 0;
      if (x > 0) {
        const p = x * x;
        const q = p < TWO52 ? Math.floor((p + 536870912) * IP2[30]!) * x : cubeTerm(x, 536870912, 30);
        if (q < TWO52) accD += Math.floor((q + cubAdd) * inv);
        else ok = false;
      }
    }
    const acc = this.rowAcc;
    acc[0] = accH;
    acc[1] = accV;
    acc[2] = accD;
    return ok && accH < TWO52 && accV < TWO52 && accD < TWO52;
  }

  /** Exact (64-bit) level-1..3 cm row into accInner (the reference path). */
  private cmSRowExact(i: number, w: number, h: number, c0: number, c1: number, irf: number[], cubShift: number): void {
    const cubAdd = cubShift > 0 ? 2 ** (cubShift - 1) : 0;
    const [fh, fv, fd] = this.fltS;
    const [ch, cv, cd] = this.csfAS;
    const src = this.rS;
    const inner = this.accInner;
    for (let b = 0; b < 3; b++) inner[b]!.reset();
    const up = (i === 0 ? 1 : i - 1) * w;
    const mid = i * w;
    const dn = (i === h - 1 ? h - 1 : i + 1) * w;
    for (let j = c0; j < c1; j++) {
      const jl = j === 0 ? 1 : j - 1;
      const jr = j === w - 1 ? w - 1 : j + 1;
      let thr = 0;
      for (let t = 0; t < 3; t++) {
        const flt = t === 0 ? fh : t === 1 ? fv : fd;
        const ca = t === 0 ? ch : t === 1 ? cv : cd;
        const c = ca[mid + j]!;
        const centre = mulShiftFloor(c < 0 ? -c : c, 286331153, -2147483648, 32) | 0;
        thr += (flt[up + jl]! + flt[up + j]! + flt[up + jr]! + flt[mid + jl]! + centre + flt[mid + jr]! +
          flt[dn + jl]! + flt[dn + j]! + flt[dn + jr]!) | 0;
      }
      thr |= 0;
      for (let b = 0; b < 3; b++) {
        const xr = mulShiftFloor(src[b]![mid + j]!, irf[b]!, 134217728, 28) | 0;
        const x = ((xr < 0 ? -xr : xr) - thr) | 0;
        if (x <= 0) continue;
        const xsq = mulShiftFloor(x, x, 536870912, 30) | 0;
        inner[b]!.addProductShift(xsq, x, cubAdd, cubShift);
      }
    }
  }
}

/** floor((a·b + add) / 2^s) exactly for integers |a|, |b| < 2^32, |add| ≤ 2^32, 16 ≤ s ≤ 52 (fast path inline). */
function msf(a: number, b: number, add: number, s: number): number {
  const p = a * b;
  return p < TWO52 && p > -TWO52 ? Math.floor((p + add) * IP2[s]!) : mulShiftFloor(a, b, add, s);
}

/**
 * The cube product of the cm macros for x ≥ 2^26 (x·x ≥ 2^52): ((int32)((x·x + add) >> s))·x, or +∞ when the
 * product is not provably exact in float64 (≥ 2^52, or negative because the int32 cast wrapped) so that the
 * caller falls back to the 64-bit row.
 */
function cubeTerm(x: number, add: number, s: number): number {
  const xsq = mulShiftFloor(x, x, add, s) | 0;
  return xsq < 0 ? Infinity : xsq * x;
}

/** The levels-1..3 cm centre term: (int32)((|c|·FIX_ONE_BY_15 − 2^31) >> 32) (pinned offset reproduced). */
function thirtieth(c: number): number {
  return msf(c < 0 ? -c : c, 286331153, -2147483648, 32) | 0;
}

function clampK(k: number): number {
  return k < 0 ? 0 : k > 32768 ? 32768 : k;
}


/**
 * Levels 1–3 ratio t/o in Q15 via the reciprocal table on the top 15 bits of |o| (adm_decouple_s123).
 * div[m + 32768] = −div[32768 − m], so div[±m + 32768] already carries the sign of o. |div·t| < 2^61 may round
 * in float64, but only when |div·t| ≥ 2^53, i.e. when the quotient is ≥ 2^53 / 2^31 = 2^22 in magnitude — the
 * rounded product keeps its sign and magnitude, and the caller clamps it to [0, 32768] either way.
 */
function ratioS(div: Int32Array, o: number, t: number): number {
  if (o === 0) return 32768;
  if (o > -32768 && o < 32768) return Math.floor((div[o + 32768]! * t + 16384) * (1 / 32768));
  const ao = o < 0 ? -o : o;
  const shift = 17 - Math.clz32(ao);
  const msb = (ao + P2[shift - 1]!) * IP2[shift]!;
  const m = Math.floor(msb);
  const d = o < 0 ? div[32768 - m]! : div[32768 + m]!;
  return Math.floor((d * t + P2[14 + shift]!) * IP2[15 + shift]!);
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

/** The WebAssembly SIMD kernel (wasm/adm.ts): every per-sample pass; the level-0 bands are also shared as views. */
class WasmAdm {
  readonly x: {
    memory: WebAssembly.Memory;
    init(w: number, h: number): number;
    refPtr(): number;
    disPtr(): number;
    divPtr(): number;
    indYPtr(): number;
    indXPtr(): number;
    outPtr(): number;
    planePtr(p: number): number;
    dwt8(which: number): void;
    den0Sum(b: number, left: number, top: number, right: number, bottom: number, add: bigint, shift: number): void;
    decouple0(left: number, top: number, right: number, bottom: number, egl: number, cos1sq: number): void;
    csf0(e: number, left: number, top: number, right: number, bottom: number): void;
    cm0(e: number, r0: number, r1: number, c0: number, c1: number, cubHV: number, cubD: number, innerShift: number): void;
    levelIndYPtr(s: number): number;
    levelIndXPtr(s: number): number;
    dwtS(s: number, which: number): void;
    denSSum(s: number, b: number, left: number, top: number, right: number, bottom: number, sqShift: number, cubShift: number, accShift: number): void;
    decoupleS(s: number, left: number, top: number, right: number, bottom: number, egl: number, cos1sq: number): void;
    csfS(s: number, e: number, left: number, top: number, right: number, bottom: number, f0: bigint, f1: bigint, f2: bigint): void;
    cmS(s: number, e: number, r0: number, r1: number, c0: number, c1: number, irfHV: bigint, irfD: bigint, cubShift: number, innerShift: number): void;
  };
  /** The kernel's f64 results (out[0..3]); the memory never grows after init, so views stay valid. */
  readonly out: Float64Array;
  private readonly n: number;
  private readonly n0: number;

  private constructor(instance: WebAssembly.Instance, width: number, height: number, levels: Level[], div: Int32Array) {
    this.x = instance.exports as unknown as WasmAdm['x'];
    this.n = width * height;
    const L = levels[0]!;
    this.n0 = L.w * L.h;
    this.x.init(width, height);
    const buf = this.x.memory.buffer;
    new Int32Array(buf, this.x.divPtr(), 65537).set(div);
    new Int32Array(buf, this.x.indYPtr(), L.indY.length).set(L.indY);
    new Int32Array(buf, this.x.indXPtr(), L.indX.length).set(L.indX);
    for (let s = 1; s < 4; s++) {
      new Int32Array(buf, this.x.levelIndYPtr(s), levels[s]!.indY.length).set(levels[s]!.indY);
      new Int32Array(buf, this.x.levelIndXPtr(s), levels[s]!.indX.length).set(levels[s]!.indX);
    }
    this.out = new Float64Array(buf, this.x.outPtr(), 4);
  }

  static create(width: number, height: number, levels: Level[], div: Int32Array): WasmAdm | null {
    const instance = instantiateKernel('adm', ADM_WASM);
    return instance ? new WasmAdm(instance, width, height, levels, div) : null;
  }

  /** Band plane p of the kernel's layout (ref a,h,v,d; dis a,h,v,d; r h,v,d; a; rE; aE; csf; flt) as a view. */
  plane(p: number): Int16Array {
    return new Int16Array(this.x.memory.buffer, this.x.planePtr(p), this.n0);
  }

  /** Level-0 DWT of both planes into the ref0/dis0 bands. */
  dwt(ref: Uint8Array, dis: Uint8Array): void {
    const buf = this.x.memory.buffer;
    new Uint8Array(buf, this.x.refPtr(), this.n).set(ref.length === this.n ? ref : ref.subarray(0, this.n));
    new Uint8Array(buf, this.x.disPtr(), this.n).set(dis.length === this.n ? dis : dis.subarray(0, this.n));
    this.x.dwt8(0);
    this.x.dwt8(1);
  }
}
