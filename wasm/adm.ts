/**
 * libvmaf's integer ADM (integer_adm.c @ 332dde62, 8-bit input) in AssemblyScript with WebAssembly SIMD: the
 * kernel of the WebAssembly backend (src/core/metrics/vmaf/integer/adm-wasm.ts), which must agree bit for bit with
 * the TypeScript reference backend adm-js.ts (wasm-kernels.test.ts, adm-backends.test.ts). Level 0: dwt8,
 * decouple0, csf0 and the den0Sum/cm0 cube sums; levels 1–3: dwtS, decoupleS, csfS and the denSSum/cmS sums.
 * Every floating-point step that follows a sum (cube roots, CSF factors, the final ratio) stays in TypeScript.
 * Where the TypeScript computes a 64-bit product in float64 (levels 1–3: the decouple angle test), this file does
 * the same, so the two round identically.
 *
 * Memory (offsets from `init`; n0 = ⌈w/2⌉·⌈h/2⌉ samples per band):
 *   refIn, disIn                     u8  w·h      input planes, written by the caller
 *   tlo, thi                         i32 w        one row of the vertical DWT pass (levels 1–3)
 *   tlo16, thi16                     i16 w        the same for level 0, whose values are int16
 *   thrRow, colRow                   i32 w        cm threshold of one row; 3-row column sums of the flt bands
 *   ref0 a,h,v,d / dis0 a,h,v,d      i16 n0 each  DWT bands
 *   r0 h,v,d / a0 / r0E / a0E        i16 n0 each  decoupled restored/additive bands (gain limit 100; E: 1.0)
 *   csf h,v,d / flt h,v,d            i16 n0 each  CSF-weighted additive bands and their 1/30 magnitudes
 *   div                              i32 65537    libvmaf div_lookup, written by the caller
 *   indY, indX                       i32 4·bh, 4·bw  DWT source indices, written by the caller
 *   per level s = 1..3: refS a,h,v,d / disS a,h,v,d  i32 ns each; indY, indX of the level
 *   levels 1–3 work planes r, a, rE, aE, csf, flt (h,v,d each)  i32 n1 each
 *   out                              f64 4        results of the last sum
 * Vectorisation (every pass, 4–8 samples per step; borders and tails scalar): the 64-bit products and sums of C
 * run in i64x2 lanes from i64x2.extmul of i32 lanes (DWT levels 1–3, cube sums, csf levels 1–3, decouple ratios),
 * the int16 ones in i32x4 / i32x4.dot_i16x8_s; the decouple angle test in f64x2 (with the float32 casts); the
 * reciprocal table is read per lane; branches per sample become lane masks (x > 0 in the cube sums, the angle
 * test and the enhancement clamp). Cost at 1080p: the DWT reads each input byte 4 times and writes 8 bands of
 * 1 MB; decouple, csf and cm stream those bands once each.
 */

import { alloc, layoutEnd, resetLayout } from './lib';

let W: i32 = 0;
let H: i32 = 0;
let BW: i32 = 0;
let BH: i32 = 0;
let N0: i32 = 0;
let refIn: usize = 0;
let disIn: usize = 0;
let tlo: usize = 0;
let thi: usize = 0;
let tlo16: usize = 0; // i16 twins of tlo/thi for dwt8 (its vertical results are int16 by construction)
let thi16: usize = 0;
let splitRows: usize = 0; // 4 i16 rows of W + 16: tlo's high halves, tlo's low halves − 32768, the same of thi
let thrRow: usize = 0; // i32 per column: cm0's contrast-masking threshold of one row
let colRow: usize = 0; // i32 per column: the 3-row sums of the three flt bands (cm thresholds)
let bands: usize = 0; // 26 planes of N0 i16, in the order of the B_* constants
let div: usize = 0;
let indY: usize = 0;
let indX: usize = 0;
let out: usize = 0;
// levels 1..3 (index s − 1)
let lvl: usize = 0; // per level: bw, bh (i32) then pointers refS, disS, indY, indX (usize)
let work: usize = 0; // 18 planes of i32 sized for level 1: r h,v,d; a; rE; aE; csf; flt
let N1: i32 = 0;

// plane indices within `bands`
const B_REF = 0; // a, h, v, d
const B_DIS = 4;
const B_R = 8; // h, v, d
const B_A = 11;
const B_RE = 14;
const B_AE = 17;
const B_CSF = 20;
const B_FLT = 23;
const PLANES = 26;
const W_R = 0;
const W_A = 3;
const W_RE = 6;
const W_AE = 9;
const W_CSF = 12;
const W_FLT = 15;

@inline function lw(s: i32): i32 { return load<i32>(lvl + <usize>(s * 32)); }
@inline function lh(s: i32): i32 { return load<i32>(lvl + <usize>(s * 32 + 4)); }
@inline function lRef(s: i32): usize { return load<usize>(lvl + <usize>(s * 32 + 8)); }
@inline function lDis(s: i32): usize { return load<usize>(lvl + <usize>(s * 32 + 12)); }
@inline function lIndY(s: i32): usize { return load<usize>(lvl + <usize>(s * 32 + 16)); }
@inline function lIndX(s: i32): usize { return load<usize>(lvl + <usize>(s * 32 + 20)); }
/** Band b (0 a, 1 h, 2 v, 3 d) of level s's ref (which 0) or dis (1) bands. */
@inline function band32(s: i32, which: i32, b: i32): usize {
  const n = <usize>(lw(s) * lh(s));
  return (which == 0 ? lRef(s) : lDis(s)) + <usize>b * ((n * 4 + 15) & ~(<usize>15));
}
@inline function workPlane(p: i32): usize { return work + <usize>p * ((<usize>N1 * 4 + 15) & ~(<usize>15)); }
@inline function ldI32s(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline function stI32(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }


/** Lays out memory for a w×h frame and grows it; returns the bytes used. */
export function init(w: i32, h: i32): i32 {
  W = w;
  H = h;
  BW = (w + 1) >> 1;
  BH = (h + 1) >> 1;
  N0 = BW * BH;
  N1 = ((BW + 1) >> 1) * ((BH + 1) >> 1);
  resetLayout();
  refIn = alloc(w * h);
  disIn = alloc(w * h);
  tlo = alloc((w + 4) * 4);
  thi = alloc((w + 4) * 4);
  tlo16 = alloc((w + 16) * 2);
  thi16 = alloc((w + 16) * 2);
  splitRows = alloc(4 * (w + 16) * 2);
  thrRow = alloc((w + 4) * 4);
  colRow = alloc((w + 16) * 4);
  bands = alloc(0);
  for (let p = 0; p < PLANES; p++) alloc(2 * N0);
  div = alloc(4 * 65537);
  indY = alloc(16 * BH);
  indX = alloc(16 * BW);
  out = alloc(32);
  lvl = alloc(3 * 32);
  work = alloc(0);
  for (let p = 0; p < 18; p++) alloc(4 * N1);
  let iw = BW, ih = BH;
  for (let s = 0; s < 3; s++) {
    const bw = (iw + 1) >> 1, bh = (ih + 1) >> 1;
    const L = lvl + <usize>(s * 32);
    store<i32>(L, bw);
    store<i32>(L + 4, bh);
    store<usize>(L + 8, alloc(0));
    for (let b = 0; b < 4; b++) alloc(4 * bw * bh);
    store<usize>(L + 12, alloc(0));
    for (let b = 0; b < 4; b++) alloc(4 * bw * bh);
    store<usize>(L + 16, alloc(16 * bh));
    store<usize>(L + 20, alloc(16 * bw));
    iw = bw;
    ih = bh;
  }
  return <i32>layoutEnd();
}

export function refPtr(): usize { return refIn; }
export function disPtr(): usize { return disIn; }
export function divPtr(): usize { return div; }
export function indYPtr(): usize { return indY; }
export function indXPtr(): usize { return indX; }
export function outPtr(): usize { return out; }
/** Index tables of level s = 1..3 (dwtIndices of that level's input height / width), written by the caller. */
export function levelIndYPtr(s: i32): usize { return lIndY(s - 1); }
export function levelIndXPtr(s: i32): usize { return lIndX(s - 1); }
/** Byte offset of band plane `p` (see the B_* order: ref a,h,v,d; dis a,h,v,d; r h,v,d; a; rE; aE; csf; flt). */
export function planePtr(p: i32): usize { return bands + <usize>p * ((<usize>N0 * 2 + 15) & ~(<usize>15)); }

@inline function plane(p: i32): usize { return planePtr(p); }
@inline function ldI16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }
@inline function stI16(p: usize, i: i32, v: i32): void { store<i16>(p + (<usize>i << 1), <i16>v); }
@inline function ldI32(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }

@inline function ld8x4(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p)));
}

