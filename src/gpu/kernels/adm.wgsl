// Float ADM / DLM (`adm2`, and the NEG `adm2_egl_1` numerator) as libvmaf's float extractor computes it
// (Netflix/vmaf libvmaf/src/feature/adm.c + adm_tools.c @ v3.0.0; facts in ../shared/reference/metrics.md
// §1.2): 4-level db2 DWT, decoupling with the enhancement-gain limit (100, and 1 for NEG), Watson CSF
// weights, 3x3 contrast masking, cube pooling over the central region.
//
// Entry points, per level (4 levels, level s+1 reads level s's A band, which never leaves the GPU):
//   dwt: 16x16 workgroups, one output coefficient per invocation for ref and dis: reads the 4x4 input
//     neighbourhood (rows then columns 2i−1..2i+2, mirrored i < 0 → −i, i ≥ n → 2n−i−1), does the vertical
//     lo/hi pass then the horizontal pass in registers (no intermediate planes), and writes A (ref, dis), the
//     six detail bands (o_h, o_v, o_d, t_h, t_v, t_d) and, after decoupling + CSF, the per-coefficient masking
//     sums Σ_b |csf·a| for both gain limits. Level 0 reads the uploaded frames as packed u32 (override
//     SRC_U8 = true, value = byte − 128); later levels read the f32 A band through the same binding.
//   pool: 64x4 workgroups, one column x 4 rows each, over [top, bottom) x [left, right): re-decouples the centre
//     coefficient, forms the masking threshold from the 3x3 neighbourhood of masking sums (at the band edges
//     top/left reflect-101, bottom/right repeat the edge, as libvmaf's ADM_CM_THRESH_S_* macros), and reduces Σx³ (H, V, D; limit 100 and limit 1) and Σ|csf·o|³
//     (H, V, D) to nine f32 partials per workgroup (tree, 8 barriers). The CPU takes cube roots in f64.
// Bytes per frame at 1080p (level 0 = 960x540 coefficients; levels 1–3 add ~1/3): dwt reads 2x2.1 MB (each
// byte 4x from cache) and writes 10 planes x 2.07 MB = 20.7 MB; pool reads 8 planes over the central ~64 % =
// 10.6 MB and writes 9 x ~500 partials over the four levels (18 KB, read back). ≈ 45 MB of DRAM traffic over the four levels.
// Precision vs the CPU twin (src/core/metrics/vmaf/adm.ts): DWT taps are summed in f32 (the twin sums in f64
// and stores f32 bands); t/(o + 1e−30) is a WGSL f32 division (≤ 2.5 ULP; libvmaf uses rcp + one Newton step,
// the twin an exact f64 division); x³ sums are f32 per 1024-coefficient workgroup. Measured max |Δadm2| and
// |Δadm2_egl_1| ≤ 3e-8 (e2e/gpu.browser.spec.ts, SwiftShader).

override SRC_U8: bool = false;

struct Params {
  w: u32,            // band size at this level = ceil(src_w/2) x ceil(src_h/2)
  h: u32,
  src_w: u32,
  src_h: u32,
  ref_off: u32,      // source planes: byte offset (SRC_U8) or f32 element offset
  dis_off: u32,
  plane: u32,        // element stride between planes in bands / csum
  a_ref: u32,        // f32 element offsets of the output A planes
  a_dis: u32,
  top: u32,
  left: u32,
  bottom: u32,
  right: u32,
  wg_x: u32,         // pool workgroups along x
  partial_base: u32,
  pad0: u32,
  f_hv: f32,         // 1/Q CSF factor of the H and V bands at this level
  f_d: f32,          // 1/Q CSF factor of the D band
  pad1: u32,
  pad2: u32,
}

// db2 analysis filters (libvmaf adm_tools.c; metrics.md §1.2).
const LO0: f32 = 0.482962913144690;
const LO1: f32 = 0.836516303737469;
const LO2: f32 = 0.224143868041857;
const LO3: f32 = -0.129409522550921;
const HI0: f32 = -0.129409522550921;
const HI1: f32 = -0.224143868041857;
const HI2: f32 = 0.836516303737469;
const HI3: f32 = -0.482962913144690;
const ONE_BY_30: f32 = 0.0333333351;   // libvmaf's float 1/30
const ONE_BY_15: f32 = 0.0666666701;   // libvmaf's float 1/15
const COS_1DEG_SQ: f32 = 0.99969541350954794;  // cos²(1°), rounded to f32 as libvmaf stores it
const ROWS: u32 = 4u;

