/**
 * libvmaf's integer VIF (integer_vif.c @ 332dde62, 8-bit input) in AssemblyScript with WebAssembly SIMD: the
 * WASM twin of src/core/metrics/vmaf/integer/vif.ts (the TypeScript port, which documents every rounding step and
 * stays the reference). Both must agree bit for bit; src/core/metrics/vmaf/integer/wasm-kernels.test.ts checks it.
 *
 * The module computes, for the four scales, the five integer accumulators of the VIF statistic (log-domain
 * numerator for gain limits 100 and 1, log-domain denominator, non-log numerator and denominator); the caller
 * turns them into scores exactly as the TypeScript port does. Memory (all offsets set by `init`):
 *   ref, dis      u8   w·h            input planes, written by the caller; compute biases them in place (a ^ 0x80)
 *   pyrR/pyrD(s)  u16  (w>>s)·(h>>s)  Q8 pyramid, s = 1..3
 *   vA1, vA2      i16  w + 32         vertical μ of one row (or the decimation's vertical sums), biased by −32768,
 *                                      padded (+ 16: dot over-read)
 *   vXl/vXh, vYl/vYh, vZl/vZh  i16     the three vertical second moments (u32) of one row split into biased low
 *                                      and high 16-bit halves, same layout
 *   cp            v128 3·9            tap pairs for i32x4.dot_i16x8_s, scales 0..2
 *   v0P, hsP      v128               vert0's sums between its passes, horzStatsBlocks' sums of a chunk of columns
 *   table         u16  65536          round(log2f(i)·2048), written by the caller (the same table as the port);
 *                                      static, at a fixed address (TABLE), not laid out by init
 *   acc           f64  4·5            result
 * SIMD: the scale-0 vertical pass takes 8 pixels per step (biased 8-bit data in i16 lanes, the symmetric taps
 * folded, 2 folded taps per dot, one pass per tap pair over a chunk of the row), the others 4 (i32x4 for μ, f64x2
 * for 16-bit moments); the horizontal passes of scales 0..2 take 8 columns per step with i32x4.dot_i16x8_s on
 * 16-bit data (μ and each half of a moment, tap pairs held in registers), store the sums of a chunk of columns in a
 * small buffer, and the statistic then takes them 4 pixels per step (even and odd columns as they come out of the
 * dots; u64 μ products by i64x2.extmul, σ in i32x4, g and the log arguments in f64x2, the log-domain terms in i32x4
 * under masks with table indices and exponents taken from the f64 bits, only the log-table reads scalar); scale 3's
 * horizontal pass does the same with its centre tap split in two (dot3); the row tails are scalar, with native
 * 64-bit integers.
 * Cost at 1080p: reads each input byte 17 times from cache per scale-0 row, ≈ 2·w·h bytes in, 160 bytes out.
 */

import { alloc, layoutEnd, resetLayout } from './lib';

// Q16 filter taps per scale (libvmaf integer_vif.h vif_filter1d_table), centre last of each folded half.
const F0: StaticArray<u32> = [489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784];
const F1: StaticArray<u32> = [1244, 3663, 7925, 12590, 14692];
const F2: StaticArray<u32> = [3571, 16004, 26386];
const F3: StaticArray<u32> = [10904, 43728];

const SIGMA_NSQ: i32 = 65536 * 2;
const FOLD_C: i32 = 28876; // Σ_{k<8} F0 taps = (65536 − 7784) / 2
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
// The statistic's rows after the vertical pass, as i16 biased by −32768 (libvmaf's values are u16 / u32; a u32
// moment is split into its high and low 16 bits): μ (vA1, vA2) and the moments' halves (vXl/vXh: σ_ref², vYl/vYh:
// σ_dis², vZl/vZh: σ_ref·dis). The horizontal pass then uses i32x4.dot_i16x8_s, 2 taps × 4 columns per op.
let vA1: usize = 0;
let vA2: usize = 0;
let vXl: usize = 0;
let vXh: usize = 0;
let vYl: usize = 0;
let vYh: usize = 0;
let vZl: usize = 0;
let vZh: usize = 0;
let v0P: usize = 0; // v128[V0_CHUNK / 8 · 10]: vert0's sums of a chunk of columns between its passes
const V0_CHUNK: i32 = 256;
let hsP: usize = 0; // v128[HS_BLOCKS · 10]: horizontal sums of a chunk of columns (horzStatsBlocks)
const HS_BLOCKS: i32 = 16;
let cpP: usize = 0; // v128[3 · 9]: tap pairs (c[2p], c[2p+1]) splatted, scales 0..2, c[taps] = 0
// The log table sits in static memory at a fixed address, so its reads take that address as a constant offset.
const TABLE: usize = memory.data(65536 * 2, 16);
const table: usize = TABLE;
let acc: usize = 0;

/**
 * Lays out memory for a w×h frame (32 < w < 2^18, h > 32: the statistic's row sums are exact in u32 lanes for
 * w < 2^18; traps beyond) and grows it as needed; returns the bytes used.
 */
export function init(w: i32, h: i32): i32 {
  if (w >= 1 << 18) unreachable();
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
  const n16 = w + 16 + 16; // + 16: the odd-column dot loads read one element past the padded row (tap weight 0)
  vA1 = alloc(n16 * 2);
  vA2 = alloc(n16 * 2);
  vXl = alloc(n16 * 2);
  vXh = alloc(n16 * 2);
  vYl = alloc(n16 * 2);
  vYh = alloc(n16 * 2);
  vZl = alloc(n16 * 2);
  vZh = alloc(n16 * 2);
  cpP = alloc(3 * 9 * 16);
  hsP = alloc(HS_BLOCKS * 10 * 16);
  v0P = alloc(V0_CHUNK / 8 * 10 * 16);
  for (let sc = 0; sc < 3; sc++) {
    const F = sc == 0 ? F0 : sc == 1 ? F1 : F2;
    const taps = F.length * 2 - 1;
    const half = taps >> 1;
    for (let q = 0; q < (taps + 1) >> 1; q++) {
      const t0 = 2 * q;
      const t1 = 2 * q + 1;
      const c0 = unchecked(F[t0 <= half ? t0 : taps - 1 - t0]);
      const c1 = t1 < taps ? unchecked(F[t1 <= half ? t1 : taps - 1 - t1]) : 0;
      v128.store(cpP + <usize>((sc * 9 + q) * 16), i32x4.splat(<i32>((c1 << 16) | c0)));
    }
  }
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
    if (es == 2) {
      store<i16>(p + <usize>(q * 2), load<i16>(p + <usize>((half + l) * 2)));
      store<i16>(p + <usize>((w + half + q) * 2), load<i16>(p + <usize>((half + r) * 2)));
    } else if (es == 4) {
      store<u32>(p + <usize>(q * 4), load<u32>(p + <usize>((half + l) * 4)));
      store<u32>(p + <usize>((w + half + q) * 4), load<u32>(p + <usize>((half + r) * 4)));
    } else {
      store<f64>(p + <usize>(q * 8), load<f64>(p + <usize>((half + l) * 8)));
      store<f64>(p + <usize>((w + half + q) * 8), load<f64>(p + <usize>((half + r) * 8)));
    }
  }
}

