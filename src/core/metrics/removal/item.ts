/**
 * One removal item's packet score from its measurement, as removal entries of the competition preview use it
 * (src/core/rules/vidaio/competition-entry.ts `scoreItem`): the outside-mask identity gate (OUTSIDE_REGION_MODIFIED,
 * E:vidaio/scoring_worker/service.py step 5d), the breakdown of `removal.score` (zero reasons REGION_BASELINE_NOT_BEATEN, WARP_ERROR_EXCEEDED) and the
 * packet score through the competition's `item.compose` (gate passed ? final : 0;
 * ../shared/reference/rules/vidaio-v3.md §2.6–2.7, §5). An item whose measurement is partial has no score unless its
 * verdict is already a zero that the missing terms cannot change (the gate failed, or PSNR is under the floor + 1.5 dB,
 * which upstream checks before the warp error and LPIPS).
 */
import { composeItem } from '../../rules/vidaio/competition.ts';
import type { RemovalMeasurement } from './api.ts';

export interface RemovalPacket {
  /** Packet score 0–1; null when the measurement is partial and the verdict depends on what is missing. */
  score: number | null;
  gatePassed: boolean;
  /** breakdown.final (null when not known). */
  final: number | null;
  zeroReason: 'OUTSIDE_REGION_MODIFIED' | 'REGION_BASELINE_NOT_BEATEN' | 'WARP_ERROR_EXCEEDED' | null;
  /** Why there is no score (the measurement's missing terms), else null. */
  incomplete: string | null;
}

export function removalPacket(m: RemovalMeasurement): RemovalPacket {
  const gatePassed = m.outside.passed;
  if (m.score) {
    const zeroReason = gatePassed ? m.score.zeroReason : 'OUTSIDE_REGION_MODIFIED';
    return { score: composeItem({ gatePassed, final: m.score.final }).score, gatePassed, final: m.score.final, zeroReason, incomplete: null };
  }
  if (!gatePassed)
    return { score: composeItem({ gatePassed, final: null }).score, gatePassed, final: null, zeroReason: 'OUTSIDE_REGION_MODIFIED', incomplete: null };
  if (m.psnrBelowFloorMargin)
    return { score: composeItem({ gatePassed, final: 0 }).score, gatePassed, final: 0, zeroReason: 'REGION_BASELINE_NOT_BEATEN', incomplete: null };
  return { score: null, gatePassed, final: null, zeroReason: null, incomplete: m.missing.join('; ') || 'not measured' };
}
