/**
 * libvmaf's integer motion (integer_motion.c @ 332dde62, 8-bit input) in AssemblyScript with WebAssembly SIMD:
 * the WASM twin of src/core/metrics/vmaf/integer/motion.ts (the reference). The reference plane is blurred with
 * the 5-tap Q16 filter [3571, 16004, 26386, 16004, 3571] — vertical (Σf·p + 128) >> 8, horizontal
 * (Σf·v + 32768) >> 16, borders i < 0 → −i, i ≥ n → 2n − i − 1 — and `push` returns the sum of absolute
 * differences to the previous blurred plane (the caller divides as the TypeScript port does).
 * Memory: ref u8 w·h (written by the caller), tmp i16 w·h (vertical results − 32768), two blurred u16 planes
 * (current / previous). Cost at 1080p: reads the plane 5 times from cache, writes 8 MB, reads 8 MB; 8 lanes per
 * step with i32x4.dot_i16x8_s (two taps per lane pair) in both passes, the SAD 8 lanes per step.
 */

import { alloc, layoutEnd, resetLayout } from './lib';

let W: i32 = 0;
let H: i32 = 0;
let ref: usize = 0;
let tmp: usize = 0;
let cur: usize = 0;
let prev: usize = 0;
let hasPrev = false;

export function init(w: i32, h: i32): i32 {
  W = w;
  H = h;
  resetLayout();
  ref = alloc(w * h);
  tmp = alloc(2 * w + 16);
  cur = alloc(2 * w * h + 16);
  prev = alloc(2 * w * h + 16);
  hasPrev = false;
  return <i32>layoutEnd();
}

export function refPtr(): usize { return ref; }

/** Forget the previous frame. */
export function reset(): void { hasPrev = false; }

@inline function mirror(k: i32, n: i32): i32 { return k < 0 ? -k : k >= n ? 2 * n - k - 1 : k; }

/** The vertical result y at column j of a tmp row (stored as y − 32768 in int16). */
@inline function ldY(row: usize, j: i32): u32 { return <u32>(<i32>load<i16>(row + (<usize>j << 1)) + 32768); }

