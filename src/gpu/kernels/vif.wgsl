// VIF (visual information fidelity), four scales: libvmaf's float extractor (default entry points) or the
// moments of its integer extractor (*_int entry points, see below). Float mode, as libvmaf's float extractor computes it
// (Netflix/vmaf libvmaf/src/feature/vif.c + vif_tools.c @ v3.0.0, "matching_matlab" statistic; facts in
// ../shared/reference/metrics.md §1.1). Borders: i < 0 → −i, i ≥ n → 2n − i − 1, for filtering and pyramid.
//
// Entry points, per scale s (filter g_s of N = 17, 9, 5, 3 taps from the params uniform):
//   decim_v / decim_h (s ≥ 1): low-pass the previous scale with g_s and keep even rows (decim_v, 16x16
//     workgroups, one output per invocation, writes w x floor(h/2) f32 per image) then even columns (decim_h,
//     writes floor(w/2) x floor(h/2) f32 into the pyramid buffer of scale s). The pyramid stays on the GPU.
//   moments: vertical pass of the five moments (mu1, mu2, ref², dis², ref·dis), 16x16 workgroups, one pixel
//     per invocation, writes 5 f32 planes.
//   stat: horizontal pass + VIF statistic, 64x4 workgroups, each invocation one column x 4 rows (tile 64x16),
//     reduces num, den and the NEG numerator (gain limit 1) to three f32 partials per workgroup (tree in
//     workgroup memory, 8 barriers). The CPU adds the partials in f64.
// Scale 0 reads the uploaded frames directly as packed u32 (4 pixels per word, override SRC_U8 = true,
// value = byte − 128); scales 1–3 read f32 planes through the same array<u32> binding (bitcast).
// No workgroup-memory tiling of the image: software WebGPU pays ~14x per barrier; a real GPU's L1 serves the
// N-fold tap overlap.
// Bytes per frame at 1080p (2.07 Mpx; scales 1–3 add ~1/3): moments reads 2x2.1 MB (cached N-fold) and writes
// 41 MB; stat reads 41 MB (cached N-fold) and writes 3x2040 partials (24 KB, read back); decimation to scale 1
// reads 2x2.1 MB, writes 16.6 + 4.1 MB. Total ≈ 130 MB of DRAM traffic over the four scales.
// Precision vs the CPU twin (src/core/metrics/vmaf/vif.ts): every tap product and sum is f32 here (the twin
// sums taps in f64 and rounds each moment to f32 once, like libvmaf's f32 SIMD within ~1 ULP); log2 is
// libvmaf's VIF_OPT_FAST_LOG2 polynomial (the twin uses exact log2; they differ by ≤ 2.4e-7); num/den are
// summed in f32 per 1024-pixel workgroup instead of per row. σ² = E[x²] − μ² cancels in f32 on bright flat
// areas (absolute error ~1e-3 pixel²), which can move a pixel across the σ1² < 2 branch. Measured max
// |GPU − twin| (e2e/gpu.browser.spec.ts, SwiftShader): ≤ 8.7e-6 on synthetic frames, 4.4e-5 on vif_scale2 of
// tiny_vtest crf38 (the other scales ≤ 5.7e-6), within the 1e-4 feature tolerance.
//
// Integer-rounding mode (entry points *_int, chosen by VifKernel's `integerRounding`): the moments and pyramid of
// libvmaf's INTEGER extractor (libvmaf/src/feature/integer_vif.c @ 332dde62838d), which vmaf_v0.6.1 / neg / 4k
// are evaluated on, with the float statistic above. Q16 integer taps; reflect-101 borders on all sides
// (i ≥ n → 2n − 2 − i); uncentred pixels. moments_int: vertical means rounded to Q8 pixels ((Σc·p + 2^7) >> 8 at
// scale 0, ((Σc·p + 2^15) >> 16) & 0xFFFF on the Q8 pyramid), second moments whole (scale 0) or rounded to Q16
// pixel²; stat_int: horizontal moments rounded to Q16, μ² and μ1μ2 as (m·m + 2^31) >> 32, σ as the int32
// difference, then vif_pixel(σ / 2^16); decim_v_int / decim_h_int: the Q8 pyramid as u32. Sums that reach 2^48
// are kept as two u32 halves (acc_split: Σc·lo16, Σc·hi16, each < 2^32) and the 64-bit products by 16-bit
// splitting (mul_round32), so σ1², σ2², σ12 equal libvmaf's integers bit for bit; only the statistic is f32
// (fast_log2, f32 partials) where libvmaf uses its log2 table. Same buffers, tiles and workgroups as the float
// mode (u32 views at bindings 8–12). Precision vs the CPU twin (src/core/metrics/vmaf/vif-intlike.ts, exact
// moments, f64 statistic with exact log2): measured max |GPU − twin| ≤ 5e-7 (e2e/gpu.browser.spec.ts,
// SwiftShader, synthetic frames and tiny_vtest crf38/bicubic); twin vs libvmaf integer_vif_* ≤ 5.6e-6.