/** Level-0 DWT of plane `which` (0 = ref, 1 = dis) into its a, h, v, d bands (adm_dwt2_8). */
export function dwt8(which: i32): void {
  const src = which == 0 ? refIn : disIn;
  const ob = which == 0 ? B_REF : B_DIS;
  const pa = plane(ob), ph = plane(ob + 1), pv = plane(ob + 2), pd = plane(ob + 3);
  const w = W;
  const c0 = i32x4.splat(15826), c1 = i32x4.splat(27411), c2 = i32x4.splat(7345), c3 = i32x4.splat(-4240);
  const d1 = i32x4.splat(-7345), d3 = i32x4.splat(-15826);
  const off = i32x4.splat(-46342 * 128 + 128);
  const r128 = i32x4.splat(128);
  // tap pairs for i32x4.dot_i16x8_s (low half first): (15826, 27411), (7345, −4240); (−4240, −7345), (27411, −15826)
  const pa0 = i32x4.splat((27411 << 16) | 15826), pa1 = i32x4.splat((-4240 << 16) | 7345);
  const pb0 = i32x4.splat((-7345 << 16) | (-4240 & 0xffff)), pb1 = i32x4.splat((-15826 << 16) | 27411);
  for (let i = 0; i < BH; i++) {
    const r0 = <usize>(ldI32(indY, i) * w);
    const r1 = <usize>(ldI32(indY, BH + i) * w);
    const r2 = <usize>(ldI32(indY, 2 * BH + i) * w);
    const r3 = <usize>(ldI32(indY, 3 * BH + i) * w);
    let j = 0;
    // 8 columns per step, two rows per i32x4.dot_i16x8_s on interleaved bytes (u8 in i16 lanes, taps ≤ 27411: the
    // same i32 sums as the scalar code, |Σ| < 2^24)
    for (; j + 8 <= w; j += 8) {
      const pj = <usize>j;
      const i01 = i8x16.shuffle(v128.load64_zero(src + r0 + pj), v128.load64_zero(src + r1 + pj),
        0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const i23 = i8x16.shuffle(v128.load64_zero(src + r2 + pj), v128.load64_zero(src + r3 + pj),
        0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const a0 = i16x8.extend_low_i8x16_u(i01), a1 = i16x8.extend_high_i8x16_u(i01);
      const b0 = i16x8.extend_low_i8x16_u(i23), b1 = i16x8.extend_high_i8x16_u(i23);
      const lo0 = i32x4.add(i32x4.dot_i16x8_s(a0, pa0), i32x4.dot_i16x8_s(b0, pa1));
      const lo1 = i32x4.add(i32x4.dot_i16x8_s(a1, pa0), i32x4.dot_i16x8_s(b1, pa1));
      const hi0 = i32x4.add(i32x4.dot_i16x8_s(a0, pb0), i32x4.dot_i16x8_s(b0, pb1));
      const hi1 = i32x4.add(i32x4.dot_i16x8_s(a1, pb0), i32x4.dot_i16x8_s(b1, pb1));
      v128.store(tlo16 + (pj << 1), i16x8.narrow_i32x4_s(
        i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(lo0, off), 8), 16), 16),
        i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(lo1, off), 8), 16), 16)));
      v128.store(thi16 + (pj << 1), i16x8.narrow_i32x4_s(
        i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(hi0, r128), 8), 16), 16),
        i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(hi1, r128), 8), 16), 16)));
    }
    for (; j + 4 <= w; j += 4) {
      const pj = <usize>j;
      const u0 = ld8x4(src + r0 + pj), u1 = ld8x4(src + r1 + pj), u2 = ld8x4(src + r2 + pj), u3 = ld8x4(src + r3 + pj);
      const lo = i32x4.add(i32x4.add(i32x4.mul(u0, c0), i32x4.mul(u1, c1)), i32x4.add(i32x4.mul(u2, c2), i32x4.mul(u3, c3)));
      const hi = i32x4.add(i32x4.add(i32x4.mul(u0, c3), i32x4.mul(u1, d1)), i32x4.add(i32x4.mul(u2, c1), i32x4.mul(u3, d3)));
      // int16((x + 128) >> 8): arithmetic shift, then keep the low 16 bits sign-extended
      // (already sign-extended from 16 bits, so the saturating narrow is exact)
      const l16 = i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(lo, off), 8), 16), 16);
      const h16 = i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(hi, r128), 8), 16), 16);
      v128.store64_lane(tlo16 + (pj << 1), i16x8.narrow_i32x4_s(l16, l16), 0);
      v128.store64_lane(thi16 + (pj << 1), i16x8.narrow_i32x4_s(h16, h16), 0);
    }
    for (; j < w; j++) {
      const pj = <usize>j;
      const u0 = <i32>load<u8>(src + r0 + pj), u1 = <i32>load<u8>(src + r1 + pj), u2 = <i32>load<u8>(src + r2 + pj), u3 = <i32>load<u8>(src + r3 + pj);
      const lo = 15826 * u0 + 27411 * u1 + 7345 * u2 - 4240 * u3 - 46342 * 128;
      const hi = -4240 * u0 - 7345 * u1 + 27411 * u2 - 15826 * u3;
      store<i16>(tlo16 + (pj << 1), <i16>((lo + 128) >> 8));
      store<i16>(thi16 + (pj << 1), <i16>((hi + 128) >> 8));
    }
    const o = i * BW;
    // Inner columns, 4 outputs per step: i32x4.dot_i16x8_s of the int16 row at 2jj − 1 with the taps (t0, t1) and
    // at 2jj + 1 with (t2, t3) gives each output's two tap pairs. Exact: |Σ| ≤ (15826 + 27411 + 7345 + 4240) · 2^15
    // < 2^31 as in the scalar i32 sum, and the result (Σ + 2^15) >> 16 fits int16, so the saturating narrow is the
    // port's int16 store.
    dwt8Col(pa, pv, ph, pd, o, 0, w); // border column
    let jj = 1;
    {
      const r15 = i32x4.splat(32768);
      for (; jj + 3 < BW && 2 * (jj + 3) + 2 < w; jj += 4) {
        const q = <usize>(2 * jj - 1) << 1;
        const l0 = v128.load(tlo16 + q), l1 = v128.load(tlo16 + q + 4);
        const h0 = v128.load(thi16 + q), h1 = v128.load(thi16 + q + 4);
        const at = (<usize>(o + jj)) << 1;
        let v = i32x4.shr_s(i32x4.add(i32x4.add(i32x4.dot_i16x8_s(l0, pa0), i32x4.dot_i16x8_s(l1, pa1)), r15), 16);
        v128.store64_lane(pa + at, i16x8.narrow_i32x4_s(v, v), 0);
        v = i32x4.shr_s(i32x4.add(i32x4.add(i32x4.dot_i16x8_s(l0, pb0), i32x4.dot_i16x8_s(l1, pb1)), r15), 16);
        v128.store64_lane(pv + at, i16x8.narrow_i32x4_s(v, v), 0);
        v = i32x4.shr_s(i32x4.add(i32x4.add(i32x4.dot_i16x8_s(h0, pa0), i32x4.dot_i16x8_s(h1, pa1)), r15), 16);
        v128.store64_lane(ph + at, i16x8.narrow_i32x4_s(v, v), 0);
        v = i32x4.shr_s(i32x4.add(i32x4.add(i32x4.dot_i16x8_s(h0, pb0), i32x4.dot_i16x8_s(h1, pb1)), r15), 16);
        v128.store64_lane(pd + at, i16x8.narrow_i32x4_s(v, v), 0);
      }
    }
    for (; jj < BW; jj++) dwt8Col(pa, pv, ph, pd, o, jj, w);
  }
}

/** One output column jj of dwt8's horizontal pass (row offset o) from tlo16/thi16. */
@inline function dwt8Col(pa: usize, pv: usize, ph: usize, pd: usize, o: i32, jj: i32, w: i32): void {
  const inner = jj > 0 && 2 * jj + 2 < w;
  const j0 = inner ? 2 * jj - 1 : ldI32(indX, jj);
  const j1 = inner ? 2 * jj : ldI32(indX, BW + jj);
  const j2 = inner ? 2 * jj + 1 : ldI32(indX, 2 * BW + jj);
  const j3 = inner ? 2 * jj + 2 : ldI32(indX, 3 * BW + jj);
  let s0 = ldI16(tlo16, j0), s1 = ldI16(tlo16, j1), s2 = ldI16(tlo16, j2), s3 = ldI16(tlo16, j3);
  stI16(pa, o + jj, (15826 * s0 + 27411 * s1 + 7345 * s2 - 4240 * s3 + 32768) >> 16);
  stI16(pv, o + jj, (-4240 * s0 - 7345 * s1 + 27411 * s2 - 15826 * s3 + 32768) >> 16);
  s0 = ldI16(thi16, j0); s1 = ldI16(thi16, j1); s2 = ldI16(thi16, j2); s3 = ldI16(thi16, j3);
  stI16(ph, o + jj, (15826 * s0 + 27411 * s1 + 7345 * s2 - 4240 * s3 + 32768) >> 16);
  stI16(pd, o + jj, (-4240 * s0 - 7345 * s1 + 27411 * s2 - 15826 * s3 + 32768) >> 16);
}

/** Loads 4 int16 as i32x4 (sign-extended). */
@inline function ld16s(p: usize): v128 {
  return i32x4.extend_low_i16x8_s(v128.load64_zero(p));
}

/** cm0's threshold at column j of the row at `mid` (rows up/dn mirrored by the caller, columns here). */
@inline function cmThr(fh: usize, fv: usize, fd: usize, ch: usize, cv: usize, cd: usize, up: i32, mid: i32, dn: i32, j: i32, w: i32): i32 {
  const jl = j == 0 ? 1 : j - 1;
  const jr = j == w - 1 ? w - 1 : j + 1;
  const m = mid + j;
  const a0 = ldI16(ch, m), a1 = ldI16(cv, m), a2 = ldI16(cd, m);
  return ldI16(fh, up + jl) + ldI16(fh, up + j) + ldI16(fh, up + jr) + ldI16(fh, mid + jl) + ldI16(fh, mid + jr) +
    ldI16(fh, dn + jl) + ldI16(fh, dn + j) + ldI16(fh, dn + jr) +
    ldI16(fv, up + jl) + ldI16(fv, up + j) + ldI16(fv, up + jr) + ldI16(fv, mid + jl) + ldI16(fv, mid + jr) +
    ldI16(fv, dn + jl) + ldI16(fv, dn + j) + ldI16(fv, dn + jr) +
    ldI16(fd, up + jl) + ldI16(fd, up + j) + ldI16(fd, up + jr) + ldI16(fd, mid + jl) + ldI16(fd, mid + jr) +
    ldI16(fd, dn + jl) + ldI16(fd, dn + j) + ldI16(fd, dn + jr) +
    ((((8738 * (a0 < 0 ? -a0 : a0) + 2048) >> 12) << 16) >> 16) +
    ((((8738 * (a1 < 0 ? -a1 : a1) + 2048) >> 12) << 16) >> 16) +
    ((((8738 * (a2 < 0 ? -a2 : a2) + 2048) >> 12) << 16) >> 16);
}

