/**
 * One Yuma Consensus epoch as the chain runs it, ported to float64 from opentensor/subtensor
 * pallets/subtensor/src/epoch/run_epoch.rs `epoch_mechanism` (the sparse epoch, l.566–1076) and the
 * pallets/subtensor/src/epoch/math.rs helpers it calls, @14bc6f9f964b9cc362e9635dd110a487fa5d15a0. The step list
 * follows shared/reference/vectors/README.md (`yuma-subtensor`) and shared/reference/rules/bitmind-yuma-zap-bly.md
 * §B.2, including the sparse quirks: which cells exist in the clipped and bond-weight matrices decides whether a
 * Yuma3 liquid-alpha bond decays or is reset to 0. Not modelled: subnet-owner exemptions, weights older than a
 * registration, commit-reveal masks and the top-k permit limit.
 */
import { clipToConsensus, colMaxUpscale, colNormalize, consensus, matVec, normalize, rowSums, stakeWeightedColSums, toU16, vecSum } from './math.ts';

/** Epoch hyperparameters (chain defaults in brackets). */
export interface YumaParams {
  /** Consensus quantile, u16 (32767 → κ ≈ 0.49999). */
  kappaU16: number;
  /** Bonds penalty β, u16 (65535 → β = 1: bonds use clipped weights). */
  bondsPenaltyU16: number;
  /** Bonds moving average in millionths (900000 → EMA α = 0.1). */
  bondsMovingAverage: number;
  /** Yuma3 bonds (per-validator EMA) instead of the original stake-weighted bonds. */
  yuma3: boolean;
  /** Liquid alpha (per-cell α in [alphaLow, alphaHigh]); only used on the Yuma3 path. */
  liquidAlpha: boolean;
  /** Liquid alpha bounds, u16 (45875 → 0.7, 58982 → 0.9). */
  alphaLowU16: number;
  alphaHighU16: number;
  /** Liquid alpha sigmoid steepness (1000 → slope 10). */
  alphaSigmoidSteepness: number;
  /** Stake below this (raw units) counts as 0 [0]. */
  stakeThreshold: number;
}

export interface YumaEpochInput {
  /** Raw stake per UID (any unit, ≥ 0). */
  stake: number[];
  /** Stored weight rows, n×n u16; `null` = no entry. */
  weightsU16: (number | null)[][];
  /** Previous stored bonds, n×n u16. */
  bondsU16: number[][];
  /** Previous epoch's validator permits, per UID. */
  validatorPermit: boolean[];
  /** Active flag per UID. */
  active: boolean[];
  params: YumaParams;
  /** Emission handed to the epoch (any unit; results are in the same unit). */
  emission: number;
}

export interface YumaEpochResult {
  normalizedStake: number[];
  activeStake: number[];
  consensus: number[];
  validatorTrust: number[];
  rank: number[];
  incentive: number[];
  dividends: number[];
  bonds: number[][];
  minerEmission: number[];
  validatorEmission: number[];
  storedU16: {
    consensus: number[];
    incentive: number[];
    dividends: number[];
    validatorTrust: number[];
    bonds: number[][];
  };
  warnings?: string[];
}