override SRC_U8: bool = false;

struct Params {
  w: u32,            // width of the image this pass reads (scale s for moments/stat, s−1 for decim_v/h)
  h: u32,
  n: u32,            // filter taps
  partial_base: u32,
  ref_off: u32,      // source planes: byte offset (SRC_U8) or f32 element offset
  dis_off: u32,
  plane: u32,        // element stride between planes in mom / tmp buffers
  wg_x: u32,         // stat workgroups along x
  dst_ref: u32,      // decim_h: f32 element offsets of the output planes
  dst_dis: u32,
  pad0: u32,
  pad1: u32,
  taps: array<vec4<f32>, 5>,
}

const SIGMA_NSQ: f32 = 2.0;
const SIGMA_MAX_INV: f32 = 4.0 / (255.0 * 255.0);
const EPS: f32 = 1e-10;
const ROWS: u32 = 4u;

@group(0) @binding(0) var<uniform> P: Params;
@group(1) @binding(0) var<storage, read> src_ref: array<u32>;
@group(1) @binding(1) var<storage, read> src_dis: array<u32>;
@group(1) @binding(2) var<storage, read_write> mom: array<f32>;
@group(1) @binding(3) var<storage, read> mom_in: array<f32>;
@group(1) @binding(4) var<storage, read_write> partials: array<f32>;
@group(1) @binding(5) var<storage, read_write> tmp: array<f32>;
@group(1) @binding(6) var<storage, read> tmp_in: array<f32>;
@group(1) @binding(7) var<storage, read_write> dst: array<f32>;
// integer-rounding mode: the same buffers seen as u32
@group(1) @binding(8) var<storage, read_write> mom_u: array<u32>;
@group(1) @binding(9) var<storage, read> mom_in_u: array<u32>;
@group(1) @binding(10) var<storage, read_write> tmp_u: array<u32>;
@group(1) @binding(11) var<storage, read> tmp_in_u: array<u32>;
@group(1) @binding(12) var<storage, read_write> dst_u: array<u32>;

alias Acc = vec3<f32>;

fn tap(k: u32) -> f32 { return P.taps[k >> 2u][k & 3u]; }

// mirror(): mirror.wgsl

// ld_ref(), ld_dis(): planes.wgsl

// workgroup_sum(): reduce.wgsl

// libvmaf vif_tools.c log2f_approx (VIF_OPT_FAST_LOG2): exponent + degree-8 Horner polynomial in (mantissa − 1).
// Coefficients from that file, rounded to f32 as its `static const float` table is. Arguments here are ≥ 1.
fn fast_log2(x: f32) -> f32 {
  let u = bitcast<u32>(x);
  let e = f32(i32((u & 0x7F800000u) >> 23u) - 127);
  let t = bitcast<f32>((u & 0x007FFFFFu) | 0x3F800000u) - 1.0;
  var v = -0.012671635276421;
  v = v * t + 0.064841182402670;
  v = v * t - 0.157048836463065;
  v = v * t + 0.257167726303123;
  v = v * t - 0.353800560300520;
  v = v * t + 0.480131410397451;
  v = v * t - 0.721314327952201;
  v = v * t + 1.442694803896991;
  v = v * t + 0.0;
  return e + v;
}

// The float VIF statistic of one pixel (libvmaf vif_tools.c vif_statistic_s, moments in pixel²):
// returns (num with gain limit 100, den, num with gain limit 1).
fn vif_pixel(s1_in: f32, s2_in: f32, s12: f32) -> vec3<f32> {
  var s1 = max(s1_in, 0.0);
  let s2 = max(s2_in, 0.0);
  var g = s12 / (s1 + EPS);
  var sv = s2 - g * s12;
  if (s1 < EPS) { g = 0.0; sv = s2; s1 = 0.0; }
  if (s2 < EPS) { g = 0.0; sv = 0.0; }
  if (g < 0.0) { sv = s2; g = 0.0; }
  sv = max(sv, EPS);
  if (s1 < SIGMA_NSQ) {
    let v = 1.0 - s2 * SIGMA_MAX_INV;
    return vec3<f32>(v, 1.0, v);
  }
  var num = 0.0;
  var num_egl = 0.0;
  if (s12 >= 0.0) {
    let gl = min(g, 100.0);
    let ge = min(g, 1.0);
    num = fast_log2(1.0 + gl * gl * s1 / (sv + SIGMA_NSQ));
    num_egl = fast_log2(1.0 + ge * ge * s1 / (sv + SIGMA_NSQ));
  }
  return vec3<f32>(num, fast_log2(1.0 + s1 / SIGMA_NSQ), num_egl);
}

