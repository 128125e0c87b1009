/**
 * libvmaf's integer VIF (integer_vif.c @ 332dde62, 8-bit input) in AssemblyScript with WebAssembly SIMD: the
 * WASM twin of src/core/metrics/vmaf/integer/vif.ts (the TypeScript port, which documents every rounding step and
 * stays the reference). Both must agree bit for bit; src/core/metrics/vmaf/integer/vif-wasm.test.ts checks it.
 *
 * The module computes, for the four scales, the five integer accumulators of the VIF statistic (log-domain
 * numerator for gain limits 100 and 1, log-domain denominator, non-log numerator and denominator); the caller
 * turns them into scores exactly as the TypeScript port does. Memory (all offsets set by `init`):
 *   ref, dis      u8   w·h            input planes, written by the caller
 *   pyrR/pyrD(s)  u16  (w>>s)·(h>>s)  Q8 pyramid, s = 1..3
 *   vM1, vM2      u32  w + 16         vertical μ sums of one row, padded by the filter half on both sides
 *   vXX, vYY, vXY f64  w + 16         vertical second moments (integers < 2^50: exact in f64)
 *   hM1, hM2      u32  w              horizontal μ sums of one row (< 2^32)
 *   hXX, hYY, hXY f64  w              horizontal second moments (< 2^50)
 *   table         u16  65536          round(log2f(i)·2048), written by the caller (the same table as the port)
 *   acc           f64  4·5            result
 * SIMD: vertical passes 8 pixels per step at scale 0 (u16 lanes widened by extmul into u32 sums) and 4 at the
 * others (i32x4 for μ, f64x2 for 16-bit moments), horizontal
 * passes 4 (μ, i32x4) and 2 (moments, f64x2) columns per step; the statistic is scalar with native 64-bit integers.
 * Cost at 1080p: reads each input byte 17 times from cache per scale-0 row, ≈ 2·w·h bytes in, 160 bytes out.
 */

import { alloc, layoutEnd, resetLayout } from './lib';

// Q16 filter taps per scale (libvmaf integer_vif.h vif_filter1d_table), centre last of each folded half.
const F0: StaticArray<u32> = [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784];
const F1: StaticArray<u32> = [1244, 3663, 7925, 12590, 14692];
const F2: StaticArray<u32> = [3571, 16004, 26386];
const F3: StaticArray<u32> = [10904, 43728];

const SIGMA_NSQ: i32 = 65536 * 2;
const EPS: f64 = 65536 * 1.0e-10;

let W: i32 = 0;
let H: i32 = 0;
let ref: usize = 0;
let dis: usize = 0;
// Small tables live in linear memory (laid out by init): the stub runtime's heap starts where init's does.
let pyrRP: usize = 0; // usize[4]
let pyrDP: usize = 0; // usize[4]
let swP: usize = 0; // i32[4]
let shP: usize = 0; // i32[4]
let roP: usize = 0; // i32[17]
@inline function pyrR(s: i32): usize { return load<usize>(pyrRP + <usize>(s << alignof<usize>())); }
@inline function pyrD(s: i32): usize { return load<usize>(pyrDP + <usize>(s << alignof<usize>())); }
@inline function sw(s: i32): i32 { return load<i32>(swP + <usize>(s << 2)); }
@inline function sh(s: i32): i32 { return load<i32>(shP + <usize>(s << 2)); }
@inline function ro(k: i32): i32 { return load<i32>(roP + <usize>(k << 2)); }
@inline function setRo(k: i32, v: i32): void { store<i32>(roP + <usize>(k << 2), v); }
let vM1: usize = 0;
let vM2: usize = 0;
let vXX: usize = 0;
let vYY: usize = 0;
let vXY: usize = 0;
let hM1: usize = 0;
let hM2: usize = 0;
let hXX: usize = 0;
let hYY: usize = 0;
let hXY: usize = 0;
let table: usize = 0;
let acc: usize = 0;

