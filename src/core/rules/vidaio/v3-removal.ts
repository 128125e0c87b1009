/**
 * The object-removal track of validator-vidaio (shared/reference/rules/vidaio-v3.md §2): the LPIPS frame offset
 * (vidaio/scoring_worker/service.py step 5d@e76b503a75add302a7fadbf6920cfe00ccef0b52 through
 * vidaio/scoring/backends.py `derive_pieapp_start_frame`@b71f22d561fa1e72ff709d5abc293998e2eaf85b), the floor as the
 * best of several baselines and the score (vidaio/scoring/removal_formula.py `best_baseline`, `score_removal`
 * @a26469652d73086519ea1bb2565f862562e009c3), and the outside-mask identity gate (service.py step 5d). Constants:
 * vidaio/scoring/config.py:132-153@e76b503. Measuring PSNR, LPIPS-VGG and DIS warp error from video is not done here:
 * these functions take the measured values.
 */
import { UpstreamError } from '../types.ts';
import { pyMax, pyMin } from '../../math/py.ts';
import { digestMod } from './sha256.ts';

export const REMOVAL_PSNR_MARGIN_DB = 1.5;
export const REMOVAL_PSNR_SPAN_DB = 8.0;
export const REMOVAL_WARP_CAP_FACTOR = 5.0;
export const REMOVAL_WARP_FLOOR = 0.5;
export const REMOVAL_OUTSIDE_TOLERANCE = 3.0;
export const REMOVAL_LPIPS_STRIDE = 4;
export const REMOVAL_WEIGHTS = { psnr: 0.6, lpips: 0.4 };

export interface RegionMetrics {
  psnrDb: number;
  ssim: number;
  lpipsVgg: number;
  warpError: number;
  maskedPixels: number;
}

/** LPIPS samples masked frames whose (count + offset) mod stride = 0; offset = sha256(ref hex ‖ 0x00 ‖ id) mod stride, 0 when stride ≤ 1. */
export function lpipsOffset(referenceSha256Hex: string, challengeId: string, stride = REMOVAL_LPIPS_STRIDE): number {
  const s = pyMax(1, Math.trunc(stride));
  return s > 1 ? digestMod(referenceSha256Hex, challengeId, s) : 0;
}

/** Python's max()/min() over an iterable: keep the running value unless the next one compares greater/smaller. */
function foldMax(values: number[]): number {
  return values.slice(1).reduce((a, b) => pyMax(a, b), values[0]!);
}
function foldMin(values: number[]): number {
  return values.slice(1).reduce((a, b) => pyMin(a, b), values[0]!);
}

/** `best_baseline`: highest PSNR and SSIM, lowest LPIPS over the baselines; warp error and pixel count of the first. */
export function bestBaseline(baselines: RegionMetrics[]): RegionMetrics {
  if (baselines.length === 0) throw new UpstreamError('ValueError: best_baseline needs at least one baseline');
  const first = baselines[0]!;
  return {
    psnrDb: foldMax(baselines.map((b) => b.psnrDb)),
    ssim: foldMax(baselines.map((b) => b.ssim)),
    lpipsVgg: foldMin(baselines.map((b) => b.lpipsVgg)),
    warpError: first.warpError,
    maskedPixels: first.maskedPixels,
  };
}

export type RemovalZeroReason = 'REGION_BASELINE_NOT_BEATEN' | 'WARP_ERROR_EXCEEDED';

/** `score_removal`: zero rules in order (PSNR margin, then warp cap), then 0.6·s_psnr + 0.4·s_lpips clamped to [0, 1]. */
export function scoreRemoval(metrics: RegionMetrics, floor: { psnrDb: number; lpipsVgg: number }, warpErrorReference: number) {
  const checks: [string, number][] = [
    ['psnr_db', metrics.psnrDb],
    ['ssim', metrics.ssim],
    ['lpips_vgg', metrics.lpipsVgg],
    ['warp_error', metrics.warpError],
    ['floor.psnr_db', floor.psnrDb],
    ['floor.lpips_vgg', floor.lpipsVgg],
    ['warp_error_reference', warpErrorReference],
  ];
  for (const [name, v] of checks) if (!Number.isFinite(v)) throw new UpstreamError(`ValueError: ${name} must be finite, got ${v}`);
  const warpCap = REMOVAL_WARP_CAP_FACTOR * pyMax(warpErrorReference, REMOVAL_WARP_FLOOR);
  let zeroReason: RemovalZeroReason | null = null;
  if (metrics.psnrDb < floor.psnrDb + REMOVAL_PSNR_MARGIN_DB) zeroReason = 'REGION_BASELINE_NOT_BEATEN';
  else if (metrics.warpError > warpCap) zeroReason = 'WARP_ERROR_EXCEEDED';
  const sPsnr = pyMin(1, pyMax(0, (metrics.psnrDb - floor.psnrDb) / REMOVAL_PSNR_SPAN_DB));
  const sLpips = floor.lpipsVgg > 0 ? pyMin(1, pyMax(0, (floor.lpipsVgg - metrics.lpipsVgg) / floor.lpipsVgg)) : 0;
  const final = zeroReason ? 0 : pyMin(1, pyMax(0, REMOVAL_WEIGHTS.psnr * sPsnr + REMOVAL_WEIGHTS.lpips * sLpips));
  return { sPsnr, sLpips, final, score: final, zeroReason, warpCap, psnrMarginDb: metrics.psnrDb - floor.psnrDb };
}

/** The outside-mask identity gate: passes iff the max per-frame mean abs RGB change outside the mask is not > 3.0 (NaN passes: the comparison is false). */
export function outsideGate(outsideChange: number) {
  const failed = outsideChange > REMOVAL_OUTSIDE_TOLERANCE;
  return {
    passed: !failed,
    code: failed ? 'OUTSIDE_REGION_MODIFIED' : null,
    limit: REMOVAL_OUTSIDE_TOLERANCE,
    ...(Number.isNaN(outsideChange) ? { warnings: ['outsideChange is NaN: upstream compares NaN > 3.0, which is false, so the gate passes'] } : {}),
  };
}