/** padRow of the eight i16 rows of the statistic (vA1 .. vZh) at once: each mirrored index computed once. */
function padRows8(w: i32, half: i32): void {
  for (let q = 0; q < half; q++) {
    const dl = <usize>(q * 2);
    const sl = <usize>((half + reflect(q - half, w)) * 2);
    const dr = <usize>((w + half + q) * 2);
    const sr = <usize>((half + reflect(w + q, w)) * 2);
    store<i16>(vA1 + dl, load<i16>(vA1 + sl)); store<i16>(vA1 + dr, load<i16>(vA1 + sr));
    store<i16>(vA2 + dl, load<i16>(vA2 + sl)); store<i16>(vA2 + dr, load<i16>(vA2 + sr));
    store<i16>(vXl + dl, load<i16>(vXl + sl)); store<i16>(vXl + dr, load<i16>(vXl + sr));
    store<i16>(vXh + dl, load<i16>(vXh + sl)); store<i16>(vXh + dr, load<i16>(vXh + sr));
    store<i16>(vYl + dl, load<i16>(vYl + sl)); store<i16>(vYl + dr, load<i16>(vYl + sr));
    store<i16>(vYh + dl, load<i16>(vYh + sl)); store<i16>(vYh + dr, load<i16>(vYh + sr));
    store<i16>(vZl + dl, load<i16>(vZl + sl)); store<i16>(vZl + dr, load<i16>(vZl + sr));
    store<i16>(vZh + dl, load<i16>(vZh + sl)); store<i16>(vZh + dr, load<i16>(vZh + sr));
  }
}

/** log2(x)·2048 from the table for an integer x ≥ 2^15 (< 2^64). */
@inline function log2x(x: u64): i64 {
  const k = 48 - <i32>clz<u64>(x);
  return <i64>load<u16>(table + <usize>((x >> <u64>k) << 1)) + 2048 * <i64>k;
}

/** Loads 4 biased bytes (a ^ 0x80, see compute) as the i32x4 values a. */
@inline function ldb8x4(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.xor(v128.load32_zero(p), i8x16.splat(-128))));
}

/** Loads 4 u16 as i32x4. */
@inline function ld16x4(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(v128.load64_zero(p));
}

const BIAS: i32 = 32768;

/** Stores 4 + 4 values in [0, 65535] (i32x4 a, b) biased as i16 at element o of p. */
@inline function mu8(p: usize, o: usize, a: v128, b: v128): void {
  const k = i32x4.splat(BIAS);
  v128.store(p + (o << 1), i16x8.narrow_i32x4_s(i32x4.sub(a, k), i32x4.sub(b, k)));
}

/** Stores 4 values in [0, 65535] (i32x4 a) biased as i16 at element o of p. */
@inline function mu4(p: usize, o: usize, a: v128): void {
  const v = i32x4.sub(a, i32x4.splat(BIAS));
  v128.store64_lane(p + (o << 1), i16x8.narrow_i32x4_s(v, v), 0);
}

@inline function mu1(p: usize, o: usize, v: u32): void {
  store<i16>(p + (o << 1), <i16>(<i32>v - BIAS));
}

/** Stores 4 + 4 u32 moments split into biased low (pl) and high (ph) 16-bit halves at element o. */
@inline function mom8(pl: usize, ph: usize, o: usize, a: v128, b: v128): void {
  const m = i32x4.splat(0xffff);
  mu8(pl, o, v128.and(a, m), v128.and(b, m));
  mu8(ph, o, i32x4.shr_u(a, 16), i32x4.shr_u(b, 16));
}

@inline function mom4(pl: usize, ph: usize, o: usize, a: v128): void {
  mu4(pl, o, v128.and(a, i32x4.splat(0xffff)));
  mu4(ph, o, i32x4.shr_u(a, 16));
}

@inline function mom1(pl: usize, ph: usize, o: usize, v: u32): void {
  mu1(pl, o, v & 0xffff);
  mu1(ph, o, v >> 16);
}

/**
 * Vertical pass of scale 0 (17 taps) for one row: μ rounded (x + 128) >> 8, moments raw (< 2^32), into the
 * padded rows at offset 8. ro(k): byte offset of the row of tap k. The input bytes are biased (a ^ 0x80, see
 * compute), so a signed load gives a' = a − 128 ∈ [−128, 127].
 */
function vert0(): void {
  const w = W;
  const w8 = w & ~7;
  // 8 pixels per step in 16-bit lanes (libvmaf's integer_vif keeps 8-bit data in 16-bit lanes too). The taps are
  // symmetric (c[k] = c[16 − k]), so rows k and 16 − k are added first (folded) and the 9 folded rows go two per
  // i32x4.dot_i16x8_s (rows 2f and 2f + 1 interleaved, f = 0..3, and the centre row 8 with itself against (c[8], 0)).
  // With a' ∈ [−128, 127]: a'_k + a'_{16−k} ∈ [−256, 254]; a'² + b'² − 256 ∈ [−256, 32512] and a'e' + b'f' − 256 ∈
  // [−32768, 32512] fit i16 (computed with wrap-around, exact because the true values are in range), and every dot
  // (taps ≤ 7784) fits i32. Unbiasing (Σ taps = 2^16, Σ_{k<8} c[k] = FOLD_C, and M', X'', Z'' the sums as computed):
  //   Σc·a = M' + 2^23,  Σc·a² = X'' + 256·FOLD_C + 2^8·M' + 2^30,  Σc·a·e = Z'' + 256·FOLD_C + 2^7·(M1' + M2') + 2^30
  // (mod 2^32), and the true sums are < 65536 · 65025 < 2^32, so the u32 lanes are exact, as in the port.
  // The row is done in chunks of V0_CHUNK columns, one folded pair of rows per pass over the chunk, the ten i32x4
  // sums of each 8 columns kept in memory at v0P between passes: one pass at a time needs 8 input rows and no
  // accumulators in registers (all in one loop, V8 spilled a sixth of the instructions).
  for (let j0 = 0; j0 < w8; j0 += V0_CHUNK) {
    const je = min(j0 + V0_CHUNK, w8);
    v0Pass(0, j0, je, true, false);
    v0Pass(1, j0, je, false, false);
    v0Pass(2, j0, je, false, false);
    v0Pass(3, j0, je, false, true);
  }
  let j = w8;
  for (; j + 4 <= w; j += 4) {
    const c = unchecked(F0[8]);
    let r = ldb8x4(ref + <usize>(ro(8) + j));
    let d = ldb8x4(dis + <usize>(ro(8) + j));
    const cv = i32x4.splat(c);
    let m1 = i32x4.mul(r, cv);
    let m2 = i32x4.mul(d, cv);
    let xx = i32x4.mul(i32x4.mul(r, r), cv);
    let yy = i32x4.mul(i32x4.mul(d, d), cv);
    let xy = i32x4.mul(i32x4.mul(r, d), cv);
    for (let k = 0; k < 8; k++) {
      const ck = i32x4.splat(unchecked(F0[k]));
      const a = ldb8x4(ref + <usize>(ro(k) + j));
      const b = ldb8x4(ref + <usize>(ro(16 - k) + j));
      const e = ldb8x4(dis + <usize>(ro(k) + j));
      const f = ldb8x4(dis + <usize>(ro(16 - k) + j));
      m1 = i32x4.add(m1, i32x4.mul(i32x4.add(a, b), ck));
      m2 = i32x4.add(m2, i32x4.mul(i32x4.add(e, f), ck));
      xx = i32x4.add(xx, i32x4.mul(i32x4.add(i32x4.mul(a, a), i32x4.mul(b, b)), ck));
      yy = i32x4.add(yy, i32x4.mul(i32x4.add(i32x4.mul(e, e), i32x4.mul(f, f)), ck));
      xy = i32x4.add(xy, i32x4.mul(i32x4.add(i32x4.mul(a, e), i32x4.mul(b, f)), ck));
    }
    const o = <usize>(j + 8);
    const r128 = i32x4.splat(128);
    mu4(vA1, o, i32x4.shr_u(i32x4.add(m1, r128), 8));
    mu4(vA2, o, i32x4.shr_u(i32x4.add(m2, r128), 8));
    mom4(vXl, vXh, o, xx);
    mom4(vYl, vYh, o, yy);
    mom4(vZl, vZh, o, xy);
  }
  for (; j < w; j++) {
    let m1: u32 = 0, m2: u32 = 0, xx: u32 = 0, yy: u32 = 0, xy: u32 = 0;
    for (let k = 0; k < 17; k++) {
      const c = unchecked(F0[k < 9 ? k : 16 - k]);
      const a = <u32>load<u8>(ref + <usize>(ro(k) + j)) ^ 0x80;
      const e = <u32>load<u8>(dis + <usize>(ro(k) + j)) ^ 0x80;
      m1 += c * a; m2 += c * e; xx += c * (a * a); yy += c * (e * e); xy += c * (a * e);
    }
    const o = <usize>(j + 8);
    mu1(vA1, o, (m1 + 128) >> 8);
    mu1(vA2, o, (m2 + 128) >> 8);
    mom1(vXl, vXh, o, xx);
    mom1(vYl, vYh, o, yy);
    mom1(vZl, vZh, o, xy);
  }
}