/**
 * adm_csf_den_scale's sum for one reference band b (0 h, 1 v, 2 d) over rows [top, bottom) and columns
 * [left, right): Σ_rows ((Σ_cols |x|³) + add) >> shift, as a double (rounded once) in out[0].
 */
export function den0Sum(b: i32, left: i32, top: i32, right: i32, bottom: i32, add: i64, shift: i32): void {
  const p = plane(B_REF + 1 + b);
  let outer: i64 = 0;
  for (let i = top; i < bottom; i++) {
    const o = i * BW;
    // 4 samples per step: |x|² < 2^31 in i32 lanes, |x|³ < 2^46 in i64 lanes
    let va = i64x2.splat(0);
    let j = o + left;
    const end = o + right;
    for (; j + 4 <= end; j += 4) {
      const x = i32x4.abs(ld16s(p + (<usize>j << 1)));
      const x2 = i32x4.mul(x, x);
      va = i64x2.add(va, i64x2.add(i64x2.extmul_low_i32x4_s(x2, x), i64x2.extmul_high_i32x4_s(x2, x)));
    }
    let acc: i64 = i64x2.extract_lane(va, 0) + i64x2.extract_lane(va, 1);
    for (; j < end; j++) {
      const v = ldI16(p, j);
      const x = <i64>(v < 0 ? -v : v);
      acc += x * x * x;
    }
    outer += (acc + add) >> <i64>shift;
  }
  store<f64>(out, <f64>outer);
}

/** Enhancement-gain step (only after the angle test passed). */
@inline function enhance(rst: i32, k: i32, o: i32, t: i32, egl: f64): i32 {
  if (k > 0 && o > 0) {
    const v = <f64>rst * egl;
    return <i32>(v < <f64>t ? v : <f64>t);
  }
  if (k > 0 && o < 0) {
    const v = <f64>rst * egl;
    return <i32>(v > <f64>t ? v : <f64>t);
  }
  return rst;
}

@inline function clampK(k: i64): i32 {
  return k < 0 ? 0 : k > 32768 ? 32768 : <i32>k;
}

/** Q15 ratio t/o through the reciprocal table (level 0: o is int16). */
@inline function ratio0(o: i32, t: i32): i32 {
  if (o == 0) return 32768;
  return clampK((<i64>ldI32(div, o + 32768) * <i64>t + 16384) >> 15);
}

/**
 * adm_decouple at level 0 over [left, right) × [top, bottom): restored/additive bands for gain limit 100 and, if
 * egl, 1.0. cos1sq: float32 cos²(1°) as the TypeScript port computes it.
 */
export function decouple0(left: i32, top: i32, right: i32, bottom: i32, egl: bool, cos1sq: f64): void {
  const st = plane(1) - plane(0);
  decoupleSimd<i16>(BW, plane(B_REF + 1), plane(B_DIS + 1), st, plane(B_R), plane(B_A), plane(B_RE), plane(B_AE), st, left, top, right, bottom, egl, cos1sq);
}

/**
 * The decouple of one level, 4 samples per step: the angle test in f64x2 (the same float64 products and float32
 * casts as the scalar code), the Q15 ratios (ratioF4: the reciprocal in float64 instead of the table), the restored bands
 * (int16: i32 lanes; int32: i64 lanes), the enhancement clamps as integer min/max, and the scalar `decouple<T>`
 * on the tail of each row. Arguments as for `decouple<T>`.
 */
@inline function decoupleSimd<T>(w: i32, R: usize, D: usize, it: usize, r: usize, a: usize, er: usize, ea: usize, st: usize,
  left: i32, top: i32, right: i32, bottom: i32, egl: bool, cos1sq: f64): void {
  const narrow = sizeof<T>() == 2;
  const cos = f64x2.splat(cos1sq);
  for (let i = top; i < bottom; i++) {
    let j = left + i * w;
    const end = right + i * w;
    for (; j + 4 <= end; j += 4) {
      const q = <usize>j * sizeof<T>();
      const oh = ldLanes<T>(R + q), ov = ldLanes<T>(R + it + q), od = ldLanes<T>(R + 2 * it + q);
      const th = ldLanes<T>(D + q), tv = ldLanes<T>(D + it + q), td = ldLanes<T>(D + 2 * it + q);
      // the bands as float64 pairs (lanes 0, 1 and 2, 3), shared by the angle test and the ratios
      const oh0 = toF64(oh, false), oh1 = toF64(oh, true), ov0 = toF64(ov, false), ov1 = toF64(ov, true);
      const th0 = toF64(th, false), th1 = toF64(th, true), tv0 = toF64(tv, false), tv1 = toF64(tv, true);
      const angle = i32x4.shuffle(angle2(oh0, ov0, th0, tv0, cos), angle2(oh1, ov1, th1, tv1, cos), 0, 2, 4, 6);
      const kh = ratioF4(oh, oh0, oh1, th0, th1, !narrow);
      const kv = ratioF4(ov, ov0, ov1, tv0, tv1, !narrow);
      const kd = ratioF4(od, toF64(od, false), toF64(od, true), toF64(td, false), toF64(td, true), !narrow);
      const sh = narrow ? restore04(kh, oh) : restoreS4(kh, oh);
      const sv = narrow ? restore04(kv, ov) : restoreS4(kv, ov);
      const sd = narrow ? restore04(kd, od) : restoreS4(kd, od);
      if (egl) {
        const eh = v128.bitselect(enh<T>(sh, kh, oh, th, false), sh, angle);
        const ev = v128.bitselect(enh<T>(sv, kv, ov, tv, false), sv, angle);
        const ed = v128.bitselect(enh<T>(sd, kd, od, td, false), sd, angle);
        stLanes3<T>(er, st, q, eh, ev, ed);
        stLanes3<T>(ea, st, q, i32x4.sub(th, eh), i32x4.sub(tv, ev), i32x4.sub(td, ed));
      }
      const gh = v128.bitselect(enh<T>(sh, kh, oh, th, true), sh, angle);
      const gv = v128.bitselect(enh<T>(sv, kv, ov, tv, true), sv, angle);
      const gd = v128.bitselect(enh<T>(sd, kd, od, td, true), sd, angle);
      stLanes3<T>(r, st, q, gh, gv, gd);
      stLanes3<T>(a, st, q, i32x4.sub(th, gh), i32x4.sub(tv, gv), i32x4.sub(td, gd));
    }
    if (j < end) decouple<T>(w, R, D, it, r, a, er, ea, st, j - i * w, i, right, i + 1, egl, cos1sq);
  }
}

/** enhance() in 4 lanes for int16 bands: rst·100 stays in int32 (|rst| < 2^15), so no overflow case. */
@inline function enhance04(rst: v128, k: v128, o: v128, t: v128, g100: bool): v128 {
  const v = g100 ? i32x4.mul(rst, i32x4.splat(100)) : rst;
  const kp = i32x4.gt_s(k, i32x4.splat(0));
  const up = v128.and(kp, i32x4.gt_s(o, i32x4.splat(0)));
  const dn = v128.and(kp, i32x4.lt_s(o, i32x4.splat(0)));
  return v128.bitselect(i32x4.min_s(v, t), v128.bitselect(i32x4.max_s(v, t), rst, dn), up);
}

@inline function enh<T>(rst: v128, k: v128, o: v128, t: v128, g100: bool): v128 {
  return sizeof<T>() == 2 ? enhance04(rst, k, o, t, g100) : enhanceS4(rst, k, o, t, g100);
}

/** 4 samples of an int16 (sign-extended) or int32 plane as i32x4. */
@inline function ldLanes<T>(p: usize): v128 {
  return sizeof<T>() == 2 ? ld16s(p) : v128.load(p);
}

/** The h, v, d lanes stored into three planes of T `st` bytes apart (int16: the low 16 bits, as C's store). */
@inline function stLanes3<T>(p: usize, st: usize, q: usize, h: v128, v: v128, d: v128): void {
  if (sizeof<T>() == 2) {
    v128.store64_lane(p + q, low16(h, h), 0);
    v128.store64_lane(p + st + q, low16(v, v), 0);
    v128.store64_lane(p + 2 * st + q, low16(d, d), 0);
  } else {
    v128.store(p + q, h);
    v128.store(p + st + q, v);
    v128.store(p + 2 * st + q, d);
  }
}

/** f64x2 of i32x4 lanes 0, 1 (hi = false) or 2, 3 (hi = true). */
@inline function toF64(v: v128, hi: bool): v128 {
  return f64x2.convert_low_i32x4_s(hi ? i32x4.shuffle(v, v, 2, 3, 0, 1) : v);
}

/** float64 → float32 → float64 in 2 lanes (C's (float) cast of the int64 products). */
@inline function f32r(v: v128): v128 { return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v)); }

/** The decouple angle test on 2 lanes (products exact in float64 for int16 bands), as an i64x2 mask. */
@inline function angle2(oh: v128, ov: v128, th: v128, tv: v128, cos: v128): v128 {
  const q = f64x2.splat(1.0 / 4096.0); // exact scaling: x / 4096 == x · 2^−12
  const an = f64x2.mul(f32r(f64x2.add(f64x2.mul(oh, th), f64x2.mul(ov, tv))), q);
  const om = f64x2.mul(f32r(f64x2.add(f64x2.mul(oh, oh), f64x2.mul(ov, ov))), q);
  const tm = f64x2.mul(f32r(f64x2.add(f64x2.mul(th, th), f64x2.mul(tv, tv))), q);
  return v128.and(f64x2.ge(an, f64x2.splat(0)), f64x2.ge(f64x2.mul(an, an), f64x2.mul(f64x2.mul(cos, om), tm)));
}