/** Lays out memory for a w×h frame (w, h > 32) and grows it as needed; returns the bytes used. */
export function init(w: i32, h: i32): i32 {
  W = w;
  H = h;
  resetLayout();
  pyrRP = alloc(4 * sizeof<usize>());
  pyrDP = alloc(4 * sizeof<usize>());
  swP = alloc(16);
  shP = alloc(16);
  roP = alloc(17 * 4);
  store<i32>(swP, w);
  store<i32>(shP, h);
  ref = alloc(w * h);
  dis = alloc(w * h);
  for (let s = 1; s < 4; s++) {
    store<i32>(swP + <usize>(s << 2), sw(s - 1) >> 1);
    store<i32>(shP + <usize>(s << 2), sh(s - 1) >> 1);
    store<usize>(pyrRP + <usize>(s << alignof<usize>()), alloc(sw(s) * sh(s) * 2));
    store<usize>(pyrDP + <usize>(s << alignof<usize>()), alloc(sw(s) * sh(s) * 2));
  }
  const n = w + 16 + 4; // + 4: SIMD tails may read up to 3 elements past the row
  vM1 = alloc(n * 4);
  vM2 = alloc(n * 4);
  vXX = alloc(n * 8);
  vYY = alloc(n * 8);
  vXY = alloc(n * 8);
  hM1 = alloc(n * 4);
  hM2 = alloc(n * 4);
  hXX = alloc(n * 8);
  hYY = alloc(n * 8);
  hXY = alloc(n * 8);
  table = alloc(65536 * 2);
  acc = alloc(4 * 5 * 8);
  return <i32>layoutEnd();
}

export function refPtr(): usize { return ref; }
export function disPtr(): usize { return dis; }
export function tablePtr(): usize { return table; }
export function accPtr(): usize { return acc; }

/** reflect-101 index (libvmaf's mirroring on all four sides), clamped for tiny sizes. */
@inline function reflect(k: i32, n: i32): i32 {
  let v = k < 0 ? -k : k;
  if (v >= n) v = 2 * (n - 1) - v;
  return v < 0 ? 0 : v >= n ? n - 1 : v;
}

/** Fills the `half` pad entries on both sides of a row stored at offset `half` (element size `es`). */
@inline function padRow(p: usize, w: i32, half: i32, es: i32): void {
  for (let q = 0; q < half; q++) {
    const l = reflect(q - half, w);
    const r = reflect(w + q, w);
    if (es == 4) {
      store<u32>(p + <usize>(q * 4), load<u32>(p + <usize>((half + l) * 4)));
      store<u32>(p + <usize>((w + half + q) * 4), load<u32>(p + <usize>((half + r) * 4)));
    } else {
      store<f64>(p + <usize>(q * 8), load<f64>(p + <usize>((half + l) * 8)));
      store<f64>(p + <usize>((w + half + q) * 8), load<f64>(p + <usize>((half + r) * 8)));
    }
  }
}

/** log2(x)·2048 from the table for an integer x ≥ 2^15 (< 2^64). */
@inline function log2x(x: u64): i64 {
  const k = 48 - <i32>clz<u64>(x);
  return <i64>load<u16>(table + <usize>((x >> <u64>k) << 1)) + 2048 * <i64>k;
}

/** Loads 4 bytes as i32x4. */
@inline function ld8x4(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p)));
}

/** Loads 8 bytes as u16 lanes of an i16x8. */
@inline function ld8x8(p: usize): v128 {
  return i16x8.extend_low_i8x16_u(v128.load64_zero(p));
}

/** Loads 4 u16 as i32x4. */
@inline function ld16x4(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(v128.load64_zero(p));
}

/** Stores the 4 u32 lanes of v as 4 f64 at p. */
@inline function storeU32asF64x4(p: usize, v: v128): void {
  v128.store(p, f64x2.convert_low_i32x4_u(v));
  v128.store(p + 16, f64x2.convert_low_i32x4_u(i32x4.shuffle(v, v, 2, 3, 0, 1)));
}

/**
 * Vertical pass of scale 0 (17 taps) for one row: μ rounded (x + 128) >> 8, moments raw (< 2^32), into the
 * padded rows at offset 8. ro(k): byte offset of the row of tap k.
 */