/** Adds v into the running sum at t (first pass: stores it). */
@inline function v0Acc(t: usize, v: v128, first: bool): void {
  v128.store(t, first ? v : i32x4.add(v128.load(t), v));
}

/** Tap pair cp against the interleaved pixels 0..3 (dotLo) or 4..7 (dotHi) of two folded rows a, b. */
@inline function dotLo(a: v128, b: v128, cp: v128): v128 {
  return i32x4.dot_i16x8_s(i16x8.shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11), cp);
}
@inline function dotHi(a: v128, b: v128, cp: v128): v128 {
  return i32x4.dot_i16x8_s(i16x8.shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15), cp);
}

/** a·b + c·d − bias in i16 lanes (a folded pair's product, biased to fit). */
@inline function prods(a: v128, b: v128, c: v128, d: v128, bias: v128): v128 {
  return i16x8.sub(i16x8.add(i16x8.mul(a, b), i16x8.mul(c, d)), bias);
}

/**
 * One pass of vert0 over columns [j0, je) (multiples of 8): the folded rows 2f, 2f + 1 (with 16 − 2f, 15 − 2f) added
 * into the ten sums at v0P; the first pass also takes the centre row, the last one unbiases the sums and writes the
 * row buffers.
 */
@inline function v0Pass(f: i32, j0: i32, je: i32, first: bool, last: bool): void {
  const cp = v128.load(cpP + <usize>(f << 4)); // scale 0's pair (c[2f], c[2f + 1])
  const k0 = 2 * f;
  const pa = ref + <usize>ro(k0), pb = ref + <usize>ro(16 - k0), pc = ref + <usize>ro(k0 + 1), pd = ref + <usize>ro(15 - k0);
  const qa = dis + <usize>ro(k0), qb = dis + <usize>ro(16 - k0), qc = dis + <usize>ro(k0 + 1), qd = dis + <usize>ro(15 - k0);
  const pm = ref + <usize>ro(8), qm = dis + <usize>ro(8);
  const b256 = i16x8.splat(256);
  const c8 = i32x4.splat(unchecked(F0[8])); // (c[8], 0) as i16 pairs
  let t = v0P;
  for (let j = j0; j < je; j += 8) {
    const u = <usize>j;
    const a0 = v128.load8x8_s(pa + u), b0 = v128.load8x8_s(pb + u), a1 = v128.load8x8_s(pc + u), b1 = v128.load8x8_s(pd + u);
    const e0 = v128.load8x8_s(qa + u), f0 = v128.load8x8_s(qb + u), e1 = v128.load8x8_s(qc + u), f1 = v128.load8x8_s(qd + u);
    // each quantity: folded rows 2f, 2f + 1 interleaved, pixels 0..3 (l) and 4..7 (h)
    const s0 = i16x8.add(a0, b0), s1 = i16x8.add(a1, b1);
    let m1l = dotLo(s0, s1, cp);
    let m1h = dotHi(s0, s1, cp);
    const t0 = i16x8.add(e0, f0), t1 = i16x8.add(e1, f1);
    let m2l = dotLo(t0, t1, cp);
    let m2h = dotHi(t0, t1, cp);
    const p0 = prods(a0, a0, b0, b0, b256);
    const p1 = prods(a1, a1, b1, b1, b256);
    let xxl = dotLo(p0, p1, cp);
    let xxh = dotHi(p0, p1, cp);
    const r0 = prods(e0, e0, f0, f0, b256);
    const r1 = prods(e1, e1, f1, f1, b256);
    let yyl = dotLo(r0, r1, cp);
    let yyh = dotHi(r0, r1, cp);
    const q0 = prods(a0, e0, b0, f0, b256);
    const q1 = prods(a1, e1, b1, f1, b256);
    let xyl = dotLo(q0, q1, cp);
    let xyh = dotHi(q0, q1, cp);
    if (first) {
      // centre row 8: each value paired with itself against (c[8], 0)
      const a = v128.load8x8_s(pm + u), e = v128.load8x8_s(qm + u);
      m1l = i32x4.add(m1l, i32x4.dot_i16x8_s(i16x8.shuffle(a, a, 0, 0, 1, 1, 2, 2, 3, 3), c8));
      m1h = i32x4.add(m1h, i32x4.dot_i16x8_s(i16x8.shuffle(a, a, 4, 4, 5, 5, 6, 6, 7, 7), c8));
      m2l = i32x4.add(m2l, i32x4.dot_i16x8_s(i16x8.shuffle(e, e, 0, 0, 1, 1, 2, 2, 3, 3), c8));
      m2h = i32x4.add(m2h, i32x4.dot_i16x8_s(i16x8.shuffle(e, e, 4, 4, 5, 5, 6, 6, 7, 7), c8));
      const p = i16x8.mul(a, a), r = i16x8.mul(e, e), q = i16x8.mul(a, e);
      xxl = i32x4.add(xxl, i32x4.dot_i16x8_s(i16x8.shuffle(p, p, 0, 0, 1, 1, 2, 2, 3, 3), c8));
      xxh = i32x4.add(xxh, i32x4.dot_i16x8_s(i16x8.shuffle(p, p, 4, 4, 5, 5, 6, 6, 7, 7), c8));
      yyl = i32x4.add(yyl, i32x4.dot_i16x8_s(i16x8.shuffle(r, r, 0, 0, 1, 1, 2, 2, 3, 3), c8));
      yyh = i32x4.add(yyh, i32x4.dot_i16x8_s(i16x8.shuffle(r, r, 4, 4, 5, 5, 6, 6, 7, 7), c8));
      xyl = i32x4.add(xyl, i32x4.dot_i16x8_s(i16x8.shuffle(q, q, 0, 0, 1, 1, 2, 2, 3, 3), c8));
      xyh = i32x4.add(xyh, i32x4.dot_i16x8_s(i16x8.shuffle(q, q, 4, 4, 5, 5, 6, 6, 7, 7), c8));
    }
    if (last) {
      // the sums so far are read just before their use (V8 keeps loads in program order, so this keeps them out of
      // registers until needed), then unbiased into the row buffers
      m1l = i32x4.add(m1l, v128.load(t));
      m1h = i32x4.add(m1h, v128.load(t + 16));
      const o = <usize>(j + 8);
      const r = i32x4.splat((1 << 23) + 128); // unbias μ and round
      mu8(vA1, o, i32x4.shr_u(i32x4.add(m1l, r), 8), i32x4.shr_u(i32x4.add(m1h, r), 8));
      m2l = i32x4.add(m2l, v128.load(t + 32));
      m2h = i32x4.add(m2h, v128.load(t + 48));
      mu8(vA2, o, i32x4.shr_u(i32x4.add(m2l, r), 8), i32x4.shr_u(i32x4.add(m2h, r), 8));
      const b30 = i32x4.splat((1 << 30) + 256 * FOLD_C);
      xxl = i32x4.add(i32x4.add(i32x4.add(xxl, v128.load(t + 64)), i32x4.shl(m1l, 8)), b30);
      xxh = i32x4.add(i32x4.add(i32x4.add(xxh, v128.load(t + 80)), i32x4.shl(m1h, 8)), b30);
      mom8(vXl, vXh, o, xxl, xxh);
      yyl = i32x4.add(i32x4.add(i32x4.add(yyl, v128.load(t + 96)), i32x4.shl(m2l, 8)), b30);
      yyh = i32x4.add(i32x4.add(i32x4.add(yyh, v128.load(t + 112)), i32x4.shl(m2h, 8)), b30);
      mom8(vYl, vYh, o, yyl, yyh);
      xyl = i32x4.add(i32x4.add(i32x4.add(xyl, v128.load(t + 128)), i32x4.shl(i32x4.add(m1l, m2l), 7)), b30);
      xyh = i32x4.add(i32x4.add(i32x4.add(xyh, v128.load(t + 144)), i32x4.shl(i32x4.add(m1h, m2h), 7)), b30);
      mom8(vZl, vZh, o, xyl, xyh);
    } else {
      v0Acc(t, m1l, first);
      v0Acc(t + 16, m1h, first);
      v0Acc(t + 32, m2l, first);
      v0Acc(t + 48, m2h, first);
      v0Acc(t + 64, xxl, first);
      v0Acc(t + 80, xxh, first);
      v0Acc(t + 96, yyl, first);
      v0Acc(t + 112, yyh, first);
      v0Acc(t + 128, xyl, first);
      v0Acc(t + 144, xyh, first);
    }
    t += 160;
  }
}