/**
 * ratio0 (level 0, wide = false) or ratioS (levels 1–3, wide = true) in 4 lanes, without the table: o, t as exact
 * float64 pairs (o0/o1, t0/t1: lanes 0, 1 and 2, 3 of the i32x4 o). The table entry is div[±m] = ±⌊2^30/m⌋,
 * i.e. trunc(2^30 / ±m): the float64 quotient of two integers below 2^31 is within 2^−22 of the exact one, which
 * is an integer or at least 1/m ≥ 2^−16 from one, so trunc is exact. Levels 1–3: shift s = max(⌊log2|o|⌋ − 14, 0)
 * from the exponent bits (inv = 2^−s: |o| < 32768 gives s = 0, the plain lookup), m = ⌊|o|·inv + ½⌋ = (|o| +
 * 2^(s−1)) >> s, and k = ⌊(d·t·inv + 2^14) / 2^15⌋ = (d·t + 2^(14+s)) >> (15 + s) — exact while |d·t| < 2^53
 * (always at level 0 and on the shift path, where |d| ≤ 2^16); beyond that (|o| < 32768 with a large t) the
 * rounded product lies on the same side of the clamp limits, which are small integers, so the clamp to
 * [0, 32768] gives the same k. o = 0 gives 32768 (lane mask).
 */
@inline function ratioF4(o: v128, o0: v128, o1: v128, t0: v128, t1: v128, wide: bool): v128 {
  const magic = f64x2.splat(4503599627370496.0); // 2^52: the low word of k + 2^52 is k, for integers k in [0, 2^31)
  const k = i32x4.shuffle(f64x2.add(ratioF2(o0, t0, wide), magic), f64x2.add(ratioF2(o1, t1, wide), magic), 0, 2, 4, 6);
  return v128.bitselect(i32x4.splat(32768), k, i32x4.eq(o, i32x4.splat(0)));
}

/** ratioF4 on one float64 pair: k clamped to [0, 32768] as float64 (NaN where o = 0, masked by the caller). */
@inline function ratioF2(o: v128, t: v128, wide: bool): v128 {
  let m = o;
  let sc = t;
  if (wide) {
    const ao = f64x2.abs(o);
    // 2^(14 − ⌊log2|o|⌋) from the exponent field, capped at 1
    const inv = f64x2.pmin(i64x2.sub(i64x2.splat(2060 << 52), v128.and(ao, i64x2.splat(0x7ff0000000000000))), f64x2.splat(1.0));
    m = v128.or(f64x2.floor(f64x2.add(f64x2.mul(ao, inv), f64x2.splat(0.5))), v128.and(o, i64x2.splat(-0x8000000000000000)));
    sc = f64x2.mul(t, inv);
  }
  const d = f64x2.trunc(f64x2.div(f64x2.splat(1073741824.0), m));
  const k = f64x2.floor(f64x2.mul(f64x2.add(f64x2.mul(d, sc), f64x2.splat(16384.0)), f64x2.splat(1.0 / 32768.0)));
  return f64x2.pmin(f64x2.pmax(k, f64x2.splat(0.0)), f64x2.splat(32768.0));
}

/** (int16)((k·o + 2^14) >> 15) in 4 lanes (|k·o| ≤ 2^30). */
@inline function restore04(k: v128, o: v128): v128 {
  return i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(i32x4.mul(k, o), i32x4.splat(16384)), 15), 16), 16);
}

/**
 * The decouple of one level, for int16 bands (T = i16, level 0: adm_decouple) or int32 bands (T = i32, levels
 * 1–3: adm_decouple_s123). The h, v, d planes are `inStep` bytes apart in R, D and `outStep` bytes apart in the
 * outputs (restored r, additive a, and their gain-limit-1.0 versions er, ea). The angle test's products are
 * taken in float64, as the TypeScript port does (exact for int16 bands).
 */
@inline function decouple<T>(w: i32, R: usize, D: usize, inStep: usize, r: usize, a: usize, er: usize, ea: usize, outStep: usize,
  left: i32, top: i32, right: i32, bottom: i32, egl: bool, cos1sq: f64): void {
  const narrow = sizeof<T>() == 2;
  const it = inStep;
  const st = outStep;
  for (let i = top; i < bottom; i++) {
    for (let j = left + i * w, end = right + i * w; j < end; j++) {
      const q = <usize>j * sizeof<T>();
      const oh = <i32>load<T>(R + q), ov = <i32>load<T>(R + it + q), od = <i32>load<T>(R + 2 * it + q);
      const th = <i32>load<T>(D + q), tv = <i32>load<T>(D + it + q), td = <i32>load<T>(D + 2 * it + q);
      const otDp = <f64>oh * <f64>th + <f64>ov * <f64>tv;
      const oMag = <f64>oh * <f64>oh + <f64>ov * <f64>ov;
      const tMag = <f64>th * <f64>th + <f64>tv * <f64>tv;
      const an = <f64><f32>otDp / 4096.0;
      const angle = an >= 0 && an * an >= cos1sq * (<f64><f32>oMag / 4096.0) * (<f64><f32>tMag / 4096.0);
      const kh = narrow ? ratio0(oh, th) : ratioS(oh, th);
      const kv = narrow ? ratio0(ov, tv) : ratioS(ov, tv);
      const kd = narrow ? ratio0(od, td) : ratioS(od, td);
      let sh = restore(kh, oh, narrow);
      let sv = restore(kv, ov, narrow);
      let sd = restore(kd, od, narrow);
      if (angle) {
        if (egl) {
          const eh = enhance(sh, kh, oh, th, 1.0), ev = enhance(sv, kv, ov, tv, 1.0), ed = enhance(sd, kd, od, td, 1.0);
          store3<T>(er, st, q, eh, ev, ed);
          store3<T>(ea, st, q, th - eh, tv - ev, td - ed);
        }
        sh = enhance(sh, kh, oh, th, 100.0);
        sv = enhance(sv, kv, ov, tv, 100.0);
        sd = enhance(sd, kd, od, td, 100.0);
      } else if (egl) {
        store3<T>(er, st, q, sh, sv, sd);
        store3<T>(ea, st, q, th - sh, tv - sv, td - sd);
      }
      store3<T>(r, st, q, sh, sv, sd);
      store3<T>(a, st, q, th - sh, tv - sv, td - sd);
    }
  }
}

/** (k·o + 2^14) >> 15: kept to int16 at level 0 (adm_decouple), int32 at levels 1–3. */
@inline function restore(k: i32, o: i32, narrow: bool): i32 {
  return narrow ? (((k * o + 16384) >> 15) << 16) >> 16 : <i32>((<i64>k * <i64>o + 16384) >> 15);
}

/** Stores the h, v, d values of one sample into three planes `st` bytes apart (wrapping to T). */
@inline function store3<T>(p: usize, st: usize, q: usize, h: i32, v: i32, d: i32): void {
  store<T>(p + q, <T>h);
  store<T>(p + st + q, <T>v);
  store<T>(p + 2 * st + q, <T>d);
}

/** The low 16 bits of the 4 + 4 i32 lanes of a, b as an i16x8 (C's int16_t store). */
@inline function low16(a: v128, b: v128): v128 {
  return i8x16.shuffle(a, b, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29);
}

/** adm_csf at level 0 on the additive bands of gain limit 100 (e = 0) or 1.0 (e = 1). */
export function csf0(e: i32, left: i32, top: i32, right: i32, bottom: i32): void {
  for (let b = 0; b < 3; b++) {
    const src = plane((e ? B_AE : B_A) + b);
    const dst = plane(B_CSF + b);
    const flt = plane(B_FLT + b);
    const f = b == 2 ? 49417 : 36453;
    const sh = b == 2 ? 17 : 15;
    const ad = b == 2 ? 65535 : 16384;
    const fv = i32x4.splat(f), adv = i32x4.splat(ad);
    const k4369 = i32x4.splat(4369), r2048 = i32x4.splat(2048);
    for (let i = top; i < bottom; i++) {
      let j = left + i * BW;
      const end = right + i * BW;
      // 8 samples per step in i32x4 lanes, the same i32 arithmetic (|f·x| < 2^31); the int16 stores keep the low
      // 16 bits (a byte shuffle, since the threshold can exceed 32767 and i16x8.narrow would saturate)
      for (; j + 8 <= end; j += 8) {
        const x = v128.load(src + (<usize>j << 1));
        const v0 = i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(i32x4.mul(i32x4.extend_low_i16x8_s(x), fv), adv), sh), 16), 16);
        const v1 = i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(i32x4.mul(i32x4.extend_high_i16x8_s(x), fv), adv), sh), 16), 16);
        v128.store(dst + (<usize>j << 1), low16(v0, v1));
        const t0 = i32x4.shr_s(i32x4.add(i32x4.mul(i32x4.abs(v0), k4369), r2048), 12);
        const t1 = i32x4.shr_s(i32x4.add(i32x4.mul(i32x4.abs(v1), k4369), r2048), 12);
        v128.store(flt + (<usize>j << 1), low16(t0, t1));
      }
      for (; j < end; j++) {
        const v = (((f * ldI16(src, j) + ad) >> sh) << 16) >> 16;
        stI16(dst, j, v);
        stI16(flt, j, (4369 * (v < 0 ? -v : v) + 2048) >> 12);
      }
    }
  }
}

/**
 * The cm cube terms of 4 lanes, summed pairwise into i64x2: for x > 0, ((i32)((x² + sqAdd) >> sqShift)·x + cubAdd)
 * >> cubShift in 64-bit integers (x² < 2^62, the int32 cast keeps the low word as in C); lanes with x ≤ 0 count 0
 * (x is zeroed, and (0 + sqAdd) >> sqShift = 0, (0 + cubAdd) >> cubShift = 0 since sqAdd < 2^sqShift and
 * cubAdd < 2^cubShift). The arithmetic shift of the signed term (the int32 square can wrap negative) is taken as
 * an unsigned shift of the term + 2^63: the caller passes cubAdd + 2^63 as `cubAdd`, so each term comes out
 * 2^(63 − cubShift) too large (mod 2^64; i64x2.shr_s has no x64 instruction and costs six), and subtracts
 * unbias(columns, cubShift) from the row sum.
 */