function vert0(): void {
  const w = W;
  let j = 0;
  // 8 pixels per step in 16-bit lanes (libvmaf's integer_vif keeps 8-bit data in 16-bit lanes too): pixels and
  // their pair products are ≤ 255² = 65025 < 2^16, exact as u16 (i16x8.mul keeps the low 16 bits); the sums of two
  // folded taps a + b ≤ 510; taps ≤ 7784. i32x4.extmul_*_i16x8_u widens each product to u32, and every sum stays
  // below Σ taps · 65025 = 65536 · 65025 < 2^32 (μ: 65536 · 255 < 2^24), so the u32 lanes are exact, as in the port.
  for (; j + 8 <= w; j += 8) {
    const cv = i16x8.splat(<i16>unchecked(F0[8]));
    const r = ld8x8(ref + <usize>(ro(8) + j));
    const d = ld8x8(dis + <usize>(ro(8) + j));
    const rr = i16x8.mul(r, r);
    const dd = i16x8.mul(d, d);
    const rd = i16x8.mul(r, d);
    let m1l = i32x4.extmul_low_i16x8_u(r, cv), m1h = i32x4.extmul_high_i16x8_u(r, cv);
    let m2l = i32x4.extmul_low_i16x8_u(d, cv), m2h = i32x4.extmul_high_i16x8_u(d, cv);
    let xxl = i32x4.extmul_low_i16x8_u(rr, cv), xxh = i32x4.extmul_high_i16x8_u(rr, cv);
    let yyl = i32x4.extmul_low_i16x8_u(dd, cv), yyh = i32x4.extmul_high_i16x8_u(dd, cv);
    let xyl = i32x4.extmul_low_i16x8_u(rd, cv), xyh = i32x4.extmul_high_i16x8_u(rd, cv);
    for (let k = 0; k < 8; k++) {
      const ck = i16x8.splat(<i16>unchecked(F0[k]));
      const a = ld8x8(ref + <usize>(ro(k) + j));
      const b = ld8x8(ref + <usize>(ro(16 - k) + j));
      const e = ld8x8(dis + <usize>(ro(k) + j));
      const f = ld8x8(dis + <usize>(ro(16 - k) + j));
      const ab = i16x8.add(a, b);
      const ef = i16x8.add(e, f);
      m1l = i32x4.add(m1l, i32x4.extmul_low_i16x8_u(ab, ck));
      m1h = i32x4.add(m1h, i32x4.extmul_high_i16x8_u(ab, ck));
      m2l = i32x4.add(m2l, i32x4.extmul_low_i16x8_u(ef, ck));
      m2h = i32x4.add(m2h, i32x4.extmul_high_i16x8_u(ef, ck));
      const aa = i16x8.mul(a, a), bb = i16x8.mul(b, b);
      xxl = i32x4.add(xxl, i32x4.add(i32x4.extmul_low_i16x8_u(aa, ck), i32x4.extmul_low_i16x8_u(bb, ck)));
      xxh = i32x4.add(xxh, i32x4.add(i32x4.extmul_high_i16x8_u(aa, ck), i32x4.extmul_high_i16x8_u(bb, ck)));
      const ee = i16x8.mul(e, e), ff = i16x8.mul(f, f);
      yyl = i32x4.add(yyl, i32x4.add(i32x4.extmul_low_i16x8_u(ee, ck), i32x4.extmul_low_i16x8_u(ff, ck)));
      yyh = i32x4.add(yyh, i32x4.add(i32x4.extmul_high_i16x8_u(ee, ck), i32x4.extmul_high_i16x8_u(ff, ck)));
      const ae = i16x8.mul(a, e), bf = i16x8.mul(b, f);
      xyl = i32x4.add(xyl, i32x4.add(i32x4.extmul_low_i16x8_u(ae, ck), i32x4.extmul_low_i16x8_u(bf, ck)));
      xyh = i32x4.add(xyh, i32x4.add(i32x4.extmul_high_i16x8_u(ae, ck), i32x4.extmul_high_i16x8_u(bf, ck)));
    }
    const o = <usize>(j + 8);
    const r128 = i32x4.splat(128);
    v128.store(vM1 + o * 4, i32x4.shr_u(i32x4.add(m1l, r128), 8));
    v128.store(vM1 + o * 4 + 16, i32x4.shr_u(i32x4.add(m1h, r128), 8));
    v128.store(vM2 + o * 4, i32x4.shr_u(i32x4.add(m2l, r128), 8));
    v128.store(vM2 + o * 4 + 16, i32x4.shr_u(i32x4.add(m2h, r128), 8));
    storeU32asF64x4(vXX + o * 8, xxl);
    storeU32asF64x4(vXX + o * 8 + 32, xxh);
    storeU32asF64x4(vYY + o * 8, yyl);
    storeU32asF64x4(vYY + o * 8 + 32, yyh);
    storeU32asF64x4(vXY + o * 8, xyl);
    storeU32asF64x4(vXY + o * 8 + 32, xyh);
  }
  for (; j + 4 <= w; j += 4) {
    const c = unchecked(F0[8]);
    let r = ld8x4(ref + <usize>(ro(8) + j));
    let d = ld8x4(dis + <usize>(ro(8) + j));
    const cv = i32x4.splat(c);
    let m1 = i32x4.mul(r, cv);
    let m2 = i32x4.mul(d, cv);
    let xx = i32x4.mul(i32x4.mul(r, r), cv);
    let yy = i32x4.mul(i32x4.mul(d, d), cv);
    let xy = i32x4.mul(i32x4.mul(r, d), cv);
    for (let k = 0; k < 8; k++) {
      const ck = i32x4.splat(unchecked(F0[k]));
      const a = ld8x4(ref + <usize>(ro(k) + j));
      const b = ld8x4(ref + <usize>(ro(16 - k) + j));
      const e = ld8x4(dis + <usize>(ro(k) + j));
      const f = ld8x4(dis + <usize>(ro(16 - k) + j));
      m1 = i32x4.add(m1, i32x4.mul(i32x4.add(a, b), ck));
      m2 = i32x4.add(m2, i32x4.mul(i32x4.add(e, f), ck));
      xx = i32x4.add(xx, i32x4.mul(i32x4.add(i32x4.mul(a, a), i32x4.mul(b, b)), ck));
      yy = i32x4.add(yy, i32x4.mul(i32x4.add(i32x4.mul(e, e), i32x4.mul(f, f)), ck));
      xy = i32x4.add(xy, i32x4.mul(i32x4.add(i32x4.mul(a, e), i32x4.mul(b, f)), ck));
    }
    const o = <usize>(j + 8);
    const r128 = i32x4.splat(128);
    v128.store(vM1 + o * 4, i32x4.shr_u(i32x4.add(m1, r128), 8));
    v128.store(vM2 + o * 4, i32x4.shr_u(i32x4.add(m2, r128), 8));
    storeU32asF64x4(vXX + o * 8, xx);
    storeU32asF64x4(vYY + o * 8, yy);
    storeU32asF64x4(vXY + o * 8, xy);
  }
  for (; j < w; j++) {
    let m1: u32 = 0, m2: u32 = 0, xx: u32 = 0, yy: u32 = 0, xy: u32 = 0;
    for (let k = 0; k < 17; k++) {
      const c = unchecked(F0[k < 9 ? k : 16 - k]);
      const a = <u32>load<u8>(ref + <usize>(ro(k) + j));
      const e = <u32>load<u8>(dis + <usize>(ro(k) + j));
      m1 += c * a; m2 += c * e; xx += c * (a * a); yy += c * (e * e); xy += c * (a * e);
    }
    const o = <usize>(j + 8);
    store<u32>(vM1 + o * 4, (m1 + 128) >> 8);
    store<u32>(vM2 + o * 4, (m2 + 128) >> 8);
    store<f64>(vXX + o * 8, <f64>xx);
    store<f64>(vYY + o * 8, <f64>yy);
    store<f64>(vXY + o * 8, <f64>xy);
  }
}