// Workgroup sum of the three per-invocation accumulators (workgroup_sum: 8 barriers); invocation 0 writes the
// workgroup's partials. Called from uniform control flow only.
fn reduce_store(acc: vec3<f32>, li: u32, wg: vec2<u32>) {
  let total = workgroup_sum(acc, li);
  if (li == 0u) {
    let o = P.partial_base + 3u * (wg.y * P.wg_x + wg.x);
    partials[o] = total.x;
    partials[o + 1u] = total.y;
    partials[o + 2u] = total.z;
  }
}

@compute @workgroup_size(16, 16)
fn moments(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= P.w || gid.y >= P.h) { return; }
  let r = i32(P.n >> 1u);
  let y = i32(gid.y);
  let h = i32(P.h);
  var m1 = 0.0; var m2 = 0.0; var xx = 0.0; var yy = 0.0; var xy = 0.0;
  for (var k = 0u; k < P.n; k++) {
    let idx = u32(mirror(y - r + i32(k), h)) * P.w + gid.x;
    let c = tap(k);
    let a = ld_ref(idx);
    let b = ld_dis(idx);
    let ca = c * a;
    let cb = c * b;
    m1 += ca; m2 += cb; xx += ca * a; yy += cb * b; xy += ca * b;
  }
  let p = gid.y * P.w + gid.x;
  mom[p] = m1;
  mom[P.plane + p] = m2;
  mom[2u * P.plane + p] = xx;
  mom[3u * P.plane + p] = yy;
  mom[4u * P.plane + p] = xy;
}

@compute @workgroup_size(64, 4)
fn stat(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32,
        @builtin(workgroup_id) wg: vec3<u32>) {
  let x = wg.x * 64u + lid.x;
  let y0 = (wg.y * 4u + lid.y) * ROWS;
  var acc = vec3<f32>(0.0);   // num (gain limit 100), den, num (gain limit 1)
  if (x < P.w) {
    let r = i32(P.n >> 1u);
    let w = i32(P.w);
    let yend = min(y0 + ROWS, P.h);
    for (var y = y0; y < yend; y++) {
      let row = y * P.w;
      var m1 = 0.0; var m2 = 0.0; var xx = 0.0; var yy = 0.0; var xy = 0.0;
      for (var k = 0u; k < P.n; k++) {
        let q = row + u32(mirror(i32(x) - r + i32(k), w));
        let c = tap(k);
        m1 += c * mom_in[q];
        m2 += c * mom_in[P.plane + q];
        xx += c * mom_in[2u * P.plane + q];
        yy += c * mom_in[3u * P.plane + q];
        xy += c * mom_in[4u * P.plane + q];
      }
      acc += vif_pixel(xx - m1 * m1, yy - m2 * m2, xy - m1 * m2);
    }
  }
  reduce_store(acc, li, wg.xy);
}

// Vertical low-pass of the previous scale at even rows: tmp is w x floor(h/2), ref plane then dis plane.
@compute @workgroup_size(16, 16)
fn decim_v(@builtin(global_invocation_id) gid: vec3<u32>) {
  let dh = P.h >> 1u;
  if (gid.x >= P.w || gid.y >= dh) { return; }
  let r = i32(P.n >> 1u);
  let h = i32(P.h);
  let i = i32(gid.y * 2u);
  var a = 0.0; var b = 0.0;
  for (var k = 0u; k < P.n; k++) {
    let idx = u32(mirror(i - r + i32(k), h)) * P.w + gid.x;
    let c = tap(k);
    a += c * ld_ref(idx);
    b += c * ld_dis(idx);
  }
  let p = gid.y * P.w + gid.x;
  tmp[p] = a;
  tmp[P.plane + p] = b;
}

// Horizontal low-pass at even columns: writes floor(w/2) x floor(h/2) planes of the next scale.
@compute @workgroup_size(16, 16)
fn decim_h(@builtin(global_invocation_id) gid: vec3<u32>) {
  let dw = P.w >> 1u;
  let dh = P.h >> 1u;
  if (gid.x >= dw || gid.y >= dh) { return; }
  let r = i32(P.n >> 1u);
  let w = i32(P.w);
  let j = i32(gid.x * 2u);
  let row = gid.y * P.w;
  var a = 0.0; var b = 0.0;
  for (var k = 0u; k < P.n; k++) {
    let q = row + u32(mirror(j - r + i32(k), w));
    let c = tap(k);
    a += c * tmp_in[q];
    b += c * tmp_in[P.plane + q];
  }
  let o = gid.y * dw + gid.x;
  dst[P.dst_ref + o] = a;
  dst[P.dst_dis + o] = b;
}

