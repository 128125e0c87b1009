/**
 * libvmaf's float-path border rule, shared by the float VIF, ADM and motion extractors (vif_tools.c, adm_tools.c,
 * motion_tools.h @ v3.0.0; ../shared/reference/metrics.md §1): reflect-101 before the start (i < 0 → −i) and
 * symmetric past the end (i ≥ n → 2n − i − 1). Its WGSL twin is src/gpu/kernels/mirror.wgsl.
 */

/** Mirrors index `i` into [0, n) (|i| < n assumed, as the filters are shorter than the planes). */
export function mirrorIndex(i: number, n: number): number {
  if (i < 0) return -i;
  if (i >= n) return 2 * n - i - 1;
  return i;
}