/**
 * Vertical pass of scale s ≥ 1 (taps F) on the Q8 pyramid for one row: μ ((x + 2^15) >> 16) & 0xffff and moments
 * floor((x + 2^15) / 2^16) into the padded rows at offset half. ro(k): element offsets. 4 pixels per step in u32
 * lanes: a moment x = Σ c·a² (< 2^48) is taken as Σ c·(a² >> 16) and Σ c·(a² & 0xffff) (each < 65536 · 65535, exact
 * in u32; the symmetric taps are folded first), and floor((x + 2^15) / 2^16) = Σ c·hi + ((Σ c·lo + 2^15) >> 16).
 */
function vertN(F: StaticArray<u32>, pr: usize, pd: usize, w: i32): void {
  const taps = F.length * 2 - 1;
  const half = taps >> 1;
  const r15 = i32x4.splat(32768);
  const m16 = i32x4.splat(0xffff);
  let j = 0;
  for (; j + 4 <= w; j += 4) {
    const cc = i32x4.splat(unchecked(F[half]));
    const a0 = ld16x4(pr + <usize>((ro(half) + j) * 2));
    const e0 = ld16x4(pd + <usize>((ro(half) + j) * 2));
    const aa0 = i32x4.mul(a0, a0); // < 2^32, exact as u32
    const ee0 = i32x4.mul(e0, e0);
    const ae0 = i32x4.mul(a0, e0);
    let m1 = i32x4.mul(a0, cc);
    let m2 = i32x4.mul(e0, cc);
    let xh = i32x4.mul(i32x4.shr_u(aa0, 16), cc), xl = i32x4.mul(v128.and(aa0, m16), cc);
    let yh = i32x4.mul(i32x4.shr_u(ee0, 16), cc), yl = i32x4.mul(v128.and(ee0, m16), cc);
    let zh = i32x4.mul(i32x4.shr_u(ae0, 16), cc), zl = i32x4.mul(v128.and(ae0, m16), cc);
    for (let k = 0; k < half; k++) {
      const c = i32x4.splat(unchecked(F[k]));
      const a = ld16x4(pr + <usize>((ro(k) + j) * 2));
      const b = ld16x4(pr + <usize>((ro(taps - 1 - k) + j) * 2));
      const e = ld16x4(pd + <usize>((ro(k) + j) * 2));
      const f = ld16x4(pd + <usize>((ro(taps - 1 - k) + j) * 2));
      m1 = i32x4.add(m1, i32x4.mul(i32x4.add(a, b), c));
      m2 = i32x4.add(m2, i32x4.mul(i32x4.add(e, f), c));
      const aa = i32x4.mul(a, a), bb = i32x4.mul(b, b);
      const ee = i32x4.mul(e, e), ff = i32x4.mul(f, f);
      const ae = i32x4.mul(a, e), bf = i32x4.mul(b, f);
      xh = i32x4.add(xh, i32x4.mul(i32x4.add(i32x4.shr_u(aa, 16), i32x4.shr_u(bb, 16)), c));
      xl = i32x4.add(xl, i32x4.mul(i32x4.add(v128.and(aa, m16), v128.and(bb, m16)), c));
      yh = i32x4.add(yh, i32x4.mul(i32x4.add(i32x4.shr_u(ee, 16), i32x4.shr_u(ff, 16)), c));
      yl = i32x4.add(yl, i32x4.mul(i32x4.add(v128.and(ee, m16), v128.and(ff, m16)), c));
      zh = i32x4.add(zh, i32x4.mul(i32x4.add(i32x4.shr_u(ae, 16), i32x4.shr_u(bf, 16)), c));
      zl = i32x4.add(zl, i32x4.mul(i32x4.add(v128.and(ae, m16), v128.and(bf, m16)), c));
    }
    const o = <usize>(j + half);
    mu4(vA1, o, v128.and(i32x4.shr_u(i32x4.add(m1, r15), 16), m16));
    mu4(vA2, o, v128.and(i32x4.shr_u(i32x4.add(m2, r15), 16), m16));
    mom4(vXl, vXh, o, i32x4.add(xh, i32x4.shr_u(i32x4.add(xl, r15), 16)));
    mom4(vYl, vYh, o, i32x4.add(yh, i32x4.shr_u(i32x4.add(yl, r15), 16)));
    mom4(vZl, vZh, o, i32x4.add(zh, i32x4.shr_u(i32x4.add(zl, r15), 16)));
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
    mu1(vA1, o, ((m1 + 32768) >> 16) & 0xffff);
    mu1(vA2, o, ((m2 + 32768) >> 16) & 0xffff);
    mom1(vXl, vXh, o, <u32>((xx + 32768) >> 16));
    mom1(vYl, vYh, o, <u32>((yy + 32768) >> 16));
    mom1(vZl, vZh, o, <u32>((xy + 32768) >> 16));
  }
}

/**
 * Sum over the taps of one biased i16 row for columns j, j + 2, j + 4, j + 6 (odd = 0) or j + 1, .. (odd = 1):
 * i32x4.dot_i16x8_s of 8 row elements with the tap pair (c[2p], c[2p+1]) gives 2 taps of 4 columns. Exact mod 2^32:
 * |c · x| ≤ 26386 · 32768 (scales 0..2; scale 3's 43728 does not fit i16 and takes dot3 (its centre tap split in two)), so a pair sum
 * stays inside i32, and adding back 32768 · Σc = 32768 · 65536 = 2^31 (mod 2^32) gives the unbiased sum, which is
 * < 65536 · 65535 < 2^32 and so exact as u32, like libvmaf's u32 μ accumulator.
 */
@inline function dotRow(A: usize, j: i32, P: i32, cp: usize, odd: i32): v128 {
  let acc = i32x4.splat(0);
  const p0 = A + (<usize>(j + odd) << 1);
  for (let p = 0; p < P; p++) acc = i32x4.add(acc, i32x4.dot_i16x8_s(v128.load(p0 + (<usize>p << 2)), v128.load(cp + (<usize>p << 4))));
  return i32x4.add(acc, i32x4.splat(0x80000000));
}

/** Scalar twin of dotRow for one column (any scale): Σ c · (x + 32768), exact in u32. */
@inline function hSum(A: usize, j: i32, F: StaticArray<u32>): u32 {
  const taps = F.length * 2 - 1;
  const half = taps >> 1;
  let acc: u32 = 0;
  for (let k = 0; k < taps; k++) acc += unchecked(F[k <= half ? k : taps - 1 - k]) * <u32>(<i32>load<i16>(A + (<usize>(j + k) << 1)) + BIAS);
  return acc;
}