/**
 * Vertical pass of scale s ≥ 1 (taps F) on the Q8 pyramid for one row: μ ((x + 2^15) >> 16) & 0xffff and moments
 * floor((x + 2^15) / 2^16) (x < 2^48, in f64), into the padded rows at offset half. ro(k): element offsets.
 */
function vertN(F: StaticArray<u32>, pr: usize, pd: usize, w: i32): void {
  const taps = F.length * 2 - 1;
  const half = taps >> 1;
  const r15 = i32x4.splat(32768);
  const m16 = i32x4.splat(0xffff);
  const h15 = f64x2.splat(32768);
  const i16 = f64x2.splat(1.0 / 65536);
  let j = 0;
  for (; j + 4 <= w; j += 4) {
    let m1 = i32x4.splat(0);
    let m2 = i32x4.splat(0);
    let xxl = f64x2.splat(0), xxh = f64x2.splat(0);
    let yyl = f64x2.splat(0), yyh = f64x2.splat(0);
    let xyl = f64x2.splat(0), xyh = f64x2.splat(0);
    for (let k = 0; k < taps; k++) {
      const c = unchecked(F[k <= half ? k : taps - 1 - k]);
      const a = ld16x4(pr + <usize>((ro(k) + j) * 2));
      const e = ld16x4(pd + <usize>((ro(k) + j) * 2));
      const ci = i32x4.splat(c);
      const cf = f64x2.splat(<f64>c);
      m1 = i32x4.add(m1, i32x4.mul(a, ci));
      m2 = i32x4.add(m2, i32x4.mul(e, ci));
      const aa = i32x4.mul(a, a); // < 2^32, exact as u32
      const ee = i32x4.mul(e, e);
      const ae = i32x4.mul(a, e);
      xxl = f64x2.add(xxl, f64x2.mul(f64x2.convert_low_i32x4_u(aa), cf));
      xxh = f64x2.add(xxh, f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(aa, aa, 2, 3, 0, 1)), cf));
      yyl = f64x2.add(yyl, f64x2.mul(f64x2.convert_low_i32x4_u(ee), cf));
      yyh = f64x2.add(yyh, f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(ee, ee, 2, 3, 0, 1)), cf));
      xyl = f64x2.add(xyl, f64x2.mul(f64x2.convert_low_i32x4_u(ae), cf));
      xyh = f64x2.add(xyh, f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(ae, ae, 2, 3, 0, 1)), cf));
    }
    const o = <usize>(j + half);
    v128.store(vM1 + o * 4, v128.and(i32x4.shr_u(i32x4.add(m1, r15), 16), m16));
    v128.store(vM2 + o * 4, v128.and(i32x4.shr_u(i32x4.add(m2, r15), 16), m16));
    v128.store(vXX + o * 8, f64x2.floor(f64x2.mul(f64x2.add(xxl, h15), i16)));
    v128.store(vXX + o * 8 + 16, f64x2.floor(f64x2.mul(f64x2.add(xxh, h15), i16)));
    v128.store(vYY + o * 8, f64x2.floor(f64x2.mul(f64x2.add(yyl, h15), i16)));
    v128.store(vYY + o * 8 + 16, f64x2.floor(f64x2.mul(f64x2.add(yyh, h15), i16)));
    v128.store(vXY + o * 8, f64x2.floor(f64x2.mul(f64x2.add(xyl, h15), i16)));
    v128.store(vXY + o * 8 + 16, f64x2.floor(f64x2.mul(f64x2.add(xyh, h15), i16)));
  }
  for (; j < w; j++) {
    let m1: u32 = 0, m2: u32 = 0;
    let xx: u64 = 0, yy: u64 = 0, xy: u64 = 0;
    for (let k = 0; k < taps; k++) {
      const c = unchecked(F[k <= half ? k : taps - 1 - k]);
      const a = <u32>load<u16>(pr + <usize>((ro(k) + j) * 2));
      const e = <u32>load<u16>(pd + <usize>((ro(k) + j) * 2));
      m1 += c * a; m2 += c * e;
      xx += <u64>c * <u64>(a * a); yy += <u64>c * <u64>(e * e); xy += <u64>c * <u64>(a * e);
    }
    const o = <usize>(j + half);
    store<u32>(vM1 + o * 4, ((m1 + 32768) >> 16) & 0xffff);
    store<u32>(vM2 + o * 4, ((m2 + 32768) >> 16) & 0xffff);
    store<f64>(vXX + o * 8, <f64>((xx + 32768) >> 16));
    store<f64>(vYY + o * 8, <f64>((yy + 32768) >> 16));
    store<f64>(vXY + o * 8, <f64>((xy + 32768) >> 16));
  }
}