@inline function cube4(x: v128, sqAdd: v128, sqShift: i32, cubAdd: v128, cubShift: i32): v128 {
  const xp = v128.and(x, i32x4.gt_s(x, i32x4.splat(0)));
  const q0 = i64x2.shr_u(i64x2.add(i64x2.extmul_low_i32x4_s(xp, xp), sqAdd), sqShift);
  const q1 = i64x2.shr_u(i64x2.add(i64x2.extmul_high_i32x4_s(xp, xp), sqAdd), sqShift);
  const xsq = i32x4.shuffle(q0, q1, 0, 2, 4, 6);
  const t0 = i64x2.shr_u(i64x2.add(i64x2.extmul_low_i32x4_s(xsq, xp), cubAdd), cubShift);
  const t1 = i64x2.shr_u(i64x2.add(i64x2.extmul_high_i32x4_s(xsq, xp), cubAdd), cubShift);
  return i64x2.add(t0, t1);
}

/** The bias of `n` cube4 terms: n·2^(63 − cubShift) mod 2^64. */
@inline function unbias(n: i32, cubShift: i32): i64 { return <i64>n << <i64>(63 - cubShift); }

/** cubAdd + 2^63 for cube4, splatted. */
@inline function biasedAdd(cubAdd: i64): v128 { return i64x2.splat(cubAdd | (<i64>1 << 63)); }

/**
 * adm_cm at level 0 (restored bands of gain limit 100, e = 0, or 1.0, e = 1) over rows [r0, r1) and columns
 * [c0, c1): per band Σ_rows ((Σ_cols cube terms) + 2^(innerShift−1)) >> innerShift, as doubles in out[0..2].
 */
export function cm0(e: i32, r0: i32, r1: i32, c0: i32, c1: i32, cubHV: i32, cubD: i32, innerShift: i32): void {
  const w = BW;
  const h = BH;
  const fh = plane(B_FLT), fv = plane(B_FLT + 1), fd = plane(B_FLT + 2);
  const ch = plane(B_CSF), cv = plane(B_CSF + 1), cd = plane(B_CSF + 2);
  const sh = plane((e ? B_RE : B_R)), sv = plane((e ? B_RE : B_R) + 1), sd = plane((e ? B_RE : B_R) + 2);
  const addHV: i64 = cubHV > 0 ? (<i64>1) << <i64>(cubHV - 1) : 0;
  const addD: i64 = cubD > 0 ? (<i64>1) << <i64>(cubD - 1) : 0;
  const innerAdd: i64 = innerShift > 0 ? (<i64>1) << <i64>(innerShift - 1) : 0;
  let oH: i64 = 0, oV: i64 = 0, oD: i64 = 0;
  for (let i = r0; i < r1; i++) {
    const up = (i == 0 ? 1 : i - 1) * w;
    const mid = i * w;
    const dn = (i == h - 1 ? h - 1 : i + 1) * w;
    // The threshold of the row first. Column sums of the three bands over rows up, mid, dn (8 per step), then per
    // inner column col[j−1] + col[j] + col[j+1] − the three centres + their csf terms (4 per step): the 24
    // neighbours summed in another order (int32 sums of int16 terms, identical); the border columns scalar.
    {
      let jc = c0 > 0 ? c0 - 1 : 0;
      const jEnd = c1 < w - 1 ? c1 : w - 1; // inclusive
      for (; jc + 8 <= jEnd + 1; jc += 8) {
        let lo = i32x4.splat(0), hi = i32x4.splat(0);
        for (let b = 0; b < 3; b++) {
          const f = b == 0 ? fh : b == 1 ? fv : fd;
          const xu = v128.load(f + (<usize>(up + jc) << 1)), xm = v128.load(f + (<usize>(mid + jc) << 1)), xn = v128.load(f + (<usize>(dn + jc) << 1));
          lo = i32x4.add(lo, i32x4.add(i32x4.add(i32x4.extend_low_i16x8_s(xu), i32x4.extend_low_i16x8_s(xm)), i32x4.extend_low_i16x8_s(xn)));
          hi = i32x4.add(hi, i32x4.add(i32x4.add(i32x4.extend_high_i16x8_s(xu), i32x4.extend_high_i16x8_s(xm)), i32x4.extend_high_i16x8_s(xn)));
        }
        v128.store(colRow + (<usize>jc << 2), lo);
        v128.store(colRow + (<usize>jc << 2) + 16, hi);
      }
      for (; jc <= jEnd; jc++) {
        stI32(colRow, jc, ldI16(fh, up + jc) + ldI16(fh, mid + jc) + ldI16(fh, dn + jc) + ldI16(fv, up + jc) + ldI16(fv, mid + jc) +
          ldI16(fv, dn + jc) + ldI16(fd, up + jc) + ldI16(fd, mid + jc) + ldI16(fd, dn + jc));
      }
    }
    let jt = c0;
    if (jt == 0 && jt < c1) { stI32(thrRow, 0, cmThr(fh, fv, fd, ch, cv, cd, up, mid, dn, 0, w)); jt = 1; }
    {
      const k8738 = i32x4.splat(8738), r2048 = i32x4.splat(2048);
      for (; jt + 4 <= c1 && jt + 4 <= w - 1; jt += 4) {
        const cp = colRow + (<usize>jt << 2);
        let t = i32x4.add(i32x4.add(v128.load(cp - 4), v128.load(cp)), v128.load(cp + 4));
        const q = <usize>(mid + jt) << 1;
        for (let b = 0; b < 3; b++) {
          const f = b == 0 ? fh : b == 1 ? fv : fd;
          const c = b == 0 ? ch : b == 1 ? cv : cd;
          const a = i32x4.abs(ld16s(c + q));
          t = i32x4.add(i32x4.sub(t, ld16s(f + q)), i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(i32x4.mul(a, k8738), r2048), 12), 16), 16));
        }
        v128.store(thrRow + (<usize>jt << 2), t);
      }
    }
    for (; jt < c1; jt++) stI32(thrRow, jt, cmThr(fh, fv, fd, ch, cv, cd, up, mid, dn, jt, w));
    // The cube terms, 4 columns per step (cube4: i64x2 lanes, the same 64-bit integer arithmetic), then the tail.
    let vH = i64x2.splat(0), vV = i64x2.splat(0), vD = i64x2.splat(0);
    let j = c0;
    {
      const k36453 = i32x4.splat(36453), k49417 = i32x4.splat(49417);
      const sqHV = i64x2.splat(268435456), sqD = i64x2.splat(536870912);
      const cHV = biasedAdd(addHV), cD = biasedAdd(addD);
      for (; j + 4 <= c1; j += 4) {
        const q = <usize>(mid + j) << 1;
        const thr = v128.load(thrRow + (<usize>j << 2));
        const t10 = i32x4.shl(thr, 10), t12 = i32x4.shl(thr, 12);
        vH = i64x2.add(vH, cube4(i32x4.sub(i32x4.abs(i32x4.mul(ld16s(sh + q), k36453)), t10), sqHV, 29, cHV, cubHV));
        vV = i64x2.add(vV, cube4(i32x4.sub(i32x4.abs(i32x4.mul(ld16s(sv + q), k36453)), t10), sqHV, 29, cHV, cubHV));
        vD = i64x2.add(vD, cube4(i32x4.sub(i32x4.abs(i32x4.mul(ld16s(sd + q), k49417)), t12), sqD, 30, cD, cubD));
      }
    }
    let accH: i64 = i64x2.extract_lane(vH, 0) + i64x2.extract_lane(vH, 1) - unbias(j - c0, cubHV);
    let accV: i64 = i64x2.extract_lane(vV, 0) + i64x2.extract_lane(vV, 1) - unbias(j - c0, cubHV);
    let accD: i64 = i64x2.extract_lane(vD, 0) + i64x2.extract_lane(vD, 1) - unbias(j - c0, cubD);
    for (; j < c1; j++) {
      const m = mid + j;
      const thr = ldI32(thrRow, j);
      let xr = ldI16(sh, m) * 36453;
      let x = (xr < 0 ? -xr : xr) - (thr << 10);
      if (x > 0) {
        const xsq = <i32>((<i64>x * <i64>x + 268435456) >> 29);
        accH += (<i64>xsq * <i64>x + addHV) >> <i64>cubHV;
      }
      xr = ldI16(sv, m) * 36453;
      x = (xr < 0 ? -xr : xr) - (thr << 10);
      if (x > 0) {
        const xsq = <i32>((<i64>x * <i64>x + 268435456) >> 29);
        accV += (<i64>xsq * <i64>x + addHV) >> <i64>cubHV;
      }
      xr = ldI16(sd, m) * 49417;
      x = (xr < 0 ? -xr : xr) - (thr << 12);
      if (x > 0) {
        const xsq = <i32>((<i64>x * <i64>x + 536870912) >> 30);
        accD += (<i64>xsq * <i64>x + addD) >> <i64>cubD;
      }
    }
    oH += (accH + innerAdd) >> <i64>innerShift;
    oV += (accV + innerAdd) >> <i64>innerShift;
    oD += (accD + innerAdd) >> <i64>innerShift;
  }
  store<f64>(out, <f64>oH);
  store<f64>(out + 8, <f64>oV);
  store<f64>(out + 16, <f64>oD);
}

// ---- levels 1..3 (s is the level, 1..3; its arrays are at index s − 1)

/**
 * Levels 1–3 DWT (adm_dwt2_s123_combined) of the previous level's approximation band of ref (0) or dis (1).
 * 4 columns (vertical pass) or 4 outputs (horizontal pass) per step: the 64-bit products and sums of C in i64x2
 * lanes (tap4), the border outputs and tails scalar.
 */