/**
 * Σ over the taps of one biased i16 row for 4 columns, as dotRow, with the tap pairs in registers (c0..c8; P = 9,
 * 5 or 3 pairs, a constant at each call site, so the unused taps fold away). unbias = false leaves out the + 2^31
 * (the caller adds it with its rounding constant).
 */
@inline function dotT(p0: usize, P: i32, c0: v128, c1: v128, c2: v128, c3: v128, c4: v128, c5: v128, c6: v128, c7: v128, c8: v128, unbias: bool = true): v128 {
  let a = i32x4.dot_i16x8_s(v128.load(p0), c0);
  a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(p0 + 4), c1));
  a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(p0 + 8), c2));
  if (P > 3) {
    a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(p0 + 12), c3));
    a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(p0 + 16), c4));
  }
  if (P > 5) {
    a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(p0 + 20), c5));
    a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(p0 + 24), c6));
    a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(p0 + 28), c7));
    a = i32x4.add(a, i32x4.dot_i16x8_s(v128.load(p0 + 32), c8));
  }
  return unbias ? i32x4.add(a, i32x4.splat(0x80000000)) : a;
}

/** Q32 products floor((a·b + 2^31) / 2^32) of u32 lanes (libvmaf's u64 μ products; a·b + 2^31 < 2^64). */
@inline function mulQ32(a: v128, b: v128): v128 {
  const r31 = i64x2.splat(0x80000000);
  const lo = i64x2.add(i64x2.extmul_low_i32x4_u(a, b), r31);
  const hi = i64x2.add(i64x2.extmul_high_i32x4_u(a, b), r31);
  return i32x4.shuffle(lo, hi, 1, 3, 5, 7); // the high 32 bits of each u64
}

/**
 * log2(x)·2048 from the table for 4 exact integers x in [2^15, 2^53) held as f64 (a: lanes 0, 1; b: lanes 2, 3),
 * less 2048·(1023 + 15), as i32x4: with x = 2^e·(1 + m/2^52) the top 16 bits of x are 2^15 + (m >> 37) and the
 * shift is k = e − 1023 − 15, so log2x's value is table[2^15 + (m >> 37)] + 2048·k. The high 32-bit word of an f64
 * holds e in bits 20..30 and m >> 32 in bits 0..19, so one i32x4 of the four high words gives every index and
 * exponent; only the four table reads are scalar (loaded straight into lanes). Lanes outside that range give some
 * finite value (the index stays inside the table), which the caller masks away.
 */
@inline function log4(a: v128, b: v128): v128 {
  const hi = i32x4.shuffle(a, b, 1, 3, 5, 7);
  const off = v128.and(i32x4.shr_u(hi, 4), i32x4.splat(0xfffe)); // 2·(m >> 37): byte offset from entry 2^15
  let t = i32x4.splat(0); // u16 entries into the low halves of the i32 lanes (entry 2^15 at TABLE + 65536)
  const o01 = <u64>i64x2.extract_lane(off, 0); // two offsets per extraction (fewer micro-ops than four)
  const o23 = <u64>i64x2.extract_lane(off, 1);
  t = v128.load16_lane(<usize><u32>o01, t, 0, TABLE + 65536);
  t = v128.load16_lane(<usize>(o01 >> 32), t, 2, TABLE + 65536);
  t = v128.load16_lane(<usize><u32>o23, t, 4, TABLE + 65536);
  t = v128.load16_lane(<usize>(o23 >> 32), t, 6, TABLE + 65536);
  return i32x4.add(t, i32x4.shl(i32x4.shr_u(hi, 20), 11));
}

/** g = σ12 / (σ1 + ε) of 2 pixels. */
@inline function gain(s1: v128, s12: v128): v128 {
  return f64x2.div(s12, f64x2.add(s1, f64x2.splat(EPS)));
}

/**
 * σ²_n + max((int32)(σ2 − g·σ12), 0) of 2 pixels; σ2 − g·σ12 is inside i32 (σ12² ≲ σ1·σ2, 0 ≤ σ2 < 2^31), so
 * truncating in f64 is the C cast (pmax: no NaN can occur, and the sign of a zero is lost in the sum).
 */
@inline function numer1Of(s2: v128, s12: v128, g: v128): v128 {
  const sv = f64x2.pmax(f64x2.splat(0), f64x2.trunc(f64x2.sub(s2, f64x2.mul(g, s12))));
  return f64x2.add(sv, f64x2.splat(<f64>SIGMA_NSQ));
}

/** (uint64)(g'²·σ1) + numer1 of 2 pixels with g' = min(g, limit), exact in f64 (< 2^53). */
@inline function numArg(g: v128, limit: f64, s1: v128, numer1: v128): v128 {
  const gl = f64x2.pmin(f64x2.splat(limit), g); // g < limit ? g : limit
  return f64x2.add(f64x2.trunc(f64x2.mul(f64x2.mul(gl, gl), s1)), numer1);
}

/**
 * The numerator term log2(numArg)·2048 − log2(numer1)·2048 of 4 pixels (log4's offsets cancel), masked by pm. It is
 * ≥ 0 (the table is monotonic) and < 2^16 (numArg / numer1 ≤ 1 + 100² · 2^31 / 2^17 < 2^28).
 */
@inline function numTerm(g0: v128, g1: v128, limit: f64, s1l: v128, s1h: v128, n1l: v128, n1h: v128, l1: v128, pm: v128): v128 {
  return v128.and(i32x4.sub(log4(numArg(g0, limit, s1l, n1l), numArg(g1, limit, s1h, n1h)), l1), pm);
}

// Accumulators of the statistic of the current scale (reset by resetStats, added to acc by flushStats): the
// log-domain terms of the SIMD steps per row in u32 lanes (rNum, rNumEgl, rDen; each term < 2^16, w/4 terms per
// lane and row, so exact for w < 2^18, which init requires), added to the f64 totals tNum, tNumEgl, tDen by
// flushRow; i64x2 Σ σ2 and i32x4 −count of the linear terms; and the scalar steps' own sums. All are integers
// < 2^53, so their grouping is exact.
let rNum: v128 = i32x4.splat(0);
let rNumEgl: v128 = i32x4.splat(0);
let rDen: v128 = i32x4.splat(0);
let vNl: v128 = i32x4.splat(0);
let vDnl: v128 = i32x4.splat(0);
let tNum: f64 = 0;
let tNumEgl: f64 = 0;
let tDen: f64 = 0;
let tNl: i64 = 0;
let tDnl: i64 = 0;

function resetStats(): void {
  rNum = i32x4.splat(0);
  rNumEgl = i32x4.splat(0);
  rDen = i32x4.splat(0);
  vNl = i64x2.splat(0);
  vDnl = i32x4.splat(0);
  tNum = 0;
  tNumEgl = 0;
  tDen = 0;
  tNl = 0;
  tDnl = 0;
}

/** Sum of the 4 u32 lanes of v. */
@inline function sumU32(v: v128): f64 {
  return <f64>(<u64>i32x4.extract_lane(v, 0) + <u64>i32x4.extract_lane(v, 1) + <u64>i32x4.extract_lane(v, 2) +
    <u64>i32x4.extract_lane(v, 3));
}

/** Adds the row accumulators to the scale's totals and clears them. */
function flushRow(): void {
  tNum += sumU32(rNum);
  tNumEgl += sumU32(rNumEgl);
  tDen += sumU32(rDen);
  rNum = i32x4.splat(0);
  rNumEgl = i32x4.splat(0);
  rDen = i32x4.splat(0);
}

function flushStats(s: i32): void {
  const a = acc + <usize>(s * 5 * 8);
  store<f64>(a, tNum);
  store<f64>(a + 8, tNumEgl);
  store<f64>(a + 16, tDen);
  store<f64>(a + 24, <f64>(tNl + i64x2.extract_lane(vNl, 0) + i64x2.extract_lane(vNl, 1)));
  store<f64>(a + 32, <f64>(tDnl - <i64>(i32x4.extract_lane(vDnl, 0) + i32x4.extract_lane(vDnl, 1) +
    i32x4.extract_lane(vDnl, 2) + i32x4.extract_lane(vDnl, 3))));
}

