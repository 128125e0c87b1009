// Shared by vif.wgsl, adm.wgsl, motion.wgsl and ssim.wgsl (prepended by their .kernel.ts wrappers, each of which
// declares `alias Acc = …;`, the type it sums: f32, vec3<f32> or mat3x3<f32>): the sum of one value per
// invocation over a 256-invocation workgroup, as a tree in workgroup memory (256 entries, 8 barriers). Call it
// from uniform control flow; every invocation gets the total.
var<workgroup> red: array<Acc, 256>;

fn workgroup_sum(acc: Acc, li: u32) -> Acc {
  red[li] = acc;
  workgroupBarrier();
  for (var stride = 128u; stride > 0u; stride >>= 1u) {
    if (li < stride) { red[li] += red[li + stride]; }
    workgroupBarrier();
  }
  return red[0];
}