@group(0) @binding(0) var<uniform> P: Params;
@group(1) @binding(0) var<storage, read> src_ref: array<u32>;
@group(1) @binding(1) var<storage, read> src_dis: array<u32>;
@group(1) @binding(2) var<storage, read_write> a_out: array<f32>;
@group(1) @binding(3) var<storage, read_write> bands: array<f32>;
@group(1) @binding(4) var<storage, read_write> csum: array<f32>;
@group(1) @binding(5) var<storage, read> bands_in: array<f32>;
@group(1) @binding(6) var<storage, read> csum_in: array<f32>;
@group(1) @binding(7) var<storage, read_write> partials: array<f32>;

// pool sums three vec3 per invocation (limit 100, limit 1, denominator) as the columns of one matrix
alias Acc = mat3x3<f32>;

// mirror(): mirror.wgsl

// ld_ref(), ld_dis(): planes.wgsl

// workgroup_sum(): reduce.wgsl

// Enhancement-gain step: r·limit bounded by t on the same side.
fn enhance(r: f32, t: f32, limit: f32) -> f32 {
  if (r > 0.0) { return min(r * limit, t); }
  if (r < 0.0) { return max(r * limit, t); }
  return r;
}

fn ratio(t: f32, o: f32) -> f32 {
  return clamp(t / (o + 1e-30), 0.0, 1.0);
}

struct Dwt { a: f32, h: f32, v: f32, d: f32 }

// One 2-D db2 step at output (i, j) given the 4 row offsets and 4 column indices; `dis` picks the image.
fn dwt_at(rows: vec4<u32>, cols: vec4<u32>, dis: bool) -> Dwt {
  var lo: array<f32, 4>;
  var hi: array<f32, 4>;
  for (var c = 0u; c < 4u; c++) {
    var s: array<f32, 4>;
    for (var r = 0u; r < 4u; r++) {
      let idx = rows[r] + cols[c];
      if (dis) { s[r] = ld_dis(idx); } else { s[r] = ld_ref(idx); }
    }
    lo[c] = LO0 * s[0] + LO1 * s[1] + LO2 * s[2] + LO3 * s[3];
    hi[c] = HI0 * s[0] + HI1 * s[1] + HI2 * s[2] + HI3 * s[3];
  }
  var out: Dwt;
  out.a = LO0 * lo[0] + LO1 * lo[1] + LO2 * lo[2] + LO3 * lo[3];
  out.v = HI0 * lo[0] + HI1 * lo[1] + HI2 * lo[2] + HI3 * lo[3];
  out.h = LO0 * hi[0] + LO1 * hi[1] + LO2 * hi[2] + LO3 * hi[3];
  out.d = HI0 * hi[0] + HI1 * hi[1] + HI2 * hi[2] + HI3 * hi[3];
  return out;
}

// Restored coefficients (h, v, d) for gain limit 100 (`.xyz` of the first result) and limit 1 (second).
struct Restored { r100: vec3<f32>, r1: vec3<f32> }

fn decouple(o: vec3<f32>, t: vec3<f32>) -> Restored {
  let r1 = vec3<f32>(ratio(t.x, o.x) * o.x, ratio(t.y, o.y) * o.y, ratio(t.z, o.z) * o.z);
  let ot_dp = o.x * t.x + o.y * t.y;
  let o_mag = o.x * o.x + o.y * o.y;
  let t_mag = t.x * t.x + t.y * t.y;
  let angle = ot_dp >= 0.0 && ot_dp * ot_dp >= COS_1DEG_SQ * o_mag * t_mag;
  var r100 = r1;
  if (angle) {
    r100 = vec3<f32>(enhance(r1.x, t.x, 100.0), enhance(r1.y, t.y, 100.0), enhance(r1.z, t.z, 100.0));
  }
  return Restored(r100, r1);
}

