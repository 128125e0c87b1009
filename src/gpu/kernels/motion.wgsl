// Float motion (libvmaf float_motion, Netflix/vmaf libvmaf/src/feature/float_motion.c @ v3.0.0; facts in
// ../shared/reference/metrics.md §1.3): blur the reference luma (pixel − 128) with the separable 5-tap
// filter [0.054488685, 0.244201342, 0.402619947, 0.244201342, 0.054488685], vertical pass first; borders
// i < 0 → −i, i ≥ n → 2n − i − 1; then Σ|blur(prev) − blur(cur)| over the frame.
//
// Two entry points. `blur_v`: 16x16 workgroups, one pixel per invocation, reads 5 packed luma bytes (word
// loads + shift) and writes an f32 row-blurred plane. `blur_h_sad`: 64x4 workgroups, each invocation one
// column x 4 rows (tile 64 x 16 pixels); writes the blurred current frame, which stays on the GPU as next
// frame's `prev` (two buffers swap roles each frame), and reduces |cur − prev| to one f32 partial per
// workgroup (256-entry tree, 8 barriers). The CPU adds partials in f64 and divides by w·h.
// Bytes per frame at 1080p: blur_v reads 2.1 MB (luma, cached 5x) and writes 8.3 MB; blur_h_sad reads
// 8.3 MB (tmp) + 8.3 MB (prev), writes 8.3 MB (cur) + 8 KB partials (read back).
// Precision vs the CPU twin (src/core/metrics/vmaf/motion.ts): the twin adds the five products in f64 and
// rounds to f32 once; here every product and sum is f32, and per-workgroup f32 partial sums replace the
// twin's per-row sums. Measured max |Δmotion| 3.9e-7.

struct Params {
  w: u32,
  h: u32,
  ref_byte: u32,     // byte offset of the luma plane in ref_frame
  partial_base: u32,
  wg_x: u32,         // workgroups along x in blur_h_sad
}

const F0: f32 = 0.054488685;
const F1: f32 = 0.244201342;
const F2: f32 = 0.402619947;
const ROWS: u32 = 4u;

@group(0) @binding(0) var<uniform> P: Params;
@group(1) @binding(0) var<storage, read> ref_frame: array<u32>;
@group(1) @binding(1) var<storage, read_write> tmp_out: array<f32>;
@group(1) @binding(2) var<storage, read> tmp_in: array<f32>;
@group(1) @binding(3) var<storage, read_write> cur: array<f32>;
@group(1) @binding(4) var<storage, read> prev: array<f32>;
@group(1) @binding(5) var<storage, read_write> partials: array<f32>;

alias Acc = f32;

// mirror(): mirror.wgsl

// workgroup_sum(): reduce.wgsl

fn luma(x: i32, y: i32) -> f32 {
  let o = P.ref_byte + u32(y) * P.w + u32(x);
  return f32((ref_frame[o >> 2u] >> ((o & 3u) * 8u)) & 255u) - 128.0;
}

@compute @workgroup_size(16, 16)
fn blur_v(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= P.w || gid.y >= P.h) { return; }
  let x = i32(gid.x);
  let y = i32(gid.y);
  let h = i32(P.h);
  var v = F0 * luma(x, mirror(y - 2, h));
  v += F1 * luma(x, mirror(y - 1, h));
  v += F2 * luma(x, y);
  v += F1 * luma(x, mirror(y + 1, h));
  v += F0 * luma(x, mirror(y + 2, h));
  tmp_out[gid.y * P.w + gid.x] = v;
}

@compute @workgroup_size(64, 4)
fn blur_h_sad(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32,
              @builtin(workgroup_id) wg: vec3<u32>) {
  let x = wg.x * 64u + lid.x;
  let y0 = (wg.y * 4u + lid.y) * ROWS;
  var acc = 0.0;
  if (x < P.w) {
    let w = i32(P.w);
    let xi = i32(x);
    let c0 = u32(mirror(xi - 2, w));
    let c1 = u32(mirror(xi - 1, w));
    let c3 = u32(mirror(xi + 1, w));
    let c4 = u32(mirror(xi + 2, w));
    let yend = min(y0 + ROWS, P.h);
    for (var y = y0; y < yend; y++) {
      let row = y * P.w;
      var v = F0 * tmp_in[row + c0];
      v += F1 * tmp_in[row + c1];
      v += F2 * tmp_in[row + x];
      v += F1 * tmp_in[row + c3];
      v += F0 * tmp_in[row + c4];
      cur[row + x] = v;
      acc += abs(prev[row + x] - v);
    }
  }
  let total = workgroup_sum(acc, li);
  if (li == 0u) {
    partials[P.partial_base + wg.y * P.wg_x + wg.x] = total;
  }
}