export function dwtS(s: i32, which: i32): void {
  const k = s - 1;
  const bw = lw(k), bh = lh(k);
  const w = k == 0 ? BW : lw(k - 1); // input size of this level
  const src = k == 0 ? plane(which == 0 ? B_REF : B_DIS) : band32(k - 1, which, 0);
  const wide = k > 0; // i32 input (levels 2, 3) or i16 (level 1)
  const addV: i64 = s == 1 ? 0 : 32768;
  const shV: i32 = s == 1 ? 0 : 16;
  const addH: i64 = s == 2 ? 32768 : 16384;
  const shH: i32 = s == 2 ? 16 : 15;
  const iy = lIndY(k), ix = lIndX(k);
  const pa = band32(k, which, 0), ph = band32(k, which, 1), pv = band32(k, which, 2), pd = band32(k, which, 3);
  const l0 = i32x4.splat(15826), l1 = i32x4.splat(27411), l2 = i32x4.splat(7345), l3 = i32x4.splat(-4240);
  const h1 = i32x4.splat(-7345), h3 = i32x4.splat(-15826);
  const aV = i64x2.splat(addV), aH = i64x2.splat(addH);
  // tap pairs for i32x4.dot_i16x8_s (low half first), as in dwt8
  const pa0 = i32x4.splat((27411 << 16) | 15826), pa1 = i32x4.splat((-4240 << 16) | 7345);
  const pb0 = i32x4.splat((-7345 << 16) | (-4240 & 0xffff)), pb1 = i32x4.splat((-15826 << 16) | 27411);
  for (let i = 0; i < bh; i++) {
    const r0 = ldI32s(iy, i) * w, r1 = ldI32s(iy, bh + i) * w, r2 = ldI32s(iy, 2 * bh + i) * w, r3 = ldI32s(iy, 3 * bh + i) * w;
    let j = 0;
    if (!wide) {
      // level 1 (int16 input, no vertical shift): the sums fit int32 (|Σ| ≤ 54822·2^15 < 2^31), so 8 columns per
      // step as in dwt8: two rows per i32x4.dot_i16x8_s on row-interleaved int16 lanes
      for (; j + 8 <= w; j += 8) {
        const x0 = v128.load(src + (<usize>(r0 + j) << 1)), x1 = v128.load(src + (<usize>(r1 + j) << 1));
        const x2 = v128.load(src + (<usize>(r2 + j) << 1)), x3 = v128.load(src + (<usize>(r3 + j) << 1));
        const a0 = i16x8.shuffle(x0, x1, 0, 8, 1, 9, 2, 10, 3, 11), a1 = i16x8.shuffle(x0, x1, 4, 12, 5, 13, 6, 14, 7, 15);
        const b0 = i16x8.shuffle(x2, x3, 0, 8, 1, 9, 2, 10, 3, 11), b1 = i16x8.shuffle(x2, x3, 4, 12, 5, 13, 6, 14, 7, 15);
        const q = <usize>j << 2;
        v128.store(tlo + q, i32x4.add(i32x4.dot_i16x8_s(a0, pa0), i32x4.dot_i16x8_s(b0, pa1)));
        v128.store(tlo + q + 16, i32x4.add(i32x4.dot_i16x8_s(a1, pa0), i32x4.dot_i16x8_s(b1, pa1)));
        v128.store(thi + q, i32x4.add(i32x4.dot_i16x8_s(a0, pb0), i32x4.dot_i16x8_s(b0, pb1)));
        v128.store(thi + q + 16, i32x4.add(i32x4.dot_i16x8_s(a1, pb0), i32x4.dot_i16x8_s(b1, pb1)));
      }
    }
    for (; j + 4 <= w; j += 4) {
      let u0: v128, u1: v128, u2: v128, u3: v128;
      if (wide) {
        u0 = v128.load(src + (<usize>(r0 + j) << 2)); u1 = v128.load(src + (<usize>(r1 + j) << 2));
        u2 = v128.load(src + (<usize>(r2 + j) << 2)); u3 = v128.load(src + (<usize>(r3 + j) << 2));
      } else {
        u0 = ld16s(src + (<usize>(r0 + j) << 1)); u1 = ld16s(src + (<usize>(r1 + j) << 1));
        u2 = ld16s(src + (<usize>(r2 + j) << 1)); u3 = ld16s(src + (<usize>(r3 + j) << 1));
      }
      v128.store(tlo + (<usize>j << 2), tap4(u0, u1, u2, u3, l0, l1, l2, l3, aV, shV));
      v128.store(thi + (<usize>j << 2), tap4(u0, u1, u2, u3, l3, h1, l1, h3, aV, shV));
    }
    for (; j < w; j++) {
      let u0: i64, u1: i64, u2: i64, u3: i64;
      if (wide) {
        u0 = <i64>ldI32s(src, r0 + j); u1 = <i64>ldI32s(src, r1 + j); u2 = <i64>ldI32s(src, r2 + j); u3 = <i64>ldI32s(src, r3 + j);
      } else {
        u0 = <i64>ldI16(src, r0 + j); u1 = <i64>ldI16(src, r1 + j); u2 = <i64>ldI16(src, r2 + j); u3 = <i64>ldI16(src, r3 + j);
      }
      const lo = 15826 * u0 + 27411 * u1 + 7345 * u2 - 4240 * u3;
      const hi = -4240 * u0 - 7345 * u1 + 27411 * u2 - 15826 * u3;
      stI32(tlo, j, <i32>((lo + addV) >> <i64>shV));
      stI32(thi, j, <i32>((hi + addV) >> <i64>shV));
    }
    const o = i * bw;
    dwtSCol(ix, pa, pv, ph, pd, o, 0, w, bw, addH, shH);
    let jj = 1;
    // Inner outputs, 4 per step, in i32 lanes with i32x4.dot_i16x8_s as in dwt8: each vertical result v = 2^16·vh +
    // vl (vh = v >> 16, vl = v & 0xffff) is split into two int16 rows, vh and vl − 32768, so with the tap sum S
    // (46342 for the low-pass taps, 0 for the high-pass ones) Σc·v + add = 2^16·A + B + 2^15·S + add, A = Σc·vh and
    // B = Σc·(vl − 32768) (|A|, |B| ≤ 54822·2^15 < 2^31). With 2^15·S + add = K1·2^sh + K0 (K0 < 2^sh):
    // (Σc·v + add) >> sh = 2^(16−sh)·A + ((B + K0) >> sh) + K1, |B + K0| < 2^31, and the int32 wrap of the sum is
    // C's (int32) cast of the 64-bit result.
    splitRow(tlo, splitRows, w);
    splitRow(thi, splitRows + 2 * (<usize>W + 16) * 2, w);
    const upSh = 16 - shH;
    const k0a = i32x4.splat(shH == 15 ? 16384 : 32768), k1a = i32x4.splat(shH == 15 ? 46342 : 23171);
    const k0b = i32x4.splat(<i32>addH);
    for (; jj + 3 < bw && 2 * (jj + 3) + 2 < w; jj += 4) {
      const q = <usize>(2 * jj - 1) << 1;
      const out = <usize>(o + jj) << 2;
      for (let b = 0; b < 2; b++) {
        const rH = splitRows + <usize>(2 * b) * (<usize>W + 16) * 2 + q;
        const rL = rH + (<usize>W + 16) * 2;
        const h0 = v128.load(rH), h1 = v128.load(rH + 4), g0 = v128.load(rL), g1 = v128.load(rL + 4);
        let A = i32x4.add(i32x4.dot_i16x8_s(h0, pa0), i32x4.dot_i16x8_s(h1, pa1));
        let B = i32x4.add(i32x4.dot_i16x8_s(g0, pa0), i32x4.dot_i16x8_s(g1, pa1));
        v128.store((b == 0 ? pa : ph) + out, i32x4.add(i32x4.add(i32x4.shl(A, upSh), i32x4.shr_s(i32x4.add(B, k0a), shH)), k1a));
        A = i32x4.add(i32x4.dot_i16x8_s(h0, pb0), i32x4.dot_i16x8_s(h1, pb1));
        B = i32x4.add(i32x4.dot_i16x8_s(g0, pb0), i32x4.dot_i16x8_s(g1, pb1));
        v128.store((b == 0 ? pv : pd) + out, i32x4.add(i32x4.shl(A, upSh), i32x4.shr_s(i32x4.add(B, k0b), shH)));
      }
    }
    for (; jj < bw; jj++) dwtSCol(ix, pa, pv, ph, pd, o, jj, w, bw, addH, shH);
  }
}

/**
 * The int32 row `src` (w values) as two int16 rows at dst (v >> 16) and dst + (W + 16)·2 bytes (v & 0xffff, minus
 * 32768), 8 per step (reading up to 7 values past w: tlo and thi are followed by other buffers).
 */
@inline function splitRow(src: usize, dst: usize, w: i32): void {
  const bias = i32x4.splat(0x8000);
  const dl = dst + (<usize>W + 16) * 2;
  for (let j = 0; j < w; j += 8) {
    const a = v128.load(src + (<usize>j << 2)), b = v128.load(src + (<usize>j << 2) + 16);
    v128.store(dst + (<usize>j << 1), i16x8.shuffle(a, b, 1, 3, 5, 7, 9, 11, 13, 15));
    v128.store(dl + (<usize>j << 1), i16x8.shuffle(v128.xor(a, bias), v128.xor(b, bias), 0, 2, 4, 6, 8, 10, 12, 14));
  }
}

/** (int32)((c0·u0 + c1·u1 + c2·u2 + c3·u3 + add) >> sh) in 4 lanes, products and sums in 64-bit lanes. */
@inline function tap4(u0: v128, u1: v128, u2: v128, u3: v128, c0: v128, c1: v128, c2: v128, c3: v128, add: v128, sh: i32): v128 {
  let lo = i64x2.add(i64x2.add(i64x2.extmul_low_i32x4_s(u0, c0), i64x2.extmul_low_i32x4_s(u1, c1)),
    i64x2.add(i64x2.extmul_low_i32x4_s(u2, c2), i64x2.extmul_low_i32x4_s(u3, c3)));
  let hi = i64x2.add(i64x2.add(i64x2.extmul_high_i32x4_s(u0, c0), i64x2.extmul_high_i32x4_s(u1, c1)),
    i64x2.add(i64x2.extmul_high_i32x4_s(u2, c2), i64x2.extmul_high_i32x4_s(u3, c3)));
  // only the low word is kept, which the unsigned shift (one x64 instruction) gives as the arithmetic one (shift ≤ 32)
  lo = i64x2.shr_u(i64x2.add(lo, add), sh);
  hi = i64x2.shr_u(i64x2.add(hi, add), sh);
  return i32x4.shuffle(lo, hi, 0, 2, 4, 6);
}