/** Horizontal pass (taps F) over the padded rows → hM (u32, < 2^32) and hXX.. (f64, < 2^50) for w columns. */
function horz(F: StaticArray<u32>, w: i32): void {
  const taps = F.length * 2 - 1;
  const half = taps >> 1;
  const cc = unchecked(F[half]);
  let j = 0;
  for (; j + 4 <= w; j += 4) {
    const pj = <usize>j;
    const ci = i32x4.splat(cc);
    let m1 = i32x4.mul(v128.load(vM1 + (pj + half) * 4), ci);
    let m2 = i32x4.mul(v128.load(vM2 + (pj + half) * 4), ci);
    for (let k = 0; k < half; k++) {
      const ck = i32x4.splat(unchecked(F[k]));
      m1 = i32x4.add(m1, i32x4.mul(i32x4.add(v128.load(vM1 + (pj + k) * 4), v128.load(vM1 + (pj + taps - 1 - k) * 4)), ck));
      m2 = i32x4.add(m2, i32x4.mul(i32x4.add(v128.load(vM2 + (pj + k) * 4), v128.load(vM2 + (pj + taps - 1 - k) * 4)), ck));
    }
    v128.store(hM1 + pj * 4, m1);
    v128.store(hM2 + pj * 4, m2);
  }
  for (; j < w; j++) {
    const pj = <usize>j;
    let m1: u32 = cc * load<u32>(vM1 + (pj + half) * 4);
    let m2: u32 = cc * load<u32>(vM2 + (pj + half) * 4);
    for (let k = 0; k < half; k++) {
      m1 += unchecked(F[k]) * (load<u32>(vM1 + (pj + k) * 4) + load<u32>(vM1 + (pj + taps - 1 - k) * 4));
      m2 += unchecked(F[k]) * (load<u32>(vM2 + (pj + k) * 4) + load<u32>(vM2 + (pj + taps - 1 - k) * 4));
    }
    store<u32>(hM1 + pj * 4, m1);
    store<u32>(hM2 + pj * 4, m2);
  }
  horzF64(F, vXX, hXX, w);
  horzF64(F, vYY, hYY, w);
  horzF64(F, vXY, hXY, w);
}