/**
 * Per-pixel VIF terms (libvmaf vif_statistic_8/16) of 4 pixels from their horizontal sums: μ sums m1, m2 (u32) and
 * moments (Σ + 2^15) >> 16 (u32). μ products and σ in i32x4 (the int32 casts as lane wrap-around), the linear
 * (σ1 < σ²_n) terms in integer lanes, g and the log arguments in two f64x2 halves, the log-domain terms in i32x4
 * under masks instead of branches (lm: σ1 ≥ σ²_n; pm: also σ12 > 0 and σ2 > 0, the g terms).
 */
@inline function stats4(m1: v128, m2: v128, xx: v128, yy: v128, xy: v128, egl: bool): void {
  const zero = i32x4.splat(0);
  const sigma1 = i32x4.sub(xx, mulQ32(m1, m1));
  const sigma2 = i32x4.max_s(i32x4.sub(yy, mulQ32(m2, m2)), zero);
  const sigma12 = i32x4.sub(xy, mulQ32(m1, m2));
  const lm = i32x4.gt_s(sigma1, i32x4.splat(SIGMA_NSQ - 1)); // ≥ σ²_n; gt_s is one instruction on x64
  if (!i32x4.all_true(lm)) { // linear terms (rare in natural content: flat areas)
    const lin = v128.andnot(sigma2, lm); // σ2 ∈ [0, 2^31): two lanes' sum is exact in u32
    vNl = i64x2.add(vNl, i64x2.extend_low_i32x4_u(i32x4.add(lin, i32x4.shuffle(lin, lin, 2, 3, 2, 3))));
    vDnl = i32x4.add(vDnl, v128.not(lm));
  }
  if (v128.any_true(lm)) {
    const s1l = f64x2.convert_low_i32x4_s(sigma1);
    const s1h = f64x2.convert_low_i32x4_s(i32x4.shuffle(sigma1, sigma1, 2, 3, 2, 3));
    // log2(σ1 + σ²_n)·2048 − 17·2048 (σ1 + σ²_n < 2^32), log4's offset taken off too
    const nsq = f64x2.splat(<f64>SIGMA_NSQ);
    const den = i32x4.sub(log4(f64x2.add(s1l, nsq), f64x2.add(s1h, nsq)), i32x4.splat(2048 * (17 + 1023 + 15)));
    rDen = i32x4.add(rDen, v128.and(den, lm));
    const pm = v128.and(lm, v128.and(i32x4.gt_s(sigma12, zero), i32x4.gt_s(sigma2, zero)));
    if (v128.any_true(pm)) {
      const s2l = f64x2.convert_low_i32x4_s(sigma2);
      const s2h = f64x2.convert_low_i32x4_s(i32x4.shuffle(sigma2, sigma2, 2, 3, 2, 3));
      const s12l = f64x2.convert_low_i32x4_s(sigma12);
      const s12h = f64x2.convert_low_i32x4_s(i32x4.shuffle(sigma12, sigma12, 2, 3, 2, 3));
      const gl = gain(s1l, s12l);
      const gh = gain(s1h, s12h);
      const n1l = numer1Of(s2l, s12l, gl);
      const n1h = numer1Of(s2h, s12h, gh);
      const l1 = log4(n1l, n1h);
      rNum = i32x4.add(rNum, numTerm(gl, gh, 100, s1l, s1h, n1l, n1h, l1, pm));
      if (egl) rNumEgl = i32x4.add(rNumEgl, numTerm(gl, gh, 1, s1l, s1h, n1l, n1h, l1, pm));
    }
  }
}

/** The same for one pixel, scalar with native 64-bit integers (row tails and scale 3). */
function stats1(m1: u64, m2: u64, xx: u32, yy: u32, xy: u32, egl: bool): void {
  const mu1sq = (m1 * m1 + 0x80000000) >> 32;
  const mu2sq = (m2 * m2 + 0x80000000) >> 32;
  const mu12 = (m1 * m2 + 0x80000000) >> 32;
  // libvmaf's i32 casts keep the differences mod 2^32.
  const sigma1 = <i32>(xx - <u32>mu1sq);
  let sigma2 = <i32>(yy - <u32>mu2sq);
  const sigma12 = <i32>(xy - <u32>mu12);
  if (sigma2 < 0) sigma2 = 0;
  if (sigma1 >= SIGMA_NSQ) {
    tDen += <f64>(log2x(<u64><u32>(SIGMA_NSQ + sigma1)) - 2048 * 17);
    if (sigma12 > 0 && sigma2 > 0) {
      const g = <f64>sigma12 / (<f64>sigma1 + EPS);
      let sv = <i32>(<f64>sigma2 - g * <f64>sigma12);
      if (sv < 0) sv = 0;
      const numer1 = <u64>(sv + SIGMA_NSQ);
      const l1g = log2x(numer1);
      const gl = g < 100 ? g : 100;
      tNum += <f64>(log2x(<u64>(gl * gl * <f64>sigma1) + numer1) - l1g);
      if (egl) {
        const ge = g < 1 ? g : 1;
        tNumEgl += <f64>(log2x(<u64>(ge * ge * <f64>sigma1) + numer1) - l1g);
      }
    }
  } else {
    tNl += <i64>sigma2;
    tDnl++;
  }
}

/**
 * Horizontal sum of one moment from its biased 16-bit halves, Σ c·h + ((Σ c·l + 2^15) >> 16) (see horzStatsBlocks),
 * stored at q. The low half's sum is stored there first and read back: the store orders the two dot chains, so V8
 * does not schedule all 18 loads ahead of the dots (which spilled them to the stack).
 */
@inline function momentS(q: usize, lo: usize, hi: usize, P: i32, c0: v128, c1: v128, c2: v128, c3: v128, c4: v128, c5: v128, c6: v128, c7: v128, c8: v128): void {
  v128.store(q, dotT(lo, P, c0, c1, c2, c3, c4, c5, c6, c7, c8, false));
  const h = dotT(hi, P, c0, c1, c2, c3, c4, c5, c6, c7, c8);
  v128.store(q, i32x4.add(h, i32x4.shr_u(i32x4.add(v128.load(q), i32x4.splat(0x80008000)), 16))); // 2^31 + 2^15
}

/**
 * Horizontal pass fused with the statistic, 8 columns per step for a scale with P tap pairs (P = 9, 5, 3; scales
 * 0..2): the even columns j, j + 2, .. and the odd ones are each 4 lanes of i32x4.dot_i16x8_s sums (2 taps × 4
 * columns per op), and the statistic takes each set of 4 as it is (pixels are independent, sums exact). A moment
 * is libvmaf's u64 sum A = Σ c·(h·2^16 + l), which enters the statistic only as (A + 2^15) >> 16 =
 * Σ c·h + ((Σ c·l + 2^15) >> 16) (each Σ < 65536 · 65535, their total < 2^32). Two passes per chunk of up to
 * HS_BLOCKS · 8 columns: the dots store their 10 sums per block at hsP, then the statistic reads them, so the dot
 * loop keeps the tap pairs in registers without the statistic's temporaries competing for them (one loop with both
 * spilled about a third of its instructions to the stack under V8). Returns the first column left.
 */
