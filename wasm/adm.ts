/**
 * Level 0 of libvmaf's integer ADM (integer_adm.c @ 332dde62, 8-bit input) in AssemblyScript with WebAssembly
 * SIMD: the WASM twin of the level-0 methods of src/core/metrics/vmaf/integer/adm.ts (dwt8, the den0 and cm0 cube
 * sums, decouple0, csf0), which stay the reference; both must agree bit for bit (adm-wasm.test.ts). Levels 1–3 and
 * every floating-point step that follows a sum (cube roots, CSF factors) stay in TypeScript, which reads and
 * writes the bands below through typed-array views of this memory.
 *
 * Memory (offsets from `init`; n0 = ⌈w/2⌉·⌈h/2⌉ samples per band):
 *   refIn, disIn                     u8  w·h      input planes, written by the caller
 *   tlo, thi                         i32 w        one row of the vertical DWT pass
 *   ref0 a,h,v,d / dis0 a,h,v,d      i16 n0 each  DWT bands
 *   r0 h,v,d / a0 / r0E / a0E        i16 n0 each  decoupled restored/additive bands (gain limit 100; E: 1.0)
 *   csf h,v,d / flt h,v,d            i16 n0 each  CSF-weighted additive bands and their 1/30 magnitudes
 *   div                              i32 65537    libvmaf div_lookup, written by the caller
 *   indY, indX                       i32 4·bh, 4·bw  DWT source indices, written by the caller
 *   out                              f64 4        results of the last sum
 * Cost at 1080p: the DWT reads each input byte 4 times (vertical, SIMD 4 columns) and writes 8 bands of 1 MB;
 * decouple, csf and cm stream those bands once each (scalar: data-dependent branches per sample).
 */

let W: i32 = 0;
let H: i32 = 0;
let BW: i32 = 0;
let BH: i32 = 0;
let N0: i32 = 0;
let refIn: usize = 0;
let disIn: usize = 0;
let tlo: usize = 0;
let thi: usize = 0;
let bands: usize = 0; // 26 planes of N0 i16, in the order of the B_* constants
let div: usize = 0;
let indY: usize = 0;
let indX: usize = 0;
let out: usize = 0;

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

let top: usize = 0;
function alloc(bytes: i32): usize {
  const p = (top + 15) & ~(<usize>15);
  top = p + <usize>bytes;
  return p;
}