/** Horizontal pass of one f64 moment row (exact integer sums < 2^53), 4 columns (two f64x2) per step. */
@inline function horzF64(F: StaticArray<u32>, src: usize, dst: usize, w: i32): void {
  const taps = F.length * 2 - 1;
  const half = taps >> 1;
  const cc = f64x2.splat(<f64>unchecked(F[half]));
  let j = 0;
  for (; j + 4 <= w; j += 4) {
    const p = src + (<usize>j << 3);
    let s0 = f64x2.mul(v128.load(p + (<usize>half << 3)), cc);
    let s1 = f64x2.mul(v128.load(p + (<usize>half << 3) + 16), cc);
    for (let k = 0; k < half; k++) {
      const c = f64x2.splat(<f64>unchecked(F[k]));
      const a = p + (<usize>k << 3);
      const b = p + (<usize>(taps - 1 - k) << 3);
      s0 = f64x2.add(s0, f64x2.mul(f64x2.add(v128.load(a), v128.load(b)), c));
      s1 = f64x2.add(s1, f64x2.mul(f64x2.add(v128.load(a + 16), v128.load(b + 16)), c));
    }
    v128.store(dst + (<usize>j << 3), s0);
    v128.store(dst + (<usize>j << 3) + 16, s1);
  }
  for (; j < w; j++) {
    const pj = <usize>j;
    let s = <f64>unchecked(F[half]) * load<f64>(src + (pj + half) * 8);
    for (let k = 0; k < half; k++) s += <f64>unchecked(F[k]) * (load<f64>(src + (pj + k) * 8) + load<f64>(src + (pj + taps - 1 - k) * 8));
    store<f64>(dst + pj * 8, s);
  }
}