// ---------------------------------------------------------------------------------------------------------------
// Integer-rounding mode (libvmaf integer_vif.c rounding points, exact in u32; see the header). Images: scale 0 the
// uploaded bytes (SRC_U8 = true), scales 1–3 Q8 pixels as u32. Taps: Q16 integers (held exactly in P.taps).

fn tap_q16(k: u32) -> u32 { return u32(tap(k)); }

fn reflect101(i: i32, n: i32) -> i32 {
  if (i < 0) { return -i; }
  if (i >= n) { return 2 * n - 2 - i; }
  return i;
}

fn ldi_ref(i: u32) -> u32 {
  if (SRC_U8) {
    let o = P.ref_off + i;
    return (src_ref[o >> 2u] >> ((o & 3u) * 8u)) & 255u;
  }
  return src_ref[P.ref_off + i];
}
fn ldi_dis(i: u32) -> u32 {
  if (SRC_U8) {
    let o = P.dis_off + i;
    return (src_dis[o >> 2u] >> ((o & 3u) * 8u)) & 255u;
  }
  return src_dis[P.dis_off + i];
}

// Σ c·v for Q16 taps (Σc = 2^16) and v < 2^32, kept as (Σ c·(v mod 2^16), Σ c·(v div 2^16)): both halves stay
// below 2^32. round16 gives floor((Σ c·v + 2^15) / 2^16) exactly.
fn acc_split(a: vec2<u32>, c: u32, v: u32) -> vec2<u32> { return a + vec2<u32>(c * (v & 0xFFFFu), c * (v >> 16u)); }
fn round16(a: vec2<u32>) -> u32 { return a.y + ((a.x + 32768u) >> 16u); }

// floor((a·b + 2^31) / 2^32) of the full 64-bit product (libvmaf `(uint64)a*b + 2^31 >> 32`).
fn mul_round32(a: u32, b: u32) -> u32 {
  let al = a & 0xFFFFu; let ah = a >> 16u;
  let bl = b & 0xFFFFu; let bh = b >> 16u;
  let mid1 = al * bh;
  let mid2 = ah * bl;
  var lo = al * bl;
  var hi = ah * bh + (mid1 >> 16u) + (mid2 >> 16u);
  var t = lo + (mid1 << 16u); hi += select(0u, 1u, t < lo); lo = t;
  t = lo + (mid2 << 16u); hi += select(0u, 1u, t < lo); lo = t;
  t = lo + 0x80000000u; hi += select(0u, 1u, t < lo);
  return hi;
}

// Vertical pass: Q8 means (scale 0: (Σc·p + 2^7) >> 8; Q8 images: ((Σc·p + 2^15) >> 16) & 0xFFFF) and uncentred
// second moments (scale 0: Σc·p² < 2^32 kept whole; Q8 images: rounded to Q16 pixel²), five u32 planes.
@compute @workgroup_size(16, 16)
fn moments_int(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= P.w || gid.y >= P.h) { return; }
  let r = i32(P.n >> 1u);
  let y = i32(gid.y);
  let h = i32(P.h);
  var m1 = 0u; var m2 = 0u;
  var xx = vec2<u32>(0u); var yy = vec2<u32>(0u); var xy = vec2<u32>(0u);
  for (var k = 0u; k < P.n; k++) {
    let idx = u32(reflect101(y - r + i32(k), h)) * P.w + gid.x;
    let c = tap_q16(k);
    let a = ldi_ref(idx);
    let b = ldi_dis(idx);
    m1 += c * a; m2 += c * b;
    xx = acc_split(xx, c, a * a); yy = acc_split(yy, c, b * b); xy = acc_split(xy, c, a * b);
  }
  let p = gid.y * P.w + gid.x;
  if (SRC_U8) {
    mom_u[p] = (m1 + 128u) >> 8u;
    mom_u[P.plane + p] = (m2 + 128u) >> 8u;
    // 8-bit input: the high halves are zero, the low halves hold the whole sums
    mom_u[2u * P.plane + p] = xx.x;
    mom_u[3u * P.plane + p] = yy.x;
    mom_u[4u * P.plane + p] = xy.x;
  } else {
    mom_u[p] = ((m1 + 32768u) >> 16u) & 0xFFFFu;
    mom_u[P.plane + p] = ((m2 + 32768u) >> 16u) & 0xFFFFu;
    mom_u[2u * P.plane + p] = round16(xx);
    mom_u[3u * P.plane + p] = round16(yy);
    mom_u[4u * P.plane + p] = round16(xy);
  }
}

