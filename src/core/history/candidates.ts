/**
 * Compare candidates: several encodes of one reference (different CRF, presets, codecs), each evaluated by the
 * selected rule pack (src/core/rules/vidaio/evaluate.ts), ranked as a miner chooses what to submit: the final
 * score first (what the validator records, 0 on a failed check), then the formula score (what the numbers would
 * score if every check passed), then the smaller file. Also the score-vs-size curve of the pack at a fixed VMAF,
 * with its cliff (where the score jumps) and rate kinks (where the slope changes) found on the pack function
 * itself, so the plot shows the pack in force and no hand-copied constant. Pure.
 */
import type { VidaioPack } from '../rules/vidaio/functions.ts';
import { callPackFunction, hasFunction } from '../rules/call.ts';
import type { Evaluation } from '../rules/vidaio/evaluate.ts';
import { fmtNumber } from './report.ts';

export interface CandidateResult {
  name: string;
  sizeBytes: number;
  evaluation: Evaluation;
}

export interface RankedCandidate {
  /** 1-based; equal results share no rank (ties fall to the smaller file, then the name). */
  rank: number;
  name: string;
  sizeBytes: number;
  score: number;
  /** The pack's score of (C, VMAF) before the media checks; null when it cannot be computed. */
  formulaScore: number | null;
  vmaf: number;
  compressionRate: number;
  zone: string | null;
  /** True when no check zeroes or voids the candidate. */
  passesChecks: boolean;
  /** The gate verdicts: each failed check, or the VMAF gate passed/failed. */
  verdicts: string[];
  /** Position of the candidate in the input list. */
  index: number;
}

export interface Ranking {
  rows: RankedCandidate[];
  /** The candidate to submit, or null when none scores above 0. */
  recommended: RankedCandidate | null;
  reason: string;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
/** NaN sorts last in a descending order. */
const desc = (a: number, b: number) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : b - a);

