// Shared by vif.wgsl, adm.wgsl and motion.wgsl (prepended by their .kernel.ts wrappers): libvmaf's float-path
// border rule, reflect-101 before the start (i < 0 → −i) and symmetric past the end (i ≥ n → 2n − i − 1).
fn mirror(i: i32, n: i32) -> i32 {
  if (i < 0) { return -i; }
  if (i >= n) { return 2 * n - i - 1; }
  return i;
}
