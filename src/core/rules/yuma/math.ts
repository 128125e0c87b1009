/**
 * Yuma Consensus math as pure float64 functions over dense `number[][]` matrices (rows = validators/UIDs that set
 * weights, columns = UIDs that receive them). These mirror the helpers that subtensor's epoch calls
 * (opentensor/subtensor pallets/subtensor/src/epoch/math.rs@14bc6f9f964b9cc362e9635dd110a487fa5d15a0:
 * `weighted_median_col_sparse`, `col_clip_sparse`, row/column normalisation, `fixed_proportion_to_u16`), described
 * in shared/reference/rules/bitmind-yuma-zap-bly.md §B.2. The chain works in fixed point; a float64 port agrees to
 * about 1e-9 and can differ by one step in a stored u16.
 */

/** Sum of a vector, left to right. */
export function vecSum(v: readonly number[]): number {
  let s = 0;
  for (const x of v) s += x;
  return s;
}

/**
 * Divides a vector by its sum; a vector summing to 0 (or less) is returned as all zeros.
 * @param v non-negative values
 * @returns fractions summing to 1, or zeros
 */
export function normalize(v: readonly number[]): number[] {
  const s = vecSum(v);
  return s > 0 ? v.map((x) => x / s) : v.map(() => 0);
}

/** Divides every row by its sum; rows summing to 0 stay as they are (all zero). */
export function rowNormalize(m: readonly (readonly number[])[]): number[][] {
  return m.map((row) => {
    const s = vecSum(row);
    return s > 0 ? row.map((x) => x / s) : row.slice();
  });
}

/** Number of columns of a matrix (0 for an empty matrix). */
export function colCount(m: readonly (readonly number[])[]): number {
  return m.length > 0 ? m[0]!.length : 0;
}

/** Column sums of a matrix. */
export function colSums(m: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(colCount(m)).fill(0);
  for (const row of m) row.forEach((x, j) => (out[j]! += x));
  return out;
}

/** Divides every column by its sum; columns summing to 0 stay as they are. */
export function colNormalize(m: readonly (readonly number[])[]): number[][] {
  const sums = colSums(m);
  return m.map((row) => row.map((x, j) => (sums[j]! > 0 ? x / sums[j]! : x)));
}

/** Scales every column so its maximum is 1 (columns whose maximum is ≤ 0 stay as they are). */
export function colMaxUpscale(m: readonly (readonly number[])[]): number[][] {
  const n = colCount(m);
  const max = new Array<number>(n).fill(0);
  for (const row of m) row.forEach((x, j) => (max[j] = x > max[j]! ? x : max[j]!));
  return m.map((row) => row.map((x, j) => (max[j]! > 0 ? x / max[j]! : x)));
}

/**
 * Stake-weighted κ-quantile of one column: the largest value c such that the rows giving at least c hold at least
 * κ of the stake. Rows with zero (or negative) stake are ignored and the rest re-normalised; with no stake the
 * result is 0. Equivalent to subtensor's `weighted_median` search (math.rs, `weighted_median_col_sparse`).
 * @param stake per-row stake (any positive scale)
 * @param values per-row weight for this column (missing entries as 0)
 * @param kappa quantile in 0…1 (subtensor: kappaU16/65535, default 32767/65535 ≈ 0.49999)
 */
export function weightedQuantile(stake: readonly number[], values: readonly number[], kappa: number): number {
  const rows: { s: number; v: number }[] = [];
  let total = 0;
  stake.forEach((s, i) => {
    if (s > 0) {
      rows.push({ s, v: values[i] ?? 0 });
      total += s;
    }
  });
  if (total <= 0) return 0;
  rows.sort((a, b) => b.v - a.v);
  let cum = 0;
  for (let k = 0; k < rows.length; k++) {
    cum += rows[k]!.s / total;
    // Rows tied at the same value all count towards that value.
    if (k + 1 < rows.length && rows[k + 1]!.v === rows[k]!.v) continue;
    if (cum >= kappa) return rows[k]!.v;
  }
  return 0;
}

/**
 * Consensus per column: `weightedQuantile` of every column of `weights` under `stake`.
 * @param stake per-row active stake (rows with 0 are ignored)
 * @param weights row-normalised weights, rows × columns, each in 0…1
 * @param kappa quantile in 0…1
 * @returns consensus weight per column, in 0…1
 */
export function consensus(stake: readonly number[], weights: readonly (readonly number[])[], kappa: number): number[] {
  const n = colCount(weights);
  const out: number[] = [];
  for (let j = 0; j < n; j++)
    out.push(
      weightedQuantile(
        stake,
        weights.map((r) => r[j]!),
        kappa,
      ),
    );
  return out;
}

/** Clipped weights W̄_ij = min(W_ij, C_j). */
export function clipToConsensus(weights: readonly (readonly number[])[], cons: readonly number[]): number[][] {
  return weights.map((row) => row.map((w, j) => (cons[j]! < w ? cons[j]! : w)));
}

/** Row sums (validator trust when applied to clipped weights). */
export function rowSums(m: readonly (readonly number[])[]): number[] {
  return m.map(vecSum);
}

/** Stake-weighted column sums: R_j = Σ_i stake_i·M_ij. */
export function stakeWeightedColSums(stake: readonly number[], m: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(colCount(m)).fill(0);
  m.forEach((row, i) => row.forEach((x, j) => (out[j]! += stake[i]! * x)));
  return out;
}

/** Matrix–vector product: out_i = Σ_j M_ij·v_j. */
export function matVec(m: readonly (readonly number[])[], v: readonly number[]): number[] {
  return m.map((row) => {
    let s = 0;
    row.forEach((x, j) => (s += x * v[j]!));
    return s;
  });
}

/**
 * subtensor's `fixed_proportion_to_u16`: trunc(x·65535) for x in 0…1 (values outside are clamped to 0…65535).
 */
export function toU16(x: number): number {
  const v = Math.trunc(x * 65535);
  return v < 0 || Number.isNaN(v) ? 0 : v > 65535 ? 65535 : v;
}

/** One validator's weight above consensus. */
export interface OutOfConsensus {
  /** Row index of the validator. */
  validator: number;
  /** Σ_j (W_ij − min(W_ij, C_j)): the part of its weight that clipping removes, in weight units (0…row sum). */
  clippedMass: number;
  /** Column index where the validator exceeds consensus most, or -1. */
  worstMiner: number;
}

/**
 * Validators whose weights exceed consensus most: per row, the clipped mass Σ_j (W_ij − min(W_ij, C_j)). Returns
 * the rows with a positive clipped mass, largest first (ties by row index). With row-normalised weights the mass is
 * 1 − validator trust.
 * @param weights rows = validators, columns = miners (normally row-normalised, each in 0…1)
 * @param cons consensus per column (same length as each row)
 */
export function outOfConsensus(weights: readonly (readonly number[])[], cons: readonly number[]): OutOfConsensus[] {
  const out: OutOfConsensus[] = [];
  weights.forEach((row, i) => {
    let mass = 0;
    let worst = -1;
    let worstExcess = 0;
    row.forEach((w, j) => {
      const c = cons[j] ?? 0;
      const excess = w - (c < w ? c : w);
      mass += excess;
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = j;
      }
    });
    if (mass > 0) out.push({ validator: i, clippedMass: mass, worstMiner: worst });
  });
  return out.sort((a, b) => b.clippedMass - a.clippedMass || a.validator - b.validator);
}