/** Per-pixel VIF terms of one row (libvmaf vif_statistic_8/16), added to the accumulators of scale s. */
function statsRow(w: i32, egl: bool, s: i32): void {
  let numLog: i64 = 0;
  let numLogEgl: i64 = 0;
  let denLog: i64 = 0;
  let numNonLog: i64 = 0;
  let denNonLog: i64 = 0;
  for (let j = 0; j < w; j++) {
    const pj = <usize>j;
    const m1 = <u64>load<u32>(hM1 + pj * 4);
    const m2 = <u64>load<u32>(hM2 + pj * 4);
    const mu1sq = (m1 * m1 + 0x80000000) >> 32;
    const mu2sq = (m2 * m2 + 0x80000000) >> 32;
    const mu12 = (m1 * m2 + 0x80000000) >> 32;
    // Moments are integers in [0, 2^50): the signed conversion (one instruction on x64, where the unsigned one is
    // a branchy sequence) gives the same value.
    const xx = <u64><i64>load<f64>(hXX + pj * 8);
    const yy = <u64><i64>load<f64>(hYY + pj * 8);
    const xy = <u64><i64>load<f64>(hXY + pj * 8);
    const sigma1 = <i32>(((xx + 32768) >> 16) - mu1sq);
    let sigma2 = <i32>(((yy + 32768) >> 16) - mu2sq);
    const sigma12 = <i32>(((xy + 32768) >> 16) - mu12);
    if (sigma2 < 0) sigma2 = 0;
    if (sigma1 >= SIGMA_NSQ) {
      denLog += log2x(<u64><u32>(SIGMA_NSQ + sigma1)) - 2048 * 17;
      if (sigma12 > 0 && sigma2 > 0) {
        const g = <f64>sigma12 / (<f64>sigma1 + EPS);
        let sv = <i32>(<f64>sigma2 - g * <f64>sigma12);
        if (sv < 0) sv = 0;
        const numer1 = <u64>(sv + SIGMA_NSQ);
        const l1g = log2x(numer1);
        const gl = g < 100 ? g : 100;
        // gl² · σ1 < 10^4 · 2^32 < 2^63: the signed truncation equals the unsigned one.
        numLog += log2x(<u64><i64>(gl * gl * <f64>sigma1) + numer1) - l1g;
        if (egl) {
          const ge = g < 1 ? g : 1;
          numLogEgl += log2x(<u64><i64>(ge * ge * <f64>sigma1) + numer1) - l1g;
        }
      }
    } else {
      numNonLog += <i64>sigma2;
      denNonLog++;
    }
  }
  const a = acc + <usize>(s * 5 * 8);
  store<f64>(a, load<f64>(a) + <f64>numLog);
  store<f64>(a + 8, load<f64>(a + 8) + <f64>numLogEgl);
  store<f64>(a + 16, load<f64>(a + 16) + <f64>denLog);
  store<f64>(a + 24, load<f64>(a + 24) + <f64>numNonLog);
  store<f64>(a + 32, load<f64>(a + 32) + <f64>denNonLog);
}

function statistic(s: i32, egl: bool): void {
  const w = sw(s);
  const h = sh(s);
  const F = s == 0 ? F0 : s == 1 ? F1 : s == 2 ? F2 : F3;
  const taps = F.length * 2 - 1;
  const half = taps >> 1;
  for (let i = 0; i < h; i++) {
    for (let k = 0; k < taps; k++) setRo(k, reflect(i - half + k, h) * w);
    if (s == 0) vert0();
    else vertN(F, pyrR(s), pyrD(s), w);
    padRow(vM1, w, half, 4);
    padRow(vM2, w, half, 4);
    padRow(vXX, w, half, 8);
    padRow(vYY, w, half, 8);
    padRow(vXY, w, half, 8);
    horz(F, w);
    statsRow(w, egl, s);
  }
}

/**
 * Decimation of scale s − 1 into scale s (libvmaf subsample_rd_8 for s = 1: vertical (x + 128) >> 8; _16 for s ≥ 2:
 * vertical ((x + 2^15) >> 16) & 0xffff; horizontal (x + 2^15) >> 16 at even columns; even rows only).
 */