@inline function horzStatsBlocks(P: i32, cp: usize, w: i32, egl: bool): i32 {
  const zero = i32x4.splat(0);
  const c0 = v128.load(cp);
  const c1 = v128.load(cp + 16);
  const c2 = v128.load(cp + 32);
  const c3 = P > 3 ? v128.load(cp + 48) : zero;
  const c4 = P > 3 ? v128.load(cp + 64) : zero;
  const c5 = P > 5 ? v128.load(cp + 80) : zero;
  const c6 = P > 5 ? v128.load(cp + 96) : zero;
  const c7 = P > 5 ? v128.load(cp + 112) : zero;
  const c8 = P > 5 ? v128.load(cp + 128) : zero;
  const t = hsP;
  let j = 0;
  while (j + 8 <= w) {
    const n = min((w - j) >> 3, HS_BLOCKS);
    for (let b = 0; b < n; b++) {
      const jb = j + (b << 3);
      for (let odd = 0; odd < 2; odd++) {
        const q = t + <usize>((2 * b + odd) * 80);
        const o = <usize>(jb + odd) << 1;
        v128.store(q, dotT(vA1 + o, P, c0, c1, c2, c3, c4, c5, c6, c7, c8));
        v128.store(q + 16, dotT(vA2 + o, P, c0, c1, c2, c3, c4, c5, c6, c7, c8));
        momentS(q + 32, vXl + o, vXh + o, P, c0, c1, c2, c3, c4, c5, c6, c7, c8);
        momentS(q + 48, vYl + o, vYh + o, P, c0, c1, c2, c3, c4, c5, c6, c7, c8);
        momentS(q + 64, vZl + o, vZh + o, P, c0, c1, c2, c3, c4, c5, c6, c7, c8);
      }
    }
    for (let b = 0; b < 2 * n; b++) {
      const q = t + <usize>(b * 80);
      stats4(v128.load(q), v128.load(q + 16), v128.load(q + 32), v128.load(q + 48), v128.load(q + 64), egl);
    }
    j += n << 3;
  }
  return j;
}

/**
 * Scale 3's horizontal sum (taps 10904, 43728, 10904; 43728 does not fit i16) of one biased i16 row for 4 columns
 * j, j + 2, j + 4, j + 6 from p = the row + 2j (or the odd ones from the row + 2j + 2): the centre tap is split
 * in halves, 10904·x0 + 21864·x1 from the pairs at p and 21864·x1 + 10904·x2 from the pairs one element on, each
 * dot inside i32 (|c·x| ≤ 32768 · 32768 in all); adding back 32768 · Σc = 2^31 (mod 2^32) unbiases the sum,
 * which is < 65536 · 65535 and so exact in u32, like hSum.
 */
@inline function dot3(p: usize, ca: v128, cb: v128): v128 {
  const a = i32x4.add(i32x4.dot_i16x8_s(v128.load(p), ca), i32x4.dot_i16x8_s(v128.load(p + 2), cb));
  return i32x4.add(a, i32x4.splat(0x80000000));
}

/** A moment of scale 3 from its biased 16-bit halves: Σ c·h + ((Σ c·l + 2^15) >> 16), as momentT. */
@inline function moment3(lo: usize, hi: usize, o: usize, ca: v128, cb: v128): v128 {
  return i32x4.add(dot3(hi + o, ca, cb), i32x4.shr_u(i32x4.add(dot3(lo + o, ca, cb), i32x4.splat(32768)), 16));
}

/** Horizontal pass of scale 3 fused with the statistic, 8 columns per step; returns the first column left. */
function horzStats3(w: i32, egl: bool): i32 {
  const ca = i32x4.splat((21864 << 16) | 10904); // pairs (x0, x1)
  const cb = i32x4.splat((10904 << 16) | 21864); // pairs (x1, x2)
  let j = 0;
  for (; j + 8 <= w; j += 8) {
    for (let odd = 0; odd < 2; odd++) {
      const o = <usize>(j + odd) << 1;
      stats4(dot3(vA1 + o, ca, cb), dot3(vA2 + o, ca, cb), moment3(vXl, vXh, o, ca, cb),
        moment3(vYl, vYh, o, ca, cb), moment3(vZl, vZh, o, ca, cb), egl);
    }
  }
  return j;
}

/** Horizontal pass (taps F) over the padded rows of scale s and the statistic of its w pixels. */
function horzStats(F: StaticArray<u32>, s: i32, w: i32, egl: bool): void {
  const cp = cpP + <usize>(s * 9 * 16);
  let j = 0;
  if (s == 0) j = horzStatsBlocks(9, cp, w, egl);
  else if (s == 1) j = horzStatsBlocks(5, cp, w, egl);
  else if (s == 2) j = horzStatsBlocks(3, cp, w, egl);
  else j = horzStats3(w, egl);
  for (; j < w; j++) {
    stats1(hSum(vA1, j, F), hSum(vA2, j, F),
      hSum(vXh, j, F) + ((hSum(vXl, j, F) + 32768) >> 16),
      hSum(vYh, j, F) + ((hSum(vYl, j, F) + 32768) >> 16),
      hSum(vZh, j, F) + ((hSum(vZl, j, F) + 32768) >> 16), egl);
  }
}