/** Logistic liquid-alpha for one cell (subtensor `alpha_sigmoid`): α in [lo, hi]. */
function liquidAlphaCell(d: number, lo: number, hi: number, steepness: number): number {
  let x = -(steepness / 100) * (d - 0.5);
  x = x < -20 ? -20 : x > 20 ? 20 : x;
  const sigma = 1 / (1 + Math.exp(x));
  const a = lo + sigma * (hi - lo);
  return a < lo ? lo : a > hi ? hi : a;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Runs one epoch (see module doc). Every UID is both a row (weights it sets) and a column (weights it receives).
 * All outputs are float fractions except `storedU16` (trunc(x·65535), 0…65535) and the emissions (unit of
 * `emission`). Throws `Error` when the matrices are not n×n.
 */
export function yumaEpoch(input: YumaEpochInput): YumaEpochResult {
  const { stake, weightsU16, bondsU16, validatorPermit, active, params, emission } = input;
  const n = stake.length;
  const range = Array.from({ length: n }, (_, i) => i);
  const warnings: string[] = [];

  // 1. Stake: threshold, normalise; active stake = permit-holding active UIDs, normalised again.
  const S = normalize(stake.map((s) => (s < params.stakeThreshold ? 0 : s)));
  const Sa = normalize(S.map((s, i) => (active[i] && validatorPermit[i] ? s : 0)));

  // 2. Weights: drop rows without a permit and the diagonal; row-normalise. `present` tracks sparse entries.
  const present: boolean[][] = range.map((i) =>
    range.map((j) => validatorPermit[i] === true && i !== j && weightsU16[i]![j] !== null && weightsU16[i]![j] !== undefined),
  );
  const W: number[][] = range.map((i) => {
    const raw = range.map((j) => (present[i]![j] ? (weightsU16[i]![j] as number) : 0));
    const s = vecSum(raw);
    return s > 0 ? raw.map((x) => x / s) : raw;
  });

  // 3. Consensus: stake-weighted κ-quantile per column.
  const kappa = params.kappaU16 / 65535;
  const C = consensus(Sa, W, kappa);

  // 4. Clipping, validator trust, rank, incentive.
  const Wc = clipToConsensus(W, C);
  // col_clip_sparse drops an entry above a zero consensus (it does not store an explicit 0).
  const presentClipped = range.map((i) => range.map((j) => present[i]![j]! && !(C[j]! < W[i]![j]! && !(C[j]! > 0))));
  const Tv = rowSums(Wc);
  const R = stakeWeightedColSums(Sa, Wc);
  const I = normalize(R);

  // 5. Bond weights W^b = W + β(W̄ − W), with interpolate_sparse's presence rules.
  const beta = params.bondsPenaltyU16 / 65535;
  let Wb: number[][];
  let presentB: boolean[][];
  if (beta === 0) {
    Wb = W.map((r) => r.slice());
    presentB = present;
  } else if (beta === 1) {
    Wb = Wc.map((r) => r.slice());
    presentB = presentClipped;
  } else {
    Wb = range.map((i) => range.map((j) => W[i]![j]! + beta * (Wc[i]![j]! - W[i]![j]!)));
    presentB = Wb.map((r) => r.map((x) => x > 0));
  }

  const alphaFixed = 1 - params.bondsMovingAverage / 1e6;
  let bonds: number[][];
  let D: number[];
  let storedBonds: number[][];
  if (params.yuma3) {
    // 6. Yuma3: per-cell EMA of the validator's own bond weight.
    const B = bondsU16.map((r) => r.map((x) => x / 65535));
    if (params.liquidAlpha && C.some((c) => c !== 0)) {
      const lo = params.alphaLowU16 / 65535;
      const hi = params.alphaHighU16 / 65535;
      bonds = range.map((i) =>
        range.map((j) => {
          if (!presentB[i]![j]) return 0; // mat_ema_alpha_sparse only emits cells present in W^b
          const wb = Wb[i]![j]!;
          const b = B[i]![j]!;
          const d = wb >= b ? clamp01(wb - C[j]!) : clamp01(b - wb);
          const a = liquidAlphaCell(d, lo, hi, params.alphaSigmoidSteepness);
          const ab = a * wb;
          const v = (1 - a) * b + (ab > 0 ? ab : 0);
          return v > 1 ? 1 : v;
        }),
      );
    } else {
      bonds = range.map((i) => range.map((j) => alphaFixed * Wb[i]![j]! + (1 - alphaFixed) * B[i]![j]!));
    }
    const b = matVec(colNormalize(bonds), I);
    D = normalize(b.map((x, i) => x * Sa[i]!));
    storedBonds = bonds.map((r) => r.map(toU16));
  } else {
    // 7. Original Yuma: stake-weighted, column-normalised bonds.
    const B = colNormalize(bondsU16);
    const dB = colNormalize(Wb.map((r, i) => r.map((x) => x * Sa[i]!)));
    bonds = colNormalize(range.map((i) => range.map((j) => alphaFixed * dB[i]![j]! + (1 - alphaFixed) * B[i]![j]!)));
    D = normalize(matVec(bonds, I));
    storedBonds = colMaxUpscale(bonds).map((r) => r.map(toU16));
  }
  // 9. Stored bond rows only for UIDs with stake.
  storedBonds = storedBonds.map((r, i) => (S[i]! > 0 ? r : r.map(() => 0)));

  // 8. Emission split.
  const total = vecSum(I) + vecSum(D);
  let minerEmission: number[];
  let validatorEmission: number[];
  if (total > 0) {
    minerEmission = I.map((x) => (emission * x) / total);
    validatorEmission = D.map((x) => (emission * x) / total);
  } else {
    minerEmission = I.map(() => 0);
    const base = vecSum(Sa) > 0 ? Sa : S;
    validatorEmission = base.map((x) => emission * x);
    warnings.push('No incentive and no dividends this epoch (no clipped weight carries stake): the emission goes to validators by stake.');
  }

  const result: YumaEpochResult = {
    normalizedStake: S,
    activeStake: Sa,
    consensus: C,
    validatorTrust: Tv,
    rank: R,
    incentive: I,
    dividends: D,
    bonds,
    minerEmission,
    validatorEmission,
    storedU16: {
      consensus: C.map(toU16),
      incentive: I.map(toU16),
      dividends: D.map(toU16),
      validatorTrust: Tv.map(toU16),
      bonds: storedBonds,
    },
  };
  if (warnings.length) result.warnings = warnings;
  return result;
}