/** One output column jj of dwtS's horizontal pass (row offset o) from tlo/thi, scalar (borders and tail). */
@inline function dwtSCol(ix: usize, pa: usize, pv: usize, ph: usize, pd: usize, o: i32, jj: i32, w: i32, bw: i32, addH: i64, shH: i32): void {
  const inner = jj > 0 && 2 * jj + 2 < w;
  const j0 = inner ? 2 * jj - 1 : ldI32s(ix, jj);
  const j1 = inner ? 2 * jj : ldI32s(ix, bw + jj);
  const j2 = inner ? 2 * jj + 1 : ldI32s(ix, 2 * bw + jj);
  const j3 = inner ? 2 * jj + 2 : ldI32s(ix, 3 * bw + jj);
  const sh = <i64>shH;
  let s0 = <i64>ldI32s(tlo, j0), s1 = <i64>ldI32s(tlo, j1), s2 = <i64>ldI32s(tlo, j2), s3 = <i64>ldI32s(tlo, j3);
  stI32(pa, o + jj, <i32>((15826 * s0 + 27411 * s1 + 7345 * s2 - 4240 * s3 + addH) >> sh));
  stI32(pv, o + jj, <i32>((-4240 * s0 - 7345 * s1 + 27411 * s2 - 15826 * s3 + addH) >> sh));
  s0 = <i64>ldI32s(thi, j0); s1 = <i64>ldI32s(thi, j1); s2 = <i64>ldI32s(thi, j2); s3 = <i64>ldI32s(thi, j3);
  stI32(ph, o + jj, <i32>((15826 * s0 + 27411 * s1 + 7345 * s2 - 4240 * s3 + addH) >> sh));
  stI32(pd, o + jj, <i32>((-4240 * s0 - 7345 * s1 + 27411 * s2 - 15826 * s3 + addH) >> sh));
}

/**
 * adm_csf_den_s123's sum for reference band b (0 h, 1 v, 2 d) of level s: per row Σ ((⌊(x² + 2^sq) / 2^sq⌋·x +
 * 2^(cub−1)) >> cub), then Σ_rows ((row + 2^(acc−1)) >> acc), unsigned 64-bit; as a double in out[0].
 */
export function denSSum(s: i32, b: i32, left: i32, top: i32, right: i32, bottom: i32, sqShift: i32, cubShift: i32, accShift: i32): void {
  const k = s - 1;
  const w = lw(k);
  const p = band32(k, 0, 1 + b);
  const sqAdd: u64 = (<u64>1) << <u64>sqShift;
  const cubAdd: u64 = cubShift > 0 ? (<u64>1) << <u64>(cubShift - 1) : 0;
  const accAdd: u64 = accShift > 0 ? (<u64>1) << <u64>(accShift - 1) : 0;
  const vsq = i64x2.splat(<i64>sqAdd), vcub = i64x2.splat(<i64>cubAdd);
  let outer: u64 = 0;
  for (let i = top; i < bottom; i++) {
    const o = i * w;
    // 4 samples per step in u64 lanes (wrapping as the scalar u64 code): |v| read as u32 (2^31 for INT32_MIN),
    // x² exact from the u32 × u32 → u64 product, q·x by i64x2.mul (mod 2^64), the shifts unsigned; x = 0 adds
    // nothing (q = 1, (0 + cubAdd) >> cubShift = 0), so no lane mask
    let va = i64x2.splat(0);
    let j = o + left;
    const end = o + right;
    for (; j + 4 <= end; j += 4) {
      const x = i32x4.abs(v128.load(p + (<usize>j << 2)));
      const q0 = i64x2.shr_u(i64x2.add(i64x2.extmul_low_i32x4_u(x, x), vsq), sqShift);
      const q1 = i64x2.shr_u(i64x2.add(i64x2.extmul_high_i32x4_u(x, x), vsq), sqShift);
      va = i64x2.add(va, i64x2.shr_u(i64x2.add(i64x2.mul(q0, i64x2.extend_low_i32x4_u(x)), vcub), cubShift));
      va = i64x2.add(va, i64x2.shr_u(i64x2.add(i64x2.mul(q1, i64x2.extend_high_i32x4_u(x)), vcub), cubShift));
    }
    let acc: u64 = <u64>i64x2.extract_lane(va, 0) + <u64>i64x2.extract_lane(va, 1);
    for (; j < end; j++) {
      const v = <i64>ldI32s(p, j);
      const x = <u64>(v < 0 ? -v : v);
      if (x == 0) continue;
      const q = (x * x + sqAdd) >> <u64>sqShift;
      acc += (q * x + cubAdd) >> <u64>cubShift;
    }
    outer += (acc + accAdd) >> <u64>accShift;
  }
  store<f64>(out, <f64>outer);
}

/** Levels 1–3 Q15 ratio t/o through the reciprocal table on the top 15 bits of |o| (adm_decouple_s123). */
@inline function ratioS(o: i32, t: i32): i32 {
  if (o == 0) return 32768;
  if (o > -32768 && o < 32768) return clampK((<i64>ldI32(div, o + 32768) * <i64>t + 16384) >> 15);
  const ao = o < 0 ? -(<i64>o) : <i64>o;
  const shift = 17 - <i32>clz<u32>(<u32>ao);
  const m = <i32>((ao + ((<i64>1) << <i64>(shift - 1))) >> <i64>shift);
  const d = <i64>(o < 0 ? ldI32(div, 32768 - m) : ldI32(div, 32768 + m));
  return clampK((d * <i64>t + ((<i64>1) << <i64>(14 + shift))) >> <i64>(15 + shift));
}

/** adm_decouple_s123 over [left, right) × [top, bottom) of level s: gain limits 100 and (if egl) 1.0. */
export function decoupleS(s: i32, left: i32, top: i32, right: i32, bottom: i32, egl: bool, cos1sq: f64): void {
  const k = s - 1;
  decoupleSimd<i32>(lw(k), band32(k, 0, 1), band32(k, 1, 1), band32(k, 0, 2) - band32(k, 0, 1),
    workPlane(W_R), workPlane(W_A), workPlane(W_RE), workPlane(W_AE), workPlane(1) - workPlane(0), left, top, right, bottom, egl, cos1sq);
}

/** (int32)((k·o + 2^14) >> 15) in 4 lanes, the product in i64 lanes (|k·o| ≤ 2^46). */
@inline function restoreS4(k: v128, o: v128): v128 {
  const r = i64x2.splat(16384);
  // only the low word is kept, which the unsigned shift (one x64 instruction) gives as the arithmetic one (shift ≤ 32)
  const p0 = i64x2.shr_u(i64x2.add(i64x2.extmul_low_i32x4_s(k, o), r), 15);
  const p1 = i64x2.shr_u(i64x2.add(i64x2.extmul_high_i32x4_s(k, o), r), 15);
  return i32x4.shuffle(p0, p1, 0, 2, 4, 6);
}

/**
 * enhance() in 4 int32 lanes. Where it applies upwards (k > 0, o > 0) rst ≥ 0, downwards rst ≤ 0; rst·100 leaves
 * int32 only when |rst| > 21474836 (never at level 0), and then the float64 min/max of the scalar code is t.
 */
@inline function enhanceS4(rst: v128, k: v128, o: v128, t: v128, g100: bool): v128 {
  const kp = i32x4.gt_s(k, i32x4.splat(0));
  const up = v128.and(kp, i32x4.gt_s(o, i32x4.splat(0)));
  const dn = v128.and(kp, i32x4.lt_s(o, i32x4.splat(0)));
  let hi: v128, lo: v128;
  if (g100) {
    const v = i32x4.mul(rst, i32x4.splat(100));
    hi = v128.bitselect(t, i32x4.min_s(v, t), i32x4.gt_s(rst, i32x4.splat(21474836)));
    lo = v128.bitselect(t, i32x4.max_s(v, t), i32x4.lt_s(rst, i32x4.splat(-21474836)));
  } else {
    hi = i32x4.min_s(rst, t);
    lo = i32x4.max_s(rst, t);
  }
  return v128.bitselect(hi, v128.bitselect(lo, rst, dn), up);
}

/** ⌊(a·b + add) / 2^s⌋ on 64-bit integers (arithmetic shift). */
@inline function msf(a: i64, b: i64, add: i64, s: i64): i64 { return (a * b + add) >> s; }

/** i4_adm_csf at level s on the additive bands of gain limit 100 (e = 0) or 1.0 (e = 1); f*: ⌊rf·2^32⌋. */
export function csfS(s: i32, e: i32, left: i32, top: i32, right: i32, bottom: i32, f0: i64, f1: i64, f2: i64): void {
  const w = lw(s - 1);
  for (let b = 0; b < 3; b++) {
    const src = workPlane((e ? W_AE : W_A) + b);
    const dst = workPlane(W_CSF + b);
    const flt = workPlane(W_FLT + b);
    const f = b == 0 ? f0 : b == 1 ? f1 : f2;
    const fv = i32x4.splat(<i32>f), r27 = i64x2.splat(134217728); // f = ⌊rf·2^32⌋ < 2^31 at every level
    const k30 = i32x4.splat(143165577), m31 = i64x2.splat(-2147483648);
    for (let i = top; i < bottom; i++) {
      let j = left + i * w;
      const end = right + i * w;
      // 4 samples per step: the 64-bit products in i64x2 lanes; flt = the high word of |v|·⌊2^32/30⌋ − 2^31
      for (; j + 4 <= end; j += 4) {
        const q = <usize>j << 2;
        const v = scale4(v128.load(src + q), fv, r27);
        v128.store(dst + q, v);
        const a = i32x4.abs(v);
        const p0 = i64x2.add(i64x2.extmul_low_i32x4_u(a, k30), m31);
        const p1 = i64x2.add(i64x2.extmul_high_i32x4_u(a, k30), m31);
        v128.store(flt + q, i32x4.shuffle(p0, p1, 1, 3, 5, 7));
      }
      for (; j < end; j++) {
        const v = <i32>msf(<i64>ldI32s(src, j), f, 134217728, 28);
        stI32(dst, j, v);
        const av = <i64>v;
        stI32(flt, j, <i32>msf(av < 0 ? -av : av, 143165577, -2147483648, 32));
      }
    }
  }
}

