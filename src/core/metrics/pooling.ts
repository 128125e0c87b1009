/**
 * Temporal pooling of per-frame metric scores (VMAF, SSIM, PSNR, PIE-APP): the plain statistics, libvmaf's
 * harmonic mean (n/Σ1/(x+1) − 1, Netflix/vmaf libvmaf/src/feature/feature_collector.c,
 * VMAF_POOL_METHOD_HARMONIC_MEAN), the Vidaio validator's harmonic mean over strictly positive frames
 * (n/Σ1/x, vidAio-subnet/vidaio-subnet services/scoring/vmaf_metric.py:388-399@fea37798e2d9a07a2af2b52da614dbc93187f52e),
 * numpy's default (linear) percentile, and libvmaf's `pooled_metrics` block. Pure functions, sums left to right.
 */

/** Arithmetic mean, summed left to right. NaN for an empty array; any NaN frame gives NaN. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Smallest value (libvmaf's `min`). NaN for an empty array or when any value is NaN. */
export function min(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let m = Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (v < m) m = v;
  }
  return m;
}

/** Largest value (libvmaf's `max`). NaN for an empty array or when any value is NaN. */
export function max(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let m = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  return m;
}

/**
 * libvmaf's harmonic mean: n / Σ 1/(x + 1) − 1 over every frame (scores are on VMAF's 0–100 scale, the +1 keeps
 * a 0 frame finite but lets it drag the pool down hard: [95, 90, 0, 80] → 2.869). NaN for an empty array.
 * A frame of exactly −1 makes a term infinite and the result −1.
 */
export function harmonicMeanLibvmaf(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += 1 / (v + 1);
  return values.length / s - 1;
}

/**
 * The Vidaio validator's harmonic mean: keeps the frames with x > 0 (zero, negative and NaN frames are dropped)
 * and returns k / Σ 1/x over those k frames. Throws an `Error` when no frame is > 0 (upstream raises ValueError).
 */
export function harmonicMeanPositive(values: readonly number[]): number {
  let k = 0;
  let s = 0;
  for (const v of values) {
    if (v > 0) {
      k++;
      s += 1 / v;
    }
  }
  if (k === 0) throw new Error('No valid (> 0) VMAF scores');
  return k / s;
}

/**
 * numpy `percentile(values, p)` with the default `linear` method: sort, index (n − 1)·p/100, interpolate between
 * the two neighbours with numpy's lerp (a + (b − a)·t, or b − (b − a)·(1 − t) when t ≥ 0.5).
 * `p` in 0…100 (throws outside). NaN for an empty array or when any value is NaN (numpy sorts NaN last and
 * propagates it).
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in 0…100, got ${p}`);
  if (values.length === 0) return NaN;
  if (values.some((v) => Number.isNaN(v))) return NaN;
  const a = [...values].sort((x, y) => x - y);
  const idx = ((a.length - 1) * p) / 100;
  const lo = Math.floor(idx);
  const hi = Math.min(lo + 1, a.length - 1);
  const t = idx - lo;
  const x = a[lo]!;
  const y = a[hi]!;
  const d = y - x;
  return t >= 0.5 ? y - d * (1 - t) : x + d * t;
}

/** libvmaf's `pooled_metrics` entry for one feature. */
export interface PooledMetrics {
  min: number;
  max: number;
  mean: number;
  /** libvmaf's harmonic mean, n/Σ1/(x+1) − 1. */
  harmonicMean: number;
}

/** The four pooled values libvmaf writes for every feature (`min`, `max`, `mean`, `harmonic_mean`). */
export function poolAll(values: readonly number[]): PooledMetrics {
  return { min: min(values), max: max(values), mean: mean(values), harmonicMean: harmonicMeanLibvmaf(values) };
}
