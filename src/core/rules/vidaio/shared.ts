/**
 * Math shared by the Vidaio rule packs (seed, vidaio-subnet@fea3779, validator-vidaio@b71f22d): the content-length
 * score S_L = ln(1 + L)/ln(321), the exponential final score S_F = 0.1·exp(6.979·(S_pre − 0.5)) (both identical in
 * the seed and in vidAio-subnet/vidaio-subnet services/scoring/upscaling_scoring.py:14,43@fea37798e2d9a07a2af2b52da614dbc93187f52e),
 * the rolling-window bonus/penalty multipliers (miner_manager.py:1203-1273@fea3779, and the seed's own table), and a
 * helper that explains non-finite results. Packs differ only in thresholds, clamps and error handling.
 */

/** ln(321): S_L reaches 1 at L = 320 s. */
export const LN_321 = Math.log(321);

/** Unclamped S_L = ln(1 + L)/ln(321) for a content length L in seconds (NaN for L < −1, −∞ at L = −1). */
export function lengthScoreRaw(contentLengthS: number): number {
  return Math.log(1 + contentLengthS) / LN_321;
}

/** Unclamped S_F = 0.1·exp(6.979·(S_pre − 0.5)); 0.1 at S_pre 0.5, 3.277 at S_pre 1. */
export function finalScoreRaw(sPre: number): number {
  return 0.1 * Math.exp(6.979 * (sPre - 0.5));
}

/** Rows a validator looks at: the newest `size` entries of a chronological history (oldest first). */
export function lastWindow<T>(history: readonly T[], size = 10): T[] {
  return history.slice(Math.max(0, history.length - size));
}

/** Count of rows for which `test` is true (a NaN compared with a threshold is false, so it never counts). */
export function countWhere<T>(rows: readonly T[], test: (row: T) => boolean): number {
  let n = 0;
  for (const r of rows) if (test(r)) n++;
  return n;
}

/** 1 + (count/10)·step: the bonus multiplier (step 0.15). The divisor is 10 even with fewer rows. */
export function bonusMultiplier(count: number, step: number): number {
  return 1.0 + (count / 10) * step;
}

/** 1 − (count/10)·step: a penalty multiplier (0.20 for penalty_f, 0.25 for penalty_q). */
export function penaltyMultiplier(count: number, step: number): number {
  return 1.0 - (count / 10) * step;
}

type RowTest<T> = (row: T) => boolean;

/**
 * The multipliers over the newest 10 rows of a history: bonus for the rows passing `tests.bonus` (step 0.15),
 * penalty_f for those passing `tests.penaltyF` (step 0.20) and, where the pack has it, penalty_q for `tests.penaltyQ`
 * (step 0.25); `total` is their product.
 */
export function windowMultipliers<T>(
  history: readonly T[],
  tests: { bonus: RowTest<T>; penaltyF: RowTest<T>; penaltyQ: RowTest<T> },
): { bonusCount: number; penaltyFCount: number; penaltyQCount: number; bonus: number; penaltyF: number; penaltyQ: number; total: number };
export function windowMultipliers<T>(
  history: readonly T[],
  tests: { bonus: RowTest<T>; penaltyF: RowTest<T> },
): { bonusCount: number; penaltyFCount: number; bonus: number; penaltyF: number; total: number };
export function windowMultipliers<T>(history: readonly T[], tests: { bonus: RowTest<T>; penaltyF: RowTest<T>; penaltyQ?: RowTest<T> }) {
  const w = lastWindow(history);
  const bonusCount = countWhere(w, tests.bonus);
  const penaltyFCount = countWhere(w, tests.penaltyF);
  const bonus = bonusMultiplier(bonusCount, 0.15);
  const penaltyF = penaltyMultiplier(penaltyFCount, 0.2);
  if (!tests.penaltyQ) return { bonusCount, penaltyFCount, bonus, penaltyF, total: bonus * penaltyF };
  const penaltyQCount = countWhere(w, tests.penaltyQ);
  const penaltyQ = penaltyMultiplier(penaltyQCount, 0.25);
  return { bonusCount, penaltyFCount, penaltyQCount, bonus, penaltyF, penaltyQ, total: bonus * penaltyF * penaltyQ };
}

/**
 * Adds a warning for each top-level numeric key of `result` that is NaN or ±∞, with `why` as the reason.
 * Returns the result with `warnings` set only when there is something to say.
 */
export function withNonFiniteWarnings<T extends Record<string, unknown>>(result: T, why: string, extra: string[] = []): T & { warnings?: string[] } {
  const warnings = [...extra];
  for (const [k, v] of Object.entries(result)) {
    if (typeof v === 'number' && !Number.isFinite(v)) warnings.push(`${k} is ${v}: ${why}`);
  }
  return warnings.length ? { ...result, warnings } : result;
}