/**
 * i4_adm_cm at level s (restored bands of gain limit 100, e = 0, or 1.0, e = 1) over rows [r0, r1) and columns
 * [c0, c1): per band Σ_rows ((Σ_cols cube terms) + 2^(inner−1)) >> inner, rounded once to float32 (as the
 * TypeScript port's U64Acc.toFloat32), in out[0..2].
 */
export function cmS(s: i32, e: i32, r0: i32, r1: i32, c0: i32, c1: i32, irfHV: i64, irfD: i64, cubShift: i32, innerShift: i32): void {
  const w = lw(s - 1);
  const h = lh(s - 1);
  const fh = workPlane(W_FLT), fv = workPlane(W_FLT + 1), fd = workPlane(W_FLT + 2);
  const ch = workPlane(W_CSF), cv = workPlane(W_CSF + 1), cd = workPlane(W_CSF + 2);
  const rb = e ? W_RE : W_R;
  const sh = workPlane(rb), sv = workPlane(rb + 1), sd = workPlane(rb + 2);
  const cubAdd: i64 = cubShift > 0 ? (<i64>1) << <i64>(cubShift - 1) : 0;
  const innerAdd: i64 = innerShift > 0 ? (<i64>1) << <i64>(innerShift - 1) : 0;
  // irf < 2^31 at every level (⌊2^32/Q⌋ with Q > 2), so the products are i32 × i32 → i64 lane multiplies
  const vHV = i32x4.splat(<i32>irfHV), vD = i32x4.splat(<i32>irfD);
  const r27 = i64x2.splat(134217728), sq = i64x2.splat(536870912), cA = biasedAdd(cubAdd);
  const k15 = i32x4.splat(286331153), m31 = i64x2.splat(-2147483648);
  let oH: i64 = 0, oV: i64 = 0, oD: i64 = 0;
  for (let i = r0; i < r1; i++) {
    const up = (i == 0 ? 1 : i - 1) * w;
    const mid = i * w;
    const dn = (i == h - 1 ? h - 1 : i + 1) * w;
    // The threshold of the row into thrRow: per band the 8 neighbours plus the centre term, int32 sums (wrapping as
    // in C; the order of int32 additions does not matter modulo 2^32). Column sums of the three bands over rows
    // up, mid, dn first (4 per step), then per inner column col[j−1] + col[j] + col[j+1] − the three centres + their
    // centre terms (4 per step); the border columns scalar.
    let jc = c0 > 0 ? c0 - 1 : 0;
    const jEnd = c1 < w - 1 ? c1 : w - 1; // inclusive
    for (; jc + 4 <= jEnd + 1; jc += 4) {
      const q = <usize>jc << 2;
      let t = i32x4.add(i32x4.add(v128.load(fh + (<usize>up << 2) + q), v128.load(fh + (<usize>mid << 2) + q)), v128.load(fh + (<usize>dn << 2) + q));
      t = i32x4.add(t, i32x4.add(i32x4.add(v128.load(fv + (<usize>up << 2) + q), v128.load(fv + (<usize>mid << 2) + q)), v128.load(fv + (<usize>dn << 2) + q)));
      t = i32x4.add(t, i32x4.add(i32x4.add(v128.load(fd + (<usize>up << 2) + q), v128.load(fd + (<usize>mid << 2) + q)), v128.load(fd + (<usize>dn << 2) + q)));
      v128.store(colRow + q, t);
    }
    for (; jc <= jEnd; jc++) {
      stI32(colRow, jc, ldI32s(fh, up + jc) + ldI32s(fh, mid + jc) + ldI32s(fh, dn + jc) + ldI32s(fv, up + jc) + ldI32s(fv, mid + jc) +
        ldI32s(fv, dn + jc) + ldI32s(fd, up + jc) + ldI32s(fd, mid + jc) + ldI32s(fd, dn + jc));
    }
    let jt = c0;
    if (jt == 0 && jt < c1) { stI32(thrRow, 0, thrS(fh, fv, fd, ch, cv, cd, up, mid, dn, 0, w)); jt = 1; }
    for (; jt + 4 <= c1 && jt + 4 <= w - 1; jt += 4) {
      const cp = colRow + (<usize>jt << 2);
      let t = i32x4.add(i32x4.add(v128.load(cp - 4), v128.load(cp)), v128.load(cp + 4));
      const q = <usize>(mid + jt) << 2;
      for (let b = 0; b < 3; b++) {
        const f = b == 0 ? fh : b == 1 ? fv : fd;
        // centre: (int32)((|c|·⌊2^32/15⌋ − 2^31) >> 32) = the high word of the 64-bit difference (|c| ≤ 2^31 read
        // unsigned, so i32x4.abs(INT32_MIN) counts as 2^31 as in the C int64)
        const a = i32x4.abs(v128.load((b == 0 ? ch : b == 1 ? cv : cd) + q));
        const p0 = i64x2.add(i64x2.extmul_low_i32x4_u(a, k15), m31);
        const p1 = i64x2.add(i64x2.extmul_high_i32x4_u(a, k15), m31);
        t = i32x4.add(i32x4.sub(t, v128.load(f + q)), i32x4.shuffle(p0, p1, 1, 3, 5, 7));
      }
      v128.store(thrRow + (<usize>jt << 2), t);
    }
    for (; jt < c1; jt++) stI32(thrRow, jt, thrS(fh, fv, fd, ch, cv, cd, up, mid, dn, jt, w));
    // The cube terms, 4 columns per step: xr = (int32)((x·irf + 2^27) >> 28), x = (int32)(|xr| − thr).
    let aH = i64x2.splat(0), aV = i64x2.splat(0), aD = i64x2.splat(0);
    let j = c0;
    for (; j + 4 <= c1; j += 4) {
      const q = <usize>(mid + j) << 2;
      const thr = v128.load(thrRow + (<usize>j << 2));
      aH = i64x2.add(aH, cube4(i32x4.sub(i32x4.abs(scale4(v128.load(sh + q), vHV, r27)), thr), sq, 30, cA, cubShift));
      aV = i64x2.add(aV, cube4(i32x4.sub(i32x4.abs(scale4(v128.load(sv + q), vHV, r27)), thr), sq, 30, cA, cubShift));
      aD = i64x2.add(aD, cube4(i32x4.sub(i32x4.abs(scale4(v128.load(sd + q), vD, r27)), thr), sq, 30, cA, cubShift));
    }
    let accH: i64 = i64x2.extract_lane(aH, 0) + i64x2.extract_lane(aH, 1) - unbias(j - c0, cubShift);
    let accV: i64 = i64x2.extract_lane(aV, 0) + i64x2.extract_lane(aV, 1) - unbias(j - c0, cubShift);
    let accD: i64 = i64x2.extract_lane(aD, 0) + i64x2.extract_lane(aD, 1) - unbias(j - c0, cubShift);
    for (; j < c1; j++) {
      const m = mid + j;
      const thr = ldI32s(thrRow, j);
      for (let b = 0; b < 3; b++) {
        const xr = <i64><i32>msf(<i64>ldI32s(b == 0 ? sh : b == 1 ? sv : sd, m), b == 2 ? irfD : irfHV, 134217728, 28);
        const x = <i32>((xr < 0 ? -xr : xr) - <i64>thr);
        if (x <= 0) continue;
        const xsq = <i64><i32>msf(<i64>x, <i64>x, 536870912, 30);
        const term = (xsq * <i64>x + cubAdd) >> <i64>cubShift;
        if (b == 0) accH += term;
        else if (b == 1) accV += term;
        else accD += term;
      }
    }
    oH += (accH + innerAdd) >> <i64>innerShift;
    oV += (accV + innerAdd) >> <i64>innerShift;
    oD += (accD + innerAdd) >> <i64>innerShift;
  }
  store<f64>(out, <f64><f32>oH);
  store<f64>(out + 8, <f64><f32>oV);
  store<f64>(out + 16, <f64><f32>oD);
}

/** (int32)((x·f + 2^27) >> 28) in 4 lanes (x, f int32; the 64-bit product and arithmetic shift of C). */
@inline function scale4(x: v128, f: v128, r27: v128): v128 {
  // only the low word is kept, which the unsigned shift (one x64 instruction) gives as the arithmetic one (shift ≤ 32)
  const p0 = i64x2.shr_u(i64x2.add(i64x2.extmul_low_i32x4_s(x, f), r27), 28);
  const p1 = i64x2.shr_u(i64x2.add(i64x2.extmul_high_i32x4_s(x, f), r27), 28);
  return i32x4.shuffle(p0, p1, 0, 2, 4, 6);
}

/** The levels-1..3 threshold at column j (scalar; rows up/dn mirrored by the caller, columns here). */
@inline function thrS(fh: usize, fv: usize, fd: usize, ch: usize, cv: usize, cd: usize, up: i32, mid: i32, dn: i32, j: i32, w: i32): i32 {
  const jl = j == 0 ? 1 : j - 1;
  const jr = j == w - 1 ? w - 1 : j + 1;
  const m = mid + j;
  let thr: i32 = 0;
  for (let t = 0; t < 3; t++) {
    const flt = t == 0 ? fh : t == 1 ? fv : fd;
    const c = <i64>ldI32s(t == 0 ? ch : t == 1 ? cv : cd, m);
    const centre = <i32>msf(c < 0 ? -c : c, 286331153, -2147483648, 32);
    thr += ldI32s(flt, up + jl) + ldI32s(flt, up + j) + ldI32s(flt, up + jr) + ldI32s(flt, mid + jl) + centre +
      ldI32s(flt, mid + jr) + ldI32s(flt, dn + jl) + ldI32s(flt, dn + j) + ldI32s(flt, dn + jr);
  }
  return thr;
}