// Horizontal pass with libvmaf's integer rounding (moments to Q16 pixel², μ² and μ1μ2 via mul_round32), σ as
// int32 Q16, then the float statistic on σ / 2^16; same tiles and reduction as `stat`.
@compute @workgroup_size(64, 4)
fn stat_int(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32,
            @builtin(workgroup_id) wg: vec3<u32>) {
  let x = wg.x * 64u + lid.x;
  let y0 = (wg.y * 4u + lid.y) * ROWS;
  var acc = vec3<f32>(0.0);
  if (x < P.w) {
    let r = i32(P.n >> 1u);
    let w = i32(P.w);
    let yend = min(y0 + ROWS, P.h);
    for (var y = y0; y < yend; y++) {
      let row = y * P.w;
      var m1 = 0u; var m2 = 0u;
      var xx = vec2<u32>(0u); var yy = vec2<u32>(0u); var xy = vec2<u32>(0u);
      for (var k = 0u; k < P.n; k++) {
        let q = row + u32(reflect101(i32(x) - r + i32(k), w));
        let c = tap_q16(k);
        m1 += c * mom_in_u[q];
        m2 += c * mom_in_u[P.plane + q];
        xx = acc_split(xx, c, mom_in_u[2u * P.plane + q]);
        yy = acc_split(yy, c, mom_in_u[3u * P.plane + q]);
        xy = acc_split(xy, c, mom_in_u[4u * P.plane + q]);
      }
      let s1 = bitcast<i32>(round16(xx) - mul_round32(m1, m1));
      let s2 = bitcast<i32>(round16(yy) - mul_round32(m2, m2));
      let s12 = bitcast<i32>(round16(xy) - mul_round32(m1, m2));
      let q16 = 1.0 / 65536.0;
      acc += vif_pixel(f32(s1) * q16, f32(s2) * q16, f32(s12) * q16);
    }
  }
  reduce_store(acc, li, wg.xy);
}

// Pyramid, vertical: even rows, Q8 (from bytes: (Σc·p + 2^7) >> 8; from Q8: ((Σc·p + 2^15) >> 16) & 0xFFFF).
@compute @workgroup_size(16, 16)
fn decim_v_int(@builtin(global_invocation_id) gid: vec3<u32>) {
  let dh = P.h >> 1u;
  if (gid.x >= P.w || gid.y >= dh) { return; }
  let r = i32(P.n >> 1u);
  let h = i32(P.h);
  let i = i32(gid.y * 2u);
  var a = 0u; var b = 0u;
  for (var k = 0u; k < P.n; k++) {
    let idx = u32(reflect101(i - r + i32(k), h)) * P.w + gid.x;
    let c = tap_q16(k);
    a += c * ldi_ref(idx);
    b += c * ldi_dis(idx);
  }
  let p = gid.y * P.w + gid.x;
  if (SRC_U8) {
    tmp_u[p] = (a + 128u) >> 8u;
    tmp_u[P.plane + p] = (b + 128u) >> 8u;
  } else {
    tmp_u[p] = ((a + 32768u) >> 16u) & 0xFFFFu;
    tmp_u[P.plane + p] = ((b + 32768u) >> 16u) & 0xFFFFu;
  }
}

// Pyramid, horizontal: even columns, (Σc·v + 2^15) >> 16 → Q8 image of the next scale.
@compute @workgroup_size(16, 16)
fn decim_h_int(@builtin(global_invocation_id) gid: vec3<u32>) {
  let dw = P.w >> 1u;
  let dh = P.h >> 1u;
  if (gid.x >= dw || gid.y >= dh) { return; }
  let r = i32(P.n >> 1u);
  let w = i32(P.w);
  let j = i32(gid.x * 2u);
  let row = gid.y * P.w;
  var a = 0u; var b = 0u;
  for (var k = 0u; k < P.n; k++) {
    let q = row + u32(reflect101(j - r + i32(k), w));
    let c = tap_q16(k);
    a += c * tmp_in_u[q];
    b += c * tmp_in_u[P.plane + q];
  }
  let o = gid.y * dw + gid.x;
  dst_u[P.dst_ref + o] = (a + 32768u) >> 16u;
  dst_u[P.dst_dis + o] = (b + 32768u) >> 16u;
}
