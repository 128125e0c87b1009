// SSIM of one 8-bit plane, ffmpeg's `ssim` filter (libavfilter/vf_ssim.c, x264's algorithm; formula and
// constants in ../shared/reference/metrics.md §4.1): unweighted 8x8 windows on a 4-pixel grid built from
// 4x4 block sums (Σa, Σb, Σa²+Σb², Σab), (floor(W/4)−1) x (floor(H/4)−1) windows, no padding.
//
// Workgroup 64x4 invocations; each invocation owns one window column and ROWS = 4 consecutive window rows, so
// a workgroup covers a tile of 64 x 16 windows (256 x 64 pixels). Walking down its column an invocation
// computes each pair of 4x4 blocks once and reuses it for the two windows that share it (5 block rows for 4
// windows). Pixels are read as packed u32 words (4 per word); a 4-pixel block row at any byte offset is two
// word loads and a funnel shift (odd widths make rows unaligned). No workgroup tiling of the image (barriers
// are costly on software WebGPU); L1/L2 absorb the 2x horizontal overlap of neighbouring columns.
// Reduction: 256-entry workgroup tree (8 barriers), one f32 partial per workgroup; the CPU adds partials in f64.
// Bytes per frame at 1080p (Y+U+V): ~2x6.2 MB of word loads from cache, ~3.1 MB x2 unique from memory;
// writes/reads back 136 + 2x40 f32 partials (<1 KB).
// Precision vs the CPU twin (src/core/metrics/ssim.ts): block and window sums are exact 32-bit integers as in
// ffmpeg; the final ratio is f32 like ffmpeg's ssim_end1, but WGSL f32 division may be off by up to 2.5 ULP
// (the twin divides exactly rounded); window values are summed in f32 per workgroup instead of per window
// row. Measured max |GPU − twin| 1.2e-7 per plane.

struct Params {
  w: u32,            // plane width (pixels = bytes per row)
  h: u32,            // plane height
  ref_byte: u32,     // byte offset of the plane in ref_frame
  dis_byte: u32,     // byte offset of the plane in dis_frame
  win_x: u32,        // windows summed per row: floor(w/4) - 1, one less on planes with an x86 tail (ssim.kernel.ts)
  win_y: u32,        // window rows = floor(h/4) - 1
  partial_base: u32, // first partial slot of this plane
  wg_x: u32,         // workgroups along x (partial row stride)
}

const ROWS: u32 = 4u;
const C1: i32 = 416;     // (int)(0.01²·255²·64 + 0.5), vf_ssim.c
const C2: i32 = 235963;  // (int)(0.03²·255²·64·63 + 0.5), vf_ssim.c

@group(0) @binding(0) var<uniform> P: Params;
@group(1) @binding(0) var<storage, read> ref_frame: array<u32>;
@group(1) @binding(1) var<storage, read> dis_frame: array<u32>;
@group(1) @binding(2) var<storage, read_write> partials: array<f32>;

alias Acc = f32;

// workgroup_sum(): reduce.wgsl

// Four consecutive bytes starting at byte offset o, little-endian in one u32.
fn ref4(o: u32) -> u32 {
  let s = (o & 3u) * 8u;
  let w0 = ref_frame[o >> 2u];
  if (s == 0u) { return w0; }
  return (w0 >> s) | (ref_frame[(o >> 2u) + 1u] << (32u - s));
}
fn dis4(o: u32) -> u32 {
  let s = (o & 3u) * 8u;
  let w0 = dis_frame[o >> 2u];
  if (s == 0u) { return w0; }
  return (w0 >> s) | (dis_frame[(o >> 2u) + 1u] << (32u - s));
}

// Sums of the 4x4 block whose top-left pixel is (4bx, 4by): (Σa, Σb, Σa²+Σb², Σab), a = distorted, b = reference.
fn block(bx: u32, by: u32) -> vec4<i32> {
  var r = vec4<i32>(0);
  for (var dy = 0u; dy < 4u; dy++) {
    let row = (by * 4u + dy) * P.w + bx * 4u;
    let a4 = dis4(P.dis_byte + row);
    let b4 = ref4(P.ref_byte + row);
    for (var q = 0u; q < 4u; q++) {
      let a = i32((a4 >> (8u * q)) & 255u);
      let b = i32((b4 >> (8u * q)) & 255u);
      r += vec4<i32>(a, b, a * a + b * b, a * b);
    }
  }
  return r;
}

// ffmpeg ssim_end1 for 8-bit input: integer moments, f32 ratio.
fn ssim_end1(s1: i32, s2: i32, ss: i32, s12: i32) -> f32 {
  let vars = ss * 64 - s1 * s1 - s2 * s2;
  let covar = s12 * 64 - s1 * s2;
  let num = f32(2 * s1 * s2 + C1) * f32(2 * covar + C2);
  let den = f32(s1 * s1 + s2 * s2 + C1) * f32(vars + C2);
  return num / den;
}

@compute @workgroup_size(64, 4)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(local_invocation_index) li: u32,
        @builtin(workgroup_id) wg: vec3<u32>) {
  let gx = wg.x * 64u + lid.x;
  let wy0 = (wg.y * 4u + lid.y) * ROWS;
  var acc = 0.0;
  if (gx < P.win_x && wy0 < P.win_y) {
    let yend = min(wy0 + ROWS, P.win_y);
    var prev = block(gx, wy0) + block(gx + 1u, wy0);
    for (var by = wy0 + 1u; by <= yend; by++) {
      let cur = block(gx, by) + block(gx + 1u, by);
      let t = prev + cur;
      acc += ssim_end1(t.x, t.y, t.z, t.w);
      prev = cur;
    }
  }
  let total = workgroup_sum(acc, li);
  if (li == 0u) {
    partials[P.partial_base + wg.y * P.wg_x + wg.x] = total;
  }
}