function statistic(s: i32, egl: bool): void {
  resetStats();
  const w = sw(s);
  const h = sh(s);
  const F = s == 0 ? F0 : s == 1 ? F1 : s == 2 ? F2 : F3;
  const taps = F.length * 2 - 1;
  const half = taps >> 1;
  for (let i = 0; i < h; i++) {
    for (let k = 0; k < taps; k++) setRo(k, reflect(i - half + k, h) * w);
    if (s == 0) vert0();
    else vertN(F, pyrR(s), pyrD(s), w);
    padRows8(w, half);
    horzStats(F, s, w, egl);
    flushRow();
  }
  flushStats(s);
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
    if (s < 3) {
      // 8 columns per step, two taps per i32x4.dot_i16x8_s on interleaved rows biased into i16 (s = 1: a − 128,
      // Σc·a = D + 2^23; s = 2: x − 32768, Σc·x = D + 2^31 mod 2^32; taps ≤ 26386 keep each dot inside i32); the
      // true sums are < 65536 · 65535 < 2^32, exact in u32 lanes as in the port.
      const P = F.length;
      const cp = cpP + <usize>(s * 9 * 16);
      const pr = pyrR(s - 1);
      const pd = pyrD(s - 1);
      if (s == 1) {
        // 9 taps, symmetric (c[k] = c[8 − k]): rows k and 8 − k of the biased bytes are added first (a'_k + a'_{8−k}
        // ∈ [−256, 254]), the folded rows go two per dot ((0, 1), (2, 3)) and the centre row 4 with itself against
        // (c[4], 0); Σc·a = D + 2^23 as before.
        const c01 = v128.load(cp), c23 = v128.load(cp + 16);
        const c4 = i32x4.splat(unchecked(F1[4])); // (c[4], 0) as i16 pairs
        const r0 = ro(0), r1 = ro(1), r2 = ro(2), r3 = ro(3), r4 = ro(4), r5 = ro(5), r6 = ro(6), r7 = ro(7), r8 = ro(8);
        for (; j + 8 <= pw; j += 8) {
          let rl = i32x4.splat(0), rh = i32x4.splat(0), dl = i32x4.splat(0), dh = i32x4.splat(0);
          for (let im = 0; im < 2; im++) {
            const P0 = (im == 0 ? ref : dis) + <usize>j;
            const s0 = i16x8.add(v128.load8x8_s(P0 + <usize>r0), v128.load8x8_s(P0 + <usize>r8));
            const s1 = i16x8.add(v128.load8x8_s(P0 + <usize>r1), v128.load8x8_s(P0 + <usize>r7));
            let l = i32x4.dot_i16x8_s(i16x8.shuffle(s0, s1, 0, 8, 1, 9, 2, 10, 3, 11), c01);
            let h = i32x4.dot_i16x8_s(i16x8.shuffle(s0, s1, 4, 12, 5, 13, 6, 14, 7, 15), c01);
            const s2 = i16x8.add(v128.load8x8_s(P0 + <usize>r2), v128.load8x8_s(P0 + <usize>r6));
            const s3 = i16x8.add(v128.load8x8_s(P0 + <usize>r3), v128.load8x8_s(P0 + <usize>r5));
            l = i32x4.add(l, i32x4.dot_i16x8_s(i16x8.shuffle(s2, s3, 0, 8, 1, 9, 2, 10, 3, 11), c23));
            h = i32x4.add(h, i32x4.dot_i16x8_s(i16x8.shuffle(s2, s3, 4, 12, 5, 13, 6, 14, 7, 15), c23));
            const m = v128.load8x8_s(P0 + <usize>r4);
            l = i32x4.add(l, i32x4.dot_i16x8_s(i16x8.shuffle(m, m, 0, 0, 1, 1, 2, 2, 3, 3), c4));
            h = i32x4.add(h, i32x4.dot_i16x8_s(i16x8.shuffle(m, m, 4, 4, 5, 5, 6, 6, 7, 7), c4));
            if (im == 0) { rl = l; rh = h; } else { dl = l; dh = h; }
          }
          const o = <usize>(j + half);
          const r = i32x4.splat((1 << 23) + 128);
          mu8(vA1, o, i32x4.shr_u(i32x4.add(rl, r), 8), i32x4.shr_u(i32x4.add(rh, r), 8));
          mu8(vA2, o, i32x4.shr_u(i32x4.add(dl, r), 8), i32x4.shr_u(i32x4.add(dh, r), 8));
        }
      } else {
        for (; j + 8 <= pw; j += 8) {
          let rl = i32x4.splat(0), rh = i32x4.splat(0), dl = i32x4.splat(0), dh = i32x4.splat(0);
          for (let q = 0; q < P; q++) {
            const c = v128.load(cp + <usize>(q << 4));
            const k0 = ro(2 * q);
            const k1 = ro(2 * q + 1 < taps ? 2 * q + 1 : 2 * q); // the pad tap has weight 0: any row
            const x8000 = i16x8.splat(-32768);
            const a0 = v128.xor(v128.load(pr + (<usize>(k0 + j) << 1)), x8000);
            const a1 = v128.xor(v128.load(pr + (<usize>(k1 + j) << 1)), x8000);
            const e0 = v128.xor(v128.load(pd + (<usize>(k0 + j) << 1)), x8000);
            const e1 = v128.xor(v128.load(pd + (<usize>(k1 + j) << 1)), x8000);
            rl = i32x4.add(rl, i32x4.dot_i16x8_s(i16x8.shuffle(a0, a1, 0, 8, 1, 9, 2, 10, 3, 11), c));
            rh = i32x4.add(rh, i32x4.dot_i16x8_s(i16x8.shuffle(a0, a1, 4, 12, 5, 13, 6, 14, 7, 15), c));
            dl = i32x4.add(dl, i32x4.dot_i16x8_s(i16x8.shuffle(e0, e1, 0, 8, 1, 9, 2, 10, 3, 11), c));
            dh = i32x4.add(dh, i32x4.dot_i16x8_s(i16x8.shuffle(e0, e1, 4, 12, 5, 13, 6, 14, 7, 15), c));
          }
          const o = <usize>(j + half);
          const r = i32x4.splat(0x80008000); // 2^31 + 2^15 (mod 2^32)
          mu8(vA1, o, i32x4.shr_u(i32x4.add(rl, r), 16), i32x4.shr_u(i32x4.add(rh, r), 16));
          mu8(vA2, o, i32x4.shr_u(i32x4.add(dl, r), 16), i32x4.shr_u(i32x4.add(dh, r), 16));
        }
      }
    }
    for (; j + 4 <= pw; j += 4) {
      let ar = i32x4.splat(0);
      let ad = i32x4.splat(0);
      for (let k = 0; k < taps; k++) {
        const c = i32x4.splat(unchecked(F[k <= half ? k : taps - 1 - k]));
        if (s == 1) {
          ar = i32x4.add(ar, i32x4.mul(ldb8x4(ref + <usize>(ro(k) + j)), c));
          ad = i32x4.add(ad, i32x4.mul(ldb8x4(dis + <usize>(ro(k) + j)), c));
        } else {
          ar = i32x4.add(ar, i32x4.mul(ld16x4(pyrR(s - 1) + <usize>((ro(k) + j) * 2)), c));
          ad = i32x4.add(ad, i32x4.mul(ld16x4(pyrD(s - 1) + <usize>((ro(k) + j) * 2)), c));
        }
      }
      const o = <usize>(j + half);
      if (s == 1) {
        mu4(vA1, o, i32x4.shr_u(i32x4.add(ar, r128), 8));
        mu4(vA2, o, i32x4.shr_u(i32x4.add(ad, r128), 8));
      } else {
        mu4(vA1, o, v128.and(i32x4.shr_u(i32x4.add(ar, r15), 16), m16));
        mu4(vA2, o, v128.and(i32x4.shr_u(i32x4.add(ad, r15), 16), m16));
      }
    }
    for (; j < pw; j++) {
      let ar: u32 = 0;
      let ad: u32 = 0;
      for (let k = 0; k < taps; k++) {
        const c = unchecked(F[k <= half ? k : taps - 1 - k]);
        if (s == 1) {
          ar += c * (<u32>load<u8>(ref + <usize>(ro(k) + j)) ^ 0x80);
          ad += c * (<u32>load<u8>(dis + <usize>(ro(k) + j)) ^ 0x80);
        } else {
          ar += c * <u32>load<u16>(pyrR(s - 1) + <usize>((ro(k) + j) * 2));
          ad += c * <u32>load<u16>(pyrD(s - 1) + <usize>((ro(k) + j) * 2));
        }
      }
      const o = <usize>(j + half);
      mu1(vA1, o, s == 1 ? (ar + 128) >> 8 : ((ar + 32768) >> 16) & 0xffff);
      mu1(vA2, o, s == 1 ? (ad + 128) >> 8 : ((ad + 32768) >> 16) & 0xffff);
    }
    padRow(vA1, pw, half, 2);
    padRow(vA2, pw, half, 2);
    const orow = <usize>(oi * ow);
    let oj = 0;
    if (s < 3) {
      // Even columns only: dotRow's even lanes are columns 2oj, 2oj + 2, .. (reads stay inside the padded row).
      const P = F.length;
      const cp = cpP + <usize>(s * 9 * 16);
      for (; oj + 4 <= ow; oj += 4) {
        const er = i32x4.shr_u(i32x4.add(dotRow(vA1, 2 * oj, P, cp, 0), r15), 16); // ≤ 65535
        const ed = i32x4.shr_u(i32x4.add(dotRow(vA2, 2 * oj, P, cp, 0), r15), 16);
        v128.store64_lane(outR + (orow + <usize>oj) * 2, i16x8.narrow_i32x4_u(er, er), 0);
        v128.store64_lane(outD + (orow + <usize>oj) * 2, i16x8.narrow_i32x4_u(ed, ed), 0);
      }
    }
    for (; oj < ow; oj++) {
      store<u16>(outR + (orow + <usize>oj) * 2, <u16>((hSum(vA1, 2 * oj, F) + 32768) >> 16));
      store<u16>(outD + (orow + <usize>oj) * 2, <u16>((hSum(vA2, 2 * oj, F) + 32768) >> 16));
    }
  }
}

/** Flips the top bit of every byte of a plane in place (a → a ^ 0x80, read back as the signed byte a − 128). */
function biasInput(p: usize): void {
  const n = <usize>(W * H);
  const x80 = i8x16.splat(-128);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(p + i, v128.xor(v128.load(p + i), x80));
  for (; i < n; i++) store<u8>(p + i, load<u8>(p + i) ^ 0x80);
}

/** All four scales of the frame in `ref`/`dis`; accumulators (4 × 5 f64) at accPtr(). */
export function compute(egl: bool): void {
  memory.fill(acc, 0, 4 * 5 * 8);
  biasInput(ref);
  biasInput(dis);
  statistic(0, egl);
  for (let s = 1; s < 4; s++) {
    decimate(s);
    statistic(s, egl);
  }
}
