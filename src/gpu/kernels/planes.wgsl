// Shared by vif.wgsl and adm.wgsl (prepended by their .kernel.ts wrappers, which declare `src_ref`, `src_dis`, the
// params `P` with `ref_off`/`dis_off`, and the override `SRC_U8`): reads a sample of the reference or distorted
// plane, either 8-bit packed four per u32 (the uploaded frame, returned as pixel − 128) or f32 (a pyramid level).
fn ld_ref(i: u32) -> f32 {
  if (SRC_U8) {
    let o = P.ref_off + i;
    return f32((src_ref[o >> 2u] >> ((o & 3u) * 8u)) & 255u) - 128.0;
  }
  return bitcast<f32>(src_ref[P.ref_off + i]);
}
fn ld_dis(i: u32) -> f32 {
  if (SRC_U8) {
    let o = P.dis_off + i;
    return f32((src_dis[o >> 2u] >> ((o & 3u) * 8u)) & 255u) - 128.0;
  }
  return bitcast<f32>(src_dis[P.dis_off + i]);
}