export function rankCandidates(results: readonly CandidateResult[]): Ranking {
  const rows = results.map((r, index): RankedCandidate => {
    const e = r.evaluation;
    const vmaf = num(e.values.vmafPooled);
    const thr = num(e.values.vmafThreshold);
    const verdicts = e.failures.map((f) => `${f.outcome === 'void' ? 'voided' : 'zero'}: ${f.message}`);
    if (Number.isFinite(vmaf) && Number.isFinite(thr))
      verdicts.push(vmaf >= thr ? `VMAF gate passed (${fmtNumber(vmaf, 2)} ≥ ${thr})` : `VMAF gate failed (${fmtNumber(vmaf, 2)} < ${thr})`);
    return {
      rank: 0,
      index,
      name: r.name,
      sizeBytes: r.sizeBytes,
      score: e.score,
      formulaScore: typeof e.values.formulaScore === 'number' ? e.values.formulaScore : null,
      vmaf,
      compressionRate: num(e.values.compressionRate),
      zone: typeof e.values.zone === 'string' ? e.values.zone : null,
      passesChecks: e.failures.length === 0,
      verdicts,
    };
  });
  rows.sort(
    (a, b) =>
      desc(a.score, b.score) ||
      desc(a.formulaScore ?? NaN, b.formulaScore ?? NaN) ||
      a.sizeBytes - b.sizeBytes ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  rows.forEach((r, i) => (r.rank = i + 1));
  const best = rows[0];
  if (!best) return { rows, recommended: null, reason: 'No candidate was evaluated.' };
  const describe = (r: RankedCandidate) =>
    `VMAF ${fmtNumber(r.vmaf, 2)} at C = ${fmtNumber(r.compressionRate, 4)}${r.compressionRate > 0 ? ` (${fmtNumber(1 / r.compressionRate, 1)}× smaller)` : ''}`;
  if (!(best.score > 0)) {
    const pre = [...rows].sort((a, b) => desc(a.formulaScore ?? NaN, b.formulaScore ?? NaN))[0]!;
    const why = best.passesChecks ? 'every candidate is below the VMAF gate or compresses too little' : `checks fail: ${best.verdicts[0]!.replace(/\.$/, '')}`;
    return {
      rows,
      recommended: null,
      reason: `No candidate scores above 0 (${why}).${pre.formulaScore && pre.formulaScore > 0 ? ` Were the checks met, ${pre.name} would score ${fmtNumber(pre.formulaScore, 4)} (${describe(pre)}).` : ''}`,
    };
  }
  const next = rows[1];
  let reason = `${best.name} scores ${fmtNumber(best.score, 4)}: ${describe(best)}${best.zone === 'soft-zone' ? ', in the soft zone below the threshold' : ''}.`;
  if (next) {
    if (next.score === best.score) reason += ` ${next.name} scores the same; ${best.name} is the smaller file.`;
    else if (next.sizeBytes < best.sizeBytes && next.vmaf < best.vmaf)
      reason += ` ${next.name} is smaller but scores ${fmtNumber(next.score, 4)} (${describe(next)}): the VMAF it loses costs more than the size it saves.`;
    else reason += ` Next: ${next.name} at ${fmtNumber(next.score, 4)} (${describe(next)}).`;
  }
  return { rows, recommended: best, reason };
}

/** The pack's compression score at rate C for a given pooled VMAF and threshold (NaN when the pack raises). */
export function scoreAtRate(pack: VidaioPack, compressionRate: number, vmaf: number, vmafThreshold: number): number {
  try {
    if (hasFunction(pack, 'gates.evaluate')) return NaN;
    return num(callPackFunction(pack, 'compression.score', { compressionRate, vmaf, vmafThreshold }).score);
  } catch {
    return NaN;
  }
}

export interface CurveFeature {
  compressionRate: number;
  /** `jump`: the score steps (a cliff); `kink`: the slope changes abruptly. */
  kind: 'jump' | 'kink';
}

/**
 * Samples the pack's score over C (log-spaced from `cMin` to 1) at one VMAF, and finds where it jumps
 * (|Δscore| > 0.05 between neighbouring samples 0.25 % apart in C) or bends (the slope in ln C changes by more
 * than a third of the largest slope within one step, away from jumps). Positions are good to one sample step.
 */
export function scoreCurve(
  pack: VidaioPack,
  vmaf: number,
  vmafThreshold: number,
  cMin = 0.005,
  steps = 2400,
): { rates: number[]; scores: number[]; features: CurveFeature[] } {
  const rates: number[] = [];
  const scores: number[] = [];
  const l0 = Math.log(cMin);
  for (let i = 0; i <= steps; i++) {
    const c = Math.exp(l0 + ((0 - l0) * i) / steps);
    rates.push(c);
    scores.push(scoreAtRate(pack, c, vmaf, vmafThreshold));
  }
  const h = -l0 / steps;
  const slopes = scores.slice(1).map((s, i) => (s - scores[i]!) / h);
  const jumps = new Set<number>();
  const features: CurveFeature[] = [];
  for (let i = 0; i < steps; i++)
    if (Math.abs(scores[i + 1]! - scores[i]!) > 0.05) {
      jumps.add(i);
      features.push({ compressionRate: Math.sqrt(rates[i]! * rates[i + 1]!), kind: 'jump' });
    }
  const finiteSlopes = slopes.filter((s, i) => Number.isFinite(s) && !jumps.has(i));
  const maxSlope = finiteSlopes.length ? Math.max(...finiteSlopes.map(Math.abs)) : 0;
  for (let i = 1; i < slopes.length; i++) {
    if (jumps.has(i) || jumps.has(i - 1) || jumps.has(i + 1) || jumps.has(i - 2)) continue;
    const d = Math.abs(slopes[i]! - slopes[i - 1]!);
    if (maxSlope > 0 && d > maxSlope / 3) features.push({ compressionRate: rates[i]!, kind: 'kink' });
  }
  features.sort((a, b) => a.compressionRate - b.compressionRate);
  return { rates, scores, features };
}