/** Blurs the plane in `ref` into `cur`; returns the SAD to the previous blurred plane, or −1 for the first frame. */
export function push(): f64 {
  const w = W, h = H;
  // Vertical pass, 8 columns per step, two taps per i32x4.dot_i16x8_s: (p0 + p4, p1 + p3)·(3571, 16004) and
  // (p2, 32640)·(26386, −257), whose second product −8388480 = 128 − 2^23 rounds and biases: (Σ + 128 − 2^23) >> 8
  // = y − 32768 with y = (Σ + 128) >> 8 < 2^16, stored as int16 (tmp holds y − 32768). |Σ| < 2^24: exact in i32.
  const tAB = i32x4.splat((16004 << 16) | 3571), tC = i32x4.splat((-257 << 16) | 26386), kC = i16x8.splat(32640);
  // Horizontal pass on the biased rows: Σc·y = Σc·(y − 32768) + 2^31 (the taps sum to 2^16), so the i32 dot sums
  // wrap to Σc·y − 2^31 and adding 2^31 + 32768 gives Σc·y + 32768 < 2^32 exactly as u32; >> 16 unsigned.
  // 8 outputs per step: even ones from the pairs at j − 2, j, j + 2 ((3571, 16004), (26386, 16004), (3571, 0)),
  // odd ones from j − 1, j + 1, j + 3; lanes re-interleaved before the narrowing store.
  const e0 = i32x4.splat((16004 << 16) | 3571), e1 = i32x4.splat((16004 << 16) | 26386), e2 = i32x4.splat(3571);
  const bias = i32x4.splat(-2147450880); // 2^31 + 32768 as int32
  // One pass over the rows: vertical into the one-row tmp, horizontal into row i of cur, then the SAD of that row
  // against prev, so tmp and the new row stay in the L1 cache.
  let sad: i64 = hasPrev ? 0 : -1;
  for (let i = 0; i < h; i++) {
    const p0 = ref + <usize>(mirror(i - 2, h) * w), p1 = ref + <usize>(mirror(i - 1, h) * w), p2 = ref + <usize>(i * w);
    const p3 = ref + <usize>(mirror(i + 1, h) * w), p4 = ref + <usize>(mirror(i + 2, h) * w);
    {
      const o = tmp; // one row, read back at once by the horizontal pass
      let j = 0;
      for (; j + 8 <= w; j += 8) {
        const pj = <usize>j;
        const a = i16x8.add(v128.load8x8_u(p0 + pj), v128.load8x8_u(p4 + pj));
        const b = i16x8.add(v128.load8x8_u(p1 + pj), v128.load8x8_u(p3 + pj));
        const c = v128.load8x8_u(p2 + pj);
        const lo = i32x4.add(i32x4.dot_i16x8_s(i16x8.shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11), tAB),
          i32x4.dot_i16x8_s(i16x8.shuffle(c, kC, 0, 8, 1, 9, 2, 10, 3, 11), tC));
        const hi = i32x4.add(i32x4.dot_i16x8_s(i16x8.shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15), tAB),
          i32x4.dot_i16x8_s(i16x8.shuffle(c, kC, 4, 12, 5, 13, 6, 14, 7, 15), tC));
        v128.store(o + (pj << 1), i16x8.narrow_i32x4_s(i32x4.shr_s(lo, 8), i32x4.shr_s(hi, 8)));
      }
      for (; j < w; j++) {
        const pj = <usize>j;
        const acc = 3571 * (<u32>load<u8>(p0 + pj) + <u32>load<u8>(p4 + pj)) + 16004 * (<u32>load<u8>(p1 + pj) + <u32>load<u8>(p3 + pj)) + 26386 * <u32>load<u8>(p2 + pj);
        store<i16>(o + (pj << 1), <i16>(<i32>((acc + 128) >> 8) - 32768));
      }
    }
    {
      const row = tmp;
      const o = cur + (<usize>(i * w) << 1);
      // borders through the mirror, interior 8 columns per step
      for (let j = 0; j < w; j = j == 1 && w > 4 ? w - 2 : j + 1) {
        let acc: u32 = 0;
        for (let k = -2; k <= 2; k++) {
          const c: u32 = k == 0 ? 26386 : k == 1 || k == -1 ? 16004 : 3571;
          acc += c * ldY(row, mirror(j + k, w));
        }
        store<u16>(o + (<usize>j << 1), <u16>((acc + 32768) >> 16));
      }
      let j = 2;
      for (; j + 8 <= w - 2; j += 8) {
        const q = row + (<usize>j << 1);
        const ev = i32x4.add(i32x4.add(i32x4.dot_i16x8_s(v128.load(q - 4), e0), i32x4.dot_i16x8_s(v128.load(q), e1)), i32x4.dot_i16x8_s(v128.load(q + 4), e2));
        const od = i32x4.add(i32x4.add(i32x4.dot_i16x8_s(v128.load(q - 2), e0), i32x4.dot_i16x8_s(v128.load(q + 2), e1)), i32x4.dot_i16x8_s(v128.load(q + 6), e2));
        const ve = i32x4.shr_u(i32x4.add(ev, bias), 16), vo = i32x4.shr_u(i32x4.add(od, bias), 16);
        v128.store(o + (<usize>j << 1), i16x8.narrow_i32x4_u(i32x4.shuffle(ve, vo, 0, 4, 1, 5), i32x4.shuffle(ve, vo, 2, 6, 3, 7)));
      }
      for (; j < w - 2; j++) {
        const acc: u32 = 3571 * (ldY(row, j - 2) + ldY(row, j + 2)) + 16004 * (ldY(row, j - 1) + ldY(row, j + 1)) + 26386 * ldY(row, j);
        store<u16>(o + (<usize>j << 1), <u16>((acc + 32768) >> 16));
      }
    }
    if (hasPrev) {
      // |a − b| of u16 lanes as max − min, 8 per step, pairwise into u32 lanes (< 2^17 per step: no overflow)
      let acc = i32x4.splat(0);
      const base = i * w;
      let j = 0;
      for (; j + 8 <= w; j += 8) {
        const k = <usize>(base + j) << 1;
        const a = v128.load(cur + k), b = v128.load(prev + k);
        acc = i32x4.add(acc, i32x4.extadd_pairwise_i16x8_u(i16x8.sub(i16x8.max_u(a, b), i16x8.min_u(a, b))));
      }
      let row: i64 = <i64>i32x4.extract_lane(acc, 0) + <i64>i32x4.extract_lane(acc, 1) + <i64>i32x4.extract_lane(acc, 2) + <i64>i32x4.extract_lane(acc, 3);
      for (; j < w; j++) {
        const k = <usize>(base + j) << 1;
        const d = <i32>load<u16>(cur + k) - <i32>load<u16>(prev + k);
        row += <i64>(d < 0 ? -d : d);
      }
      sad += row;
    }
  }
  const t = cur;
  cur = prev;
  prev = t;
  hasPrev = true;
  return <f64>sad;
}
