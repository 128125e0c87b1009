// PSNR: sum of squared 8-bit differences of one plane, ffmpeg `psnr` filter (libavfilter/vf_psnr.c).
//
// Workgroup: 256 invocations (1-D). Each invocation reads WORDS_PER_THREAD = 4 packed u32 words (16 pixels)
// from each frame, strided by 256 words so a workgroup reads 4096 consecutive pixels coalesced. The plane
// starts on a word boundary in the upload buffer and its tail word is zero-padded in both frames, so padding
// adds 0. Reduction: one workgroup atomic<u32> (a single barrier), one u32 partial per workgroup.
// Exact integer arithmetic: a partial is at most 4096·255² = 2.66e8 < 2^32; the CPU side adds the partials
// in f64 (exact below 2^53), so the result equals the CPU twin bit for bit.
// Bytes per frame at 1080p (Y+U+V = 3.11 MB per frame): reads 6.2 MB (both frames), writes 760 partials
// (3 KB) — the only read-back.

struct Params {
  words: u32,        // words in this plane (ceil(pixels / 4))
  ref_word: u32,     // first word of the plane in ref_frame
  dis_word: u32,     // first word of the plane in dis_frame
  partial_base: u32, // first partial slot of this plane
}

const WORDS_PER_THREAD: u32 = 4u;

@group(0) @binding(0) var<uniform> P: Params;
@group(1) @binding(0) var<storage, read> ref_frame: array<u32>;
@group(1) @binding(1) var<storage, read> dis_frame: array<u32>;
@group(1) @binding(2) var<storage, read_write> partials: array<u32>;

var<workgroup> wg_sum: atomic<u32>;

fn sq_diff4(a: u32, b: u32) -> u32 {
  var s = 0u;
  for (var q = 0u; q < 4u; q++) {
    let d = i32((a >> (8u * q)) & 255u) - i32((b >> (8u * q)) & 255u);
    s += u32(d * d);
  }
  return s;
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3<u32>) {
  var s = 0u;
  let first = wg.x * 256u * WORDS_PER_THREAD + li;
  for (var k = 0u; k < WORDS_PER_THREAD; k++) {
    let w = first + k * 256u;
    if (w < P.words) {
      s += sq_diff4(ref_frame[P.ref_word + w], dis_frame[P.dis_word + w]);
    }
  }
  atomicAdd(&wg_sum, s);
  workgroupBarrier();
  if (li == 0u) {
    partials[P.partial_base + wg.x] = atomicLoad(&wg_sum);
  }
}
