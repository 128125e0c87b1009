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
 * This file holds the algorithm's outline and the floating-point steps after each sum (cube roots, CSF factors,
 * the final ratio). The per-sample passes run in one backend chosen at construction (adm-backend.ts: the
 * interface and the per-level constants): the WebAssembly SIMD kernel (adm-wasm.ts) where available, else the
 * TypeScript reference (adm-js.ts). One decouple pass serves both gain limits (they differ only in the
 * enhancement clamp).
 */
import { planLevels, rfactors, type AdmBackend, type AdmLevel } from './adm-backend.ts';
import { JsAdm } from './adm-js.ts';
import { WasmAdm } from './adm-wasm.ts';

const F32 = Math.fround;
const ONE_THIRD = F32(1 / 3);
/** glibc powf(x, 1/3) on a float32 argument (float64 pow rounded to float32). */
function cbrtf(x: number): number {
  return F32(Math.pow(F32(x), ONE_THIRD));
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
  private readonly levels: AdmLevel[];
  private readonly rf: [number, number, number][] = [0, 1, 2, 3].map(rfactors);
  /** The per-sample passes (selected once, see the constructor). */
  private readonly impl: AdmBackend;
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
    this.levels = planLevels(width, height);
    const want = options?.backend ?? 'auto';
    const wasm = want === 'js' ? null : WasmAdm.create(this.levels);
    if (want === 'wasm' && !wasm) throw new Error('IntegerAdmComputer: WebAssembly SIMD is not available here (or PREFLIGHT_WASM=0)');
    this.impl = wasm ?? new JsAdm(this.levels);
    this.backend = this.impl.kind;
  }

  /**
   * ref/dis: 8-bit luma, stride = width. Returns adm2 (gain limit 100) and, if `withEgl`, adm2_egl_1
   * (gain limit 1.0; otherwise NaN).
   */
  compute(ref: Uint8Array, dis: Uint8Array, withEgl: boolean): IntegerAdmResult {
    const be = this.impl;
    const num = [0, 0];
    let den = 0;
    for (let s = 0; s < 4; s++) {
      be.dwt(s, ref, dis);
      den += this.denLevel(s);
      be.decouple(s, withEgl);
      for (let e = 0; e < (withEgl ? 2 : 1); e++) {
        be.csf(s, e === 1);
        num[e] += this.numLevel(s, be.cmSums(s, e === 1));
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

  /** The level's float32 cube-root term of the pooling area (adm_csf_den_scale, adm_cm). */
  private areaTerm(L: AdmLevel): number {
    const { left, top, right, bottom } = L.pool;
    return cbrtf(F32(F32((bottom - top) * (right - left)) / 32));
  }

  /** adm_csf_den_scale / adm_csf_den_s123: the level's denominator from the reference-band cube sums. */
  private denLevel(s: number): number {
    const L = this.levels[s]!;
    const rf = this.rf[s]!;
    const addTerm = this.areaTerm(L);
    const scale = 2 ** (L.den.conv - L.den.rowShift - L.den.cubShift);
    let total = 0;
    for (let b = 0; b < 3; b++) {
      const csf = (this.impl.denSum(s, b) / scale) * Math.pow(rf[b]!, 3);
      total = F32(total + F32(cbrtf(csf) + addTerm));
    }
    return total;
  }

  /** adm_cm / i4_adm_cm: the level's numerator from the contrast-masked cube sums (h, v, d). */
  private numLevel(s: number, sums: [number, number, number]): number {
    const L = this.levels[s]!;
    const p = L.cmp;
    const addTerm = this.areaTerm(L);
    let total = 0;
    for (let b = 0; b < 3; b++) {
      const f = F32(sums[b]! / F32(2 ** (p.conv[b]! - p.cubShift[b]! - p.innerShift)));
      total = F32(total + F32(cbrtf(f) + addTerm));
    }
    return total;
  }
}