function decimate(s: i32): void {
  const F = s == 1 ? F1 : s == 2 ? F2 : F3;
  const taps = F.length * 2 - 1;
  const half = taps >> 1;
  const pw = sw(s - 1);
  const ph = sh(s - 1);
  const ow = sw(s);
  const oh = sh(s);
  const outR = pyrR(s);
  const outD = pyrD(s);
  const r128 = i32x4.splat(128);
  const r15 = i32x4.splat(32768);
  const m16 = i32x4.splat(0xffff);
  for (let oi = 0; oi < oh; oi++) {
    for (let k = 0; k < taps; k++) setRo(k, reflect(2 * oi - half + k, ph) * pw);
    let j = 0;
    for (; j + 4 <= pw; j += 4) {
      let ar = i32x4.splat(0);
      let ad = i32x4.splat(0);
      for (let k = 0; k < taps; k++) {
        const c = i32x4.splat(unchecked(F[k <= half ? k : taps - 1 - k]));
        if (s == 1) {
          ar = i32x4.add(ar, i32x4.mul(ld8x4(ref + <usize>(ro(k) + j)), c));
          ad = i32x4.add(ad, i32x4.mul(ld8x4(dis + <usize>(ro(k) + j)), c));
        } else {
          ar = i32x4.add(ar, i32x4.mul(ld16x4(pyrR(s - 1) + <usize>((ro(k) + j) * 2)), c));
          ad = i32x4.add(ad, i32x4.mul(ld16x4(pyrD(s - 1) + <usize>((ro(k) + j) * 2)), c));
        }
      }
      const o = <usize>(j + half) * 4;
      if (s == 1) {
        v128.store(vM1 + o, i32x4.shr_u(i32x4.add(ar, r128), 8));
        v128.store(vM2 + o, i32x4.shr_u(i32x4.add(ad, r128), 8));
      } else {
        v128.store(vM1 + o, v128.and(i32x4.shr_u(i32x4.add(ar, r15), 16), m16));
        v128.store(vM2 + o, v128.and(i32x4.shr_u(i32x4.add(ad, r15), 16), m16));
      }
    }
    for (; j < pw; j++) {
      let ar: u32 = 0;
      let ad: u32 = 0;
      for (let k = 0; k < taps; k++) {
        const c = unchecked(F[k <= half ? k : taps - 1 - k]);
        if (s == 1) {
          ar += c * <u32>load<u8>(ref + <usize>(ro(k) + j));
          ad += c * <u32>load<u8>(dis + <usize>(ro(k) + j));
        } else {
          ar += c * <u32>load<u16>(pyrR(s - 1) + <usize>((ro(k) + j) * 2));
          ad += c * <u32>load<u16>(pyrD(s - 1) + <usize>((ro(k) + j) * 2));
        }
      }
      const o = <usize>(j + half) * 4;
      store<u32>(vM1 + o, s == 1 ? (ar + 128) >> 8 : ((ar + 32768) >> 16) & 0xffff);
      store<u32>(vM2 + o, s == 1 ? (ad + 128) >> 8 : ((ad + 32768) >> 16) & 0xffff);
    }
    padRow(vM1, pw, half, 4);
    padRow(vM2, pw, half, 4);
    const orow = <usize>(oi * ow);
    for (let oj = 0; oj < ow; oj++) {
      const c0 = <usize>(2 * oj);
      let hr: u32 = unchecked(F[half]) * load<u32>(vM1 + (c0 + half) * 4);
      let hd: u32 = unchecked(F[half]) * load<u32>(vM2 + (c0 + half) * 4);
      for (let k = 0; k < half; k++) {
        hr += unchecked(F[k]) * (load<u32>(vM1 + (c0 + k) * 4) + load<u32>(vM1 + (c0 + taps - 1 - k) * 4));
        hd += unchecked(F[k]) * (load<u32>(vM2 + (c0 + k) * 4) + load<u32>(vM2 + (c0 + taps - 1 - k) * 4));
      }
      store<u16>(outR + (orow + oj) * 2, <u16>((hr + 32768) >> 16));
      store<u16>(outD + (orow + oj) * 2, <u16>((hd + 32768) >> 16));
    }
  }
}

/** All four scales of the frame in `ref`/`dis`; accumulators (4 × 5 f64) at accPtr(). */
export function compute(egl: bool): void {
  memory.fill(acc, 0, 4 * 5 * 8);
  statistic(0, egl);
  for (let s = 1; s < 4; s++) {
    decimate(s);
    statistic(s, egl);
  }
}