/** Lays out memory for a w×h frame and grows it; returns the bytes used. */
export function init(w: i32, h: i32): i32 {
  W = w;
  H = h;
  BW = (w + 1) >> 1;
  BH = (h + 1) >> 1;
  N0 = BW * BH;
  const bytes = <i64>__heap_base + 2 * <i64>w * <i64>h + 8 * (<i64>w + 8) + <i64>PLANES * (2 * <i64>N0 + 16) + 4 * 65537 + 16 * (<i64>BW + <i64>BH) + 256;
  const need = <i32>((bytes + 65535) >> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
  top = __heap_base;
  refIn = alloc(w * h);
  disIn = alloc(w * h);
  tlo = alloc((w + 4) * 4);
  thi = alloc((w + 4) * 4);
  bands = alloc(0);
  for (let p = 0; p < PLANES; p++) alloc(2 * N0);
  div = alloc(4 * 65537);
  indY = alloc(16 * BH);
  indX = alloc(16 * BW);
  out = alloc(32);
  if (top > (<usize>memory.size() << 16)) unreachable();
  return <i32>top;
}

export function refPtr(): usize { return refIn; }
export function disPtr(): usize { return disIn; }
export function divPtr(): usize { return div; }
export function indYPtr(): usize { return indY; }
export function indXPtr(): usize { return indX; }
export function outPtr(): usize { return out; }
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
  for (let i = 0; i < BH; i++) {
    const r0 = <usize>(ldI32(indY, i) * w);
    const r1 = <usize>(ldI32(indY, BH + i) * w);
    const r2 = <usize>(ldI32(indY, 2 * BH + i) * w);
    const r3 = <usize>(ldI32(indY, 3 * BH + i) * w);
    let j = 0;
    for (; j + 4 <= w; j += 4) {
      const pj = <usize>j;
      const u0 = ld8x4(src + r0 + pj), u1 = ld8x4(src + r1 + pj), u2 = ld8x4(src + r2 + pj), u3 = ld8x4(src + r3 + pj);
      const lo = i32x4.add(i32x4.add(i32x4.mul(u0, c0), i32x4.mul(u1, c1)), i32x4.add(i32x4.mul(u2, c2), i32x4.mul(u3, c3)));
      const hi = i32x4.add(i32x4.add(i32x4.mul(u0, c3), i32x4.mul(u1, d1)), i32x4.add(i32x4.mul(u2, c1), i32x4.mul(u3, d3)));
      // int16((x + 128) >> 8): arithmetic shift, then keep the low 16 bits sign-extended
      v128.store(tlo + (pj << 2), i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(lo, off), 8), 16), 16));
      v128.store(thi + (pj << 2), i32x4.shr_s(i32x4.shl(i32x4.shr_s(i32x4.add(hi, r128), 8), 16), 16));
    }
    for (; j < w; j++) {
      const pj = <usize>j;
      const u0 = <i32>load<u8>(src + r0 + pj), u1 = <i32>load<u8>(src + r1 + pj), u2 = <i32>load<u8>(src + r2 + pj), u3 = <i32>load<u8>(src + r3 + pj);
      const lo = 15826 * u0 + 27411 * u1 + 7345 * u2 - 4240 * u3 - 46342 * 128;
      const hi = -4240 * u0 - 7345 * u1 + 27411 * u2 - 15826 * u3;
      store<i32>(tlo + (pj << 2), (((lo + 128) >> 8) << 16) >> 16);
      store<i32>(thi + (pj << 2), (((hi + 128) >> 8) << 16) >> 16);
    }
    const o = i * BW;
    for (let jj = 0; jj < BW; jj++) {
      const inner = jj > 0 && 2 * jj + 2 < w;
      const j0 = inner ? 2 * jj - 1 : ldI32(indX, jj);
      const j1 = inner ? 2 * jj : ldI32(indX, BW + jj);
      const j2 = inner ? 2 * jj + 1 : ldI32(indX, 2 * BW + jj);
      const j3 = inner ? 2 * jj + 2 : ldI32(indX, 3 * BW + jj);
      let s0 = ldI32(tlo, j0), s1 = ldI32(tlo, j1), s2 = ldI32(tlo, j2), s3 = ldI32(tlo, j3);
      stI16(pa, o + jj, (15826 * s0 + 27411 * s1 + 7345 * s2 - 4240 * s3 + 32768) >> 16);
      stI16(pv, o + jj, (-4240 * s0 - 7345 * s1 + 27411 * s2 - 15826 * s3 + 32768) >> 16);
      s0 = ldI32(thi, j0); s1 = ldI32(thi, j1); s2 = ldI32(thi, j2); s3 = ldI32(thi, j3);
      stI16(ph, o + jj, (15826 * s0 + 27411 * s1 + 7345 * s2 - 4240 * s3 + 32768) >> 16);
      stI16(pd, o + jj, (-4240 * s0 - 7345 * s1 + 27411 * s2 - 15826 * s3 + 32768) >> 16);
    }
  }
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
    let acc: i64 = 0;
    for (let j = o + left, end = o + right; j < end; j++) {
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
  const Rh = plane(B_REF + 1), Rv = plane(B_REF + 2), Rd = plane(B_REF + 3);
  const Dh = plane(B_DIS + 1), Dv = plane(B_DIS + 2), Dd = plane(B_DIS + 3);
  const rh = plane(B_R), rv = plane(B_R + 1), rd = plane(B_R + 2);
  const ah = plane(B_A), av = plane(B_A + 1), ad = plane(B_A + 2);
  const erh = plane(B_RE), erv = plane(B_RE + 1), erd = plane(B_RE + 2);
  const eah = plane(B_AE), eav = plane(B_AE + 1), ead = plane(B_AE + 2);
  for (let i = top; i < bottom; i++) {
    for (let j = left + i * BW, end = right + i * BW; j < end; j++) {
      const oh = ldI16(Rh, j), ov = ldI16(Rv, j), od = ldI16(Rd, j);
      const th = ldI16(Dh, j), tv = ldI16(Dv, j), td = ldI16(Dd, j);
      const otDp = <i64>oh * <i64>th + <i64>ov * <i64>tv;
      const oMag = <i64>oh * <i64>oh + <i64>ov * <i64>ov;
      const tMag = <i64>th * <i64>th + <i64>tv * <i64>tv;
      const a = <f64><f32>otDp / 4096.0;
      const angle = a >= 0 && a * a >= cos1sq * (<f64><f32>oMag / 4096.0) * (<f64><f32>tMag / 4096.0);
      const kh = ratio0(oh, th), kv = ratio0(ov, tv), kd = ratio0(od, td);
      let sh = (((kh * oh + 16384) >> 15) << 16) >> 16;
      let sv = (((kv * ov + 16384) >> 15) << 16) >> 16;
      let sd = (((kd * od + 16384) >> 15) << 16) >> 16;
      if (angle) {
        if (egl) {
          const eh = enhance(sh, kh, oh, th, 1.0), ev = enhance(sv, kv, ov, tv, 1.0), ed = enhance(sd, kd, od, td, 1.0);
          stI16(erh, j, eh); stI16(erv, j, ev); stI16(erd, j, ed);
          stI16(eah, j, th - eh); stI16(eav, j, tv - ev); stI16(ead, j, td - ed);
        }
        sh = enhance(sh, kh, oh, th, 100.0);
        sv = enhance(sv, kv, ov, tv, 100.0);
        sd = enhance(sd, kd, od, td, 100.0);
      } else if (egl) {
        stI16(erh, j, sh); stI16(erv, j, sv); stI16(erd, j, sd);
        stI16(eah, j, th - sh); stI16(eav, j, tv - sv); stI16(ead, j, td - sd);
      }
      stI16(rh, j, sh); stI16(rv, j, sv); stI16(rd, j, sd);
      stI16(ah, j, th - sh); stI16(av, j, tv - sv); stI16(ad, j, td - sd);
    }
  }
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
    for (let i = top; i < bottom; i++) {
      for (let j = left + i * BW, end = right + i * BW; j < end; j++) {
        const v = (((f * ldI16(src, j) + ad) >> sh) << 16) >> 16;
        stI16(dst, j, v);
        stI16(flt, j, (4369 * (v < 0 ? -v : v) + 2048) >> 12);
      }
    }
  }
}

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
    let accH: i64 = 0, accV: i64 = 0, accD: i64 = 0;
    for (let j = c0; j < c1; j++) {
      const jl = j == 0 ? 1 : j - 1;
      const jr = j == w - 1 ? w - 1 : j + 1;
      const m = mid + j;
      const a0 = ldI16(ch, m), a1 = ldI16(cv, m), a2 = ldI16(cd, m);
      const thr = ldI16(fh, up + jl) + ldI16(fh, up + j) + ldI16(fh, up + jr) + ldI16(fh, mid + jl) + ldI16(fh, mid + jr) +
        ldI16(fh, dn + jl) + ldI16(fh, dn + j) + ldI16(fh, dn + jr) +
        ldI16(fv, up + jl) + ldI16(fv, up + j) + ldI16(fv, up + jr) + ldI16(fv, mid + jl) + ldI16(fv, mid + jr) +
        ldI16(fv, dn + jl) + ldI16(fv, dn + j) + ldI16(fv, dn + jr) +
        ldI16(fd, up + jl) + ldI16(fd, up + j) + ldI16(fd, up + jr) + ldI16(fd, mid + jl) + ldI16(fd, mid + jr) +
        ldI16(fd, dn + jl) + ldI16(fd, dn + j) + ldI16(fd, dn + jr) +
        ((((8738 * (a0 < 0 ? -a0 : a0) + 2048) >> 12) << 16) >> 16) +
        ((((8738 * (a1 < 0 ? -a1 : a1) + 2048) >> 12) << 16) >> 16) +
        ((((8738 * (a2 < 0 ? -a2 : a2) + 2048) >> 12) << 16) >> 16);
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