@compute @workgroup_size(16, 16)
fn dwt(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= P.w || gid.y >= P.h) { return; }
  let i = i32(gid.y);
  let j = i32(gid.x);
  let sh = i32(P.src_h);
  let sw = i32(P.src_w);
  let rows = vec4<u32>(u32(mirror(2 * i - 1, sh)), u32(mirror(2 * i, sh)), u32(mirror(2 * i + 1, sh)),
                       u32(mirror(2 * i + 2, sh))) * P.src_w;
  let cols = vec4<u32>(u32(mirror(2 * j - 1, sw)), u32(mirror(2 * j, sw)), u32(mirror(2 * j + 1, sw)),
                       u32(mirror(2 * j + 2, sw)));
  let o = dwt_at(rows, cols, false);
  let t = dwt_at(rows, cols, true);
  let p = gid.y * P.w + gid.x;
  a_out[P.a_ref + p] = o.a;
  a_out[P.a_dis + p] = t.a;
  let pl = P.plane;
  bands[p] = o.h;
  bands[pl + p] = o.v;
  bands[2u * pl + p] = o.d;
  bands[3u * pl + p] = t.h;
  bands[4u * pl + p] = t.v;
  bands[5u * pl + p] = t.d;
  let tb = vec3<f32>(t.h, t.v, t.d);
  let rr = decouple(vec3<f32>(o.h, o.v, o.d), tb);
  let csf = vec3<f32>(P.f_hv, P.f_hv, P.f_d);
  let ca = abs((tb - rr.r100) * csf);
  let ca1 = abs((tb - rr.r1) * csf);
  csum[p] = ca.x + ca.y + ca.z;
  csum[pl + p] = ca1.x + ca1.y + ca1.z;
}

@compute @workgroup_size(64, 4)
fn pool(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32,
        @builtin(workgroup_id) wg: vec3<u32>) {
  let j = P.left + wg.x * 64u + lid.x;
  let y0 = P.top + (wg.y * 4u + lid.y) * ROWS;
  var acc100 = vec3<f32>(0.0);
  var acc1 = vec3<f32>(0.0);
  var accden = vec3<f32>(0.0);
  if (j < P.right) {
    let w = P.w;
    let h = i32(P.h);
    let pl = P.plane;
    let jl = select(j - 1u, 1u, j == 0u);
    let jr = select(j + 1u, w - 1u, j + 1u >= w);
    let csf = vec3<f32>(P.f_hv, P.f_hv, P.f_d);
    let yend = min(y0 + ROWS, P.bottom);
    for (var i = y0; i < yend; i++) {
      let row_u = u32(mirror(i32(i) - 1, h)) * w;
      let row = i * w;
      let row_b = u32(mirror(i32(i) + 1, h)) * w;
      let p = row + j;
      let o = vec3<f32>(bands_in[p], bands_in[pl + p], bands_in[2u * pl + p]);
      let t = vec3<f32>(bands_in[3u * pl + p], bands_in[4u * pl + p], bands_in[5u * pl + p]);
      let co = abs(o * csf);
      accden += co * co * co;
      let rr = decouple(o, t);
      let nb = csum_in[row_u + jl] + csum_in[row_u + j] + csum_in[row_u + jr] +
               csum_in[row + jl] + csum_in[row + jr] +
               csum_in[row_b + jl] + csum_in[row_b + j] + csum_in[row_b + jr];
      let thr = nb * ONE_BY_30 + csum_in[p] * ONE_BY_15;
      let x = max(abs(rr.r100 * csf) - vec3<f32>(thr), vec3<f32>(0.0));
      acc100 += x * x * x;
      let nb1 = csum_in[pl + row_u + jl] + csum_in[pl + row_u + j] + csum_in[pl + row_u + jr] +
                csum_in[pl + row + jl] + csum_in[pl + row + jr] +
                csum_in[pl + row_b + jl] + csum_in[pl + row_b + j] + csum_in[pl + row_b + jr];
      let thr1 = nb1 * ONE_BY_30 + csum_in[pl + p] * ONE_BY_15;
      let x1 = max(abs(rr.r1 * csf) - vec3<f32>(thr1), vec3<f32>(0.0));
      acc1 += x1 * x1 * x1;
    }
  }
  let total = workgroup_sum(Acc(acc100, acc1, accden), li);
  if (li == 0u) {
    let b = P.partial_base + 9u * (wg.y * P.wg_x + wg.x);
    partials[b] = total[0].x; partials[b + 1u] = total[0].y; partials[b + 2u] = total[0].z;
    partials[b + 3u] = total[1].x; partials[b + 4u] = total[1].y; partials[b + 5u] = total[1].z;
    partials[b + 6u] = total[2].x; partials[b + 7u] = total[2].y; partials[b + 8u] = total[2].z;
  }
}
