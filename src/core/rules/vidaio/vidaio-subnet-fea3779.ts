/**
 * Rule pack `vidaio-subnet@fea3779`: what the Vidaio SN85 validator in vidAio-subnet/vidaio-subnet at
 * fea37798e2d9a07a2af2b52da614dbc93187f52e (v2.3.0) computes once a result has passed its media checks. Transcribed
 * from services/scoring/upscaling_scoring.py:4-60, services/scoring/pieapp_metric.py:69-86,
 * services/scoring/scoring_function.py:4-213, services/scoring/vmaf_metric.py:388-399, services/scoring/server.py
 * (2702-2709, 2977-2982) and vidaio_subnet_core/validating/managing/miner_manager.py (95-108, 939-947, 1113-1121,
 * 1203-1273, 2098-2332), as derived in shared/reference/rules/vidaio.md. Python semantics (`min`/`max` with NaN,
 * ZeroDivisionError, math domain errors) are kept.
 */
import { UpstreamError, fn } from '../types.ts';
import type { VidaioSubnetFunctions, VidaioPackOf } from './functions.ts';
import { SUBNET_METRICS } from './metric-policy.ts';
import { arr, bool, int, nullable, num, obj, uidMap } from '../schema.ts';
import { pyClamp, pyMax, pyMin, pySum } from '../../math/py.ts';
import { harmonicMeanLibvmaf, harmonicMeanPositive } from '../../metrics/pooling.ts';
import { finalScoreRaw, lastWindow, lengthScoreRaw, windowMultipliers, withNonFiniteWarnings } from './shared.ts';
import { fromCode } from '../common.ts';

// ---- constants (file:line at fea3779) ----
/** Upscaling VMAF gate: vmaf/100 < 0.5 zeroes the result (server.py:2702-2709, configs/score.py:13). */
export const UPSCALING_VMAF_GATE = 0.5;
/** C ≥ 0.80 (less than 1.25× compression) scores 0 (scoring_function.py:51-53). */
export const MIN_MEANINGFUL_RATE = 0.8;
/** EMA decay of accumulate_score (configs/score.py:5). */
export const DECAY = 0.75;
/** Sentinel for validator-side failures: recorded in history, never folded into the EMA. */
export const SENTINEL = -100;
/** Pools and podium (miner_manager.py:50-56). */
export const COMPRESSION_POOL = 0.8;
export const UPSCALING_POOL = 0.2;
export const RANK_SHARES = [0.2, 0.2, 0.2, 0.2, 0.2] as const;
export const COMPETITION_ALLOCATION = 0.6;
export const PODIUM_SPLIT = [0.7, 0.2, 0.1] as const;
/** Emission-liquidation reweighting factor (configs/score.py:20-22); retained defaults to 0.5. */
export const LIQUIDATION_FACTOR = 5.0;
export const RETAINED_DEFAULT = 0.5;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const LOG10_3_5 = Math.log10(3.5);
const g = (y: number) => (1 - Math.log10(y + 1) / LOG10_3_5) ** 2.5;
const G0 = g(sigmoid(0));
const G2 = g(sigmoid(2));

/** S_Q from the capped PIE-APP value p: 1 − (g(σ(p)) − g(σ(0)))/(g(σ(2)) − g(σ(0))); 1 at p = 0, 0 at p = 2. */
export function qualityScore(pieapp: number): number {
  return 1 - (g(sigmoid(pieapp)) - G0) / (G2 - G0);
}

/** S_L with Python's `math.log`: raises for L ≤ −1 (math domain error); NaN stays NaN. */
function lengthScore(contentLengthS: number): number {
  if (contentLengthS <= -1) throw new UpstreamError('ValueError: math domain error (log of 1 + L ≤ 0)');
  return lengthScoreRaw(contentLengthS);
}

function combine(sQ: number, contentLengthS: number) {
  const sL = lengthScore(contentLengthS);
  const sPre = 0.5 * sQ + 0.5 * sL;
  return { sL, sPre, sF: finalScoreRaw(sPre) };
}

type Zone = 'no-meaningful-compression' | 'below-hard-cutoff' | 'soft-zone' | 'above-threshold';

/** The piecewise compression score of scoring_function.py:4-213 (R = 1/C, w_c 0.7, w_q 0.3, /1.12, cap 1). */
export function compressionScore(compressionRate: number, vmaf: number, vmafThreshold: number) {
  const zero = (zone: Zone) => ({ score: 0, compressionComponent: 0, qualityComponent: 0, zone });
  if (compressionRate >= MIN_MEANINGFUL_RATE) return zero('no-meaningful-compression');
  if (compressionRate === 0) throw new UpstreamError('ZeroDivisionError: float division by zero (compression ratio 1/C with C = 0)');
  const ratio = 1 / compressionRate;
  const hardCutoff = vmafThreshold - 5;
  if (vmaf < hardCutoff) return zero('below-hard-cutoff');
  if (vmaf < vmafThreshold) {
    const x = (vmaf - hardCutoff) / 5;
    const qualityComponent = 0.7 * x * x;
    const compressionComponent = ratio <= 20 ? ((ratio - 1) / 19) ** 1.5 : 1 + 0.3 * Math.log(ratio / 20);
    const score = pyMin(1.0, (compressionComponent * qualityComponent) / 1.12);
    return { score, compressionComponent, qualityComponent, zone: 'soft-zone' as Zone };
  }
  const maxExcess = 100 - vmafThreshold;
  const qualityComponent = maxExcess <= 0 ? 1.0 : 0.7 + 0.3 * pyMin(1.0, (vmaf - vmafThreshold) / maxExcess);
  const compressionComponent = ratio <= 20 ? ((ratio - 1.25) / 18.75) ** 0.9 : 1 + 0.1 * Math.log(ratio / 20);
  const score = pyMin(1.0, (0.7 * compressionComponent + 0.3 * qualityComponent) / 1.12);
  return { score, compressionComponent, qualityComponent, zone: 'above-threshold' as Zone };
}

interface UpRow {
  sF: number;
  sQ: number;
}
interface CoRow {
  score: number;
}

/** Upscaling multipliers over the newest 10 rows (miner_manager.py:1203-1237; thresholds S_F 0.32 / 0.07, S_Q 0.5 at :95-108). */
export function upscalingMultiplier(history: readonly UpRow[]) {
  if (history.length === 0) return null;
  return windowMultipliers(history, { bonus: (r) => r.sF > 0.32, penaltyF: (r) => r.sF < 0.07, penaltyQ: (r) => r.sQ < 0.5 });
}

/** Compression multipliers over the newest 10 rows (miner_manager.py:1239-1273; thresholds 0.74 / 0.4 at :95-108); there is no penalty_q. */
export function compressionMultiplier(history: readonly CoRow[]) {
  if (history.length === 0) return null;
  return windowMultipliers(history, { bonus: (r) => r.score > 0.74, penaltyF: (r) => r.score < 0.4 });
}

/** Runs the per-row EMA of miner_manager.py:802-968 / 977-1142 over `results`, returning one step per result. */
function accumulate<R>(
  results: readonly R[],
  acc0: number,
  history0: readonly R[],
  newMiner: boolean,
  multiplierOf: (window: R[]) => number,
  input: (row: R, multiplier: number) => number,
  isSentinel: (row: R) => boolean,
) {
  let acc = acc0;
  let history = lastWindow(history0);
  const trajectory: { multiplier: number; accumulateScore: number }[] = [];
  const warnings: string[] = [];
  results.forEach((row, i) => {
    history = lastWindow([...history, row]);
    const multiplier = newMiner && i === 0 ? 1.0 : multiplierOf(history);
    if (!isSentinel(row)) {
      const next = DECAY * acc + (1 - DECAY) * input(row, multiplier);
      if (Number.isNaN(next)) warnings.push(`Result ${i}: the EMA input is NaN and Python's max(0, NaN) returns 0, so the accumulated score resets to 0.`);
      acc = pyMax(0, next);
    }
    trajectory.push({ multiplier, accumulateScore: acc });
  });
  return warnings.length ? { trajectory, warnings } : { trajectory };
}

const upRow = obj({ sF: num({ unit: 'S_F (or the −100 sentinel)' }), sQ: num({ unit: 'S_Q, 0-1' }) });
const coRow = obj({ score: num({ unit: 'S_f (or the −100 sentinel)' }) });
const poolRow = obj({ uid: int({ min: 0 }), accumulateScore: num({ unit: 'accumulate_score' }) });

/** One pool: stable sort by acc descending, 20 % of the pool to ranks 1–5, liquidation reweighting, rescale. */
function poolShares(rows: readonly { uid: number; accumulateScore: number }[], pool: number, retained: Record<string, number>) {
  const order = rows.map((r, i) => ({ ...r, i }));
  // Stable: Array.prototype.sort is stable; NaN scores compare as equal (keep input order).
  order.sort((a, b) => (b.accumulateScore > a.accumulateScore ? 1 : b.accumulateScore < a.accumulateScore ? -1 : 0));
  const shares = order.map((r, rank) => ({ uid: r.uid, share: rank < RANK_SHARES.length ? pool * RANK_SHARES[rank]! : 0 }));
  const before = pySum(shares.map((s) => s.share));
  if (LIQUIDATION_FACTOR > 0 && before > 0) {
    for (const s of shares) if (s.share > 0) s.share *= 1 + LIQUIDATION_FACTOR * pyClamp(retained[String(s.uid)] ?? RETAINED_DEFAULT, 0, 1);
    const after = pySum(shares.map((s) => s.share));
    if (after > 0) for (const s of shares) s.share = (s.share / after) * before;
  }
  return shares;
}

export const vidaioSubnet: VidaioPackOf<VidaioSubnetFunctions> = {
  metrics: SUBNET_METRICS,
  id: 'vidaio-subnet@fea3779',
  mechanism: 'vidaio',
  title: 'Vidaio SN85 validator scoring, vidaio-subnet HEAD (v2.3.0)',
  ...fromCode({
    repo: 'vidAio-subnet/vidaio-subnet',
    paths: [
      'services/scoring/upscaling_scoring.py',
      'services/scoring/scoring_function.py',
      'services/scoring/server.py',
      'services/scoring/pieapp_metric.py',
      'services/scoring/vmaf_metric.py',
      'vidaio_subnet_core/validating/managing/miner_manager.py',
    ],
    commit: 'fea37798e2d9a07a2af2b52da614dbc93187f52e',
  }),
  inForce: { from: '2026-08-18', until: '2026-09-04' },
  pieapp: {
    id: 'pyiqa-0.1.14.1',
    networkChannelOrder: 'bgr',
    frames: 'random-window-abs-mean-cap-2',
    summary:
      'pyiqa 0.1.14.1 PieAPP (requirements.txt:23): RGB input flipped to BGR before the network, the order the PieAPP weights were trained on; ' +
      'a random frame window, negative frame scores taken as |x|, mean capped at 2.0 (services/scoring/pieapp_metric.py:69-86).',
  },
  notes: [
    {
      kind: 'dates',
      text: "In force from 2026-08-18, the date of commit fea3779 ('conclude first competition (#197)', the HEAD read in shared/reference/rules/vidaio.md §0; earlier commits scored differently, §6), until 2026-09-04, when validators moved to vidAio-subnet/validator-vidaio: its launch emission profile is commented 'v2 (launch, 2026-09-04 .. 09-27)' (validator-vidaio@e76b503 vidaio/tokenomics/weights.py, shared/reference/rules/vidaio-v3.md §1.7).",
    },
    {
      kind: 'difference',
      text:
        'Seed vs code, upscaling multipliers: the seed penalises S_F < 0.20 and S_Q < 0.25; the code uses S_F < 0.07 and S_Q < 0.5 (miner_manager.py:96-97). ' +
        'The bonus (S_F > 0.32, +0.15) and the step sizes (−0.20, −0.25) agree.',
    },
    {
      kind: 'difference',
      text:
        "Seed vs code, compression: the seed's S_f = 0.8·(1 − C^1.5) + 0.2·(VMAF − thr)/(100 − thr) was the code only from 2025-08-04 to 2025-10-14. " +
        'At fea3779: C ≥ 0.80 scores 0; VMAF < thr − 5 scores 0; thr − 5 ≤ VMAF < thr is a quadratic soft zone; above thr the score is ' +
        "(0.7·((R − 1.25)/18.75)^0.9 + 0.3·(0.7 + 0.3·excess))/1.12 with a log bonus above 20×, capped at 1. The compressed VMAF is the NEG model's.",
    },
    {
      kind: 'difference',
      text: "Seed vs code, compression multipliers: the seed's quality penalty (VMAF < thr + 5, −0.25) was never implemented; the total is bonus × penalty_f, range 0.8…1.15.",
    },
    {
      kind: 'difference',
      text:
        'Seed vs code, window: the 10-row window is the 10 most recent query results (5 queries per cycle, about 2 cycles), the current row included; ' +
        "a new miner's first row uses ×1.0. An empty window is not recomputed (updated = false).",
    },
    {
      kind: 'difference',
      text:
        "Seed vs code, distribution: the seed's 60 % compression / 40 % upscaling proportional split is replaced by an EMA accumulate_score (decay 0.75, " +
        'an input of −10 when C ≥ 1, the −100 sentinel not folded) and 80/20 pools paid 20 % to each of the top 5 by rank; a finalised podium takes ' +
        '0.60 × (0.70, 0.20, 0.10) out of the compression pool; shares are reweighted by 1 + 5·retained (emission liquidation).',
    },
    {
      kind: 'gap',
      text:
        'The seed gives no PIE-APP → S_Q mapping. The code takes |frame| PIE-APP values, averages them (5.0 with no frames), caps at 2 and maps ' +
        'S_Q = 1 − (g(σ(p)) − g(σ(0)))/(g(σ(2)) − g(σ(0))) with g(y) = (1 − log10(y + 1)/log10 3.5)^2.5.',
    },
    {
      kind: 'difference',
      text:
        'Seed vs code, gates the seed does not mention: upscaling results with VMAF < 50 score 0 (exactly 50 passes); compression needs |base VMAF − NEG VMAF| ≤ 3.0 ' +
        'and passes tone, grayscale and chroma checks; file-size caps ×8 (2×) and ×20 (4×); frame counts within 5.',
    },
    {
      kind: 'gap',
      text:
        'S_L and S_F are unclamped in the code, as in the seed: L = 320 s gives S_L = 1 and S_F = 1.04 at PIE-APP 0.4. With the lengths miners can report (5 or 10 s) ' +
        'the maximum S_F is 0.2954 (5 s, so the 0.32 bonus is unreachable) or 0.4262 (10 s).',
    },
    {
      kind: 'gap',
      text:
        "VMAF pooling differs between the primary path (Python harmonic mean n/Σ1/x over frames > 0, vmaf_metric.py:388-399) and the fallback (libvmaf's " +
        'harmonic_mean n/Σ1/(x + 1) − 1 over all frames, where one 0 frame collapses the pool: [95, 90, 0, 80] gives 87.88 vs 2.87).',
    },
    {
      kind: 'gap',
      text:
        'The compression score is discontinuous where the code switches branches: at VMAF = thr it jumps from the soft-zone limit min(1, 0.7·cc_soft/1.12) to ' +
        'min(1, (0.7·cc_above + 0.21)/1.12), by +0.187…+0.299 for compression up to 20× (+0.259 at 4×) but by a negative amount for about 89.6× to 401.7× ' +
        '(−0.014 at 100×, −0.044 at 200×: just below the threshold pays more than at it); at C = 0.80 it drops from 0.3·qc/1.12 (≥ 0.1875) to 0. It is continuous at ' +
        'the hard cutoff thr − 5 (0 on both sides) and at 20× in both branches.',
    },
    {
      kind: 'gap',
      text:
        'Quirks kept as in Python: a NaN VMAF passes the upscaling gate; in compression.score a NaN VMAF gives quality 1 and a NaN rate gives score 1 (min(1, NaN) = 1); ' +
        'a NaN EMA input resets accumulate_score to 0 (max(0, NaN) = 0); C = 0 raises ZeroDivisionError.',
    },
  ],
  functions: {
    'upscaling.pieappAggregate': fn(
      'PIE-APP over the sampled frames: |x| of each frame score, their mean (5.0 with no frames), capped with min(mean, 2.0).',
      obj({ frameScores: arr(num({ unit: 'PIE-APP per frame' })) }),
      /** pieapp_metric.py:69-86. A NaN frame makes the mean NaN and Python's min(NaN, 2.0) keeps NaN. */
      ({ frameScores }) => {
        const abs = frameScores.map((x) => (x < 0 ? -x : x));
        const avg = abs.length ? pySum(abs) / abs.length : 5.0;
        return withNonFiniteWarnings({ pieapp: pyMin(avg, 2.0) }, "a frame score is NaN; the validator's mean keeps it");
      },
    ),
    'upscaling.qualityScore': fn(
      'Upscaling quality S_Q (0–1, 1 best) from the aggregated PIE-APP (0–2, lower is better) via the sigmoid/log10(3.5) mapping.',
      obj({ pieapp: num({ unit: 'PIE-APP, 0-2' }) }),
      /** upscaling_scoring.py:4-27. Monotone decreasing; S_Q(0) = 1, S_Q(0.5) = 0.6005, S_Q(1) = 0.3136, S_Q(2) = 0. */
      ({ pieapp }) => withNonFiniteWarnings({ sQ: qualityScore(pieapp) }, 'the PIE-APP value is NaN and the formula propagates it'),
    ),
    'upscaling.lengthScore': fn(
      'Content-length score S_L = ln(1 + L)/ln(321), L in seconds, unclamped; raises for L ≤ −1.',
      obj({ contentLengthS: num({ unit: 'seconds' }) }),
      ({ contentLengthS }) => withNonFiniteWarnings({ sL: lengthScore(contentLengthS) }, 'the content length is not finite'),
    ),
    'upscaling.finalScore': fn('Final upscaling score S_F = 0.1·exp(6.979·(S_pre − 0.5)), unclamped.', obj({ sPre: num({ unit: 'S_pre' }) }), ({ sPre }) =>
      withNonFiniteWarnings({ sF: finalScoreRaw(sPre) }, 'S_pre is not finite'),
    ),
    'upscaling.combine': fn(
      'S_L, S_pre = 0.5·S_Q + 0.5·S_L and S_F from S_Q (0–1) and the requested content length in seconds.',
      obj({ sQ: num({ unit: 'S_Q, 0-1' }), contentLengthS: num({ unit: 'seconds' }) }),
      ({ sQ, contentLengthS }) => withNonFiniteWarnings(combine(sQ, contentLengthS), 'an input is not finite'),
    ),
    'upscaling.score': fn(
      'Upscaling score from VMAF (0–100, gate only), aggregated PIE-APP and content length (s): S_Q, S_L, S_pre, S_F, reason.',
      obj({ vmaf: num({ unit: '0-100' }), pieapp: num({ unit: 'PIE-APP, 0-2' }), contentLengthS: num({ unit: 'seconds' }) }),
      /** server.py:2702-2709 then upscaling_scoring.py: VMAF/100 < 0.5 gives all zeros and no S_pre; exactly 50 and NaN pass. */
      ({ vmaf, pieapp, contentLengthS }) => {
        if (vmaf / 100 < UPSCALING_VMAF_GATE) return { sQ: 0, sL: 0, sPre: null, sF: 0, reason: 'vmaf-too-low' as const };
        const sQ = qualityScore(pieapp);
        const extra = Number.isNaN(vmaf) ? ['VMAF is NaN: the gate vmaf/100 < 0.5 is false for NaN, so the validator scores the result.'] : [];
        return withNonFiniteWarnings({ sQ, ...combine(sQ, contentLengthS), reason: 'success' as const }, 'an input is not finite', extra);
      },
    ),
    'compression.rate': fn(
      'Compression rate C = output/reference bytes when reference > 0 and output < reference, otherwise exactly 1.0.',
      obj({
        referenceSizeBytes: num({ min: 0, finite: true, soft: true, unit: 'bytes' }),
        outputSizeBytes: num({ min: 0, finite: true, soft: true, unit: 'bytes' }),
      }),
      /** server.py:2977-2982. 1.0 also triggers the −10 EMA input. */
      ({ referenceSizeBytes, outputSizeBytes }) => ({
        compressionRate: referenceSizeBytes > 0 && outputSizeBytes < referenceSizeBytes ? outputSizeBytes / referenceSizeBytes : 1.0,
      }),
    ),
    'compression.score': fn(
      'Piecewise compression score (0–1) from C (output/reference), the NEG VMAF (0–100) and the task threshold (85/89/93).',
      obj({
        compressionRate: num({ min: 0, unit: 'C = output/reference' }),
        vmaf: num({ unit: 'NEG VMAF, 0-100' }),
        vmafThreshold: num({ unit: '0-100' }),
      }),
      /**
       * scoring_function.py:4-213, R = 1/C. C ≥ 0.80 → 0; VMAF < thr − 5 → 0; soft zone: min(1, cc·0.7·x²/1.12),
       * x = (VMAF − thr + 5)/5, cc = ((R − 1)/19)^1.5 (R ≤ 20) or 1 + 0.3·ln(R/20); above thr:
       * min(1, (0.7·cc + 0.3·qc)/1.12), cc = ((R − 1.25)/18.75)^0.9 (R ≤ 20) or 1 + 0.1·ln(R/20),
       * qc = 0.7 + 0.3·min(1, (VMAF − thr)/(100 − thr)) (1 when thr ≥ 100). C = 0 raises ZeroDivisionError.
       */
      ({ compressionRate, vmaf, vmafThreshold }) => {
        const extra: string[] = [];
        if (Number.isNaN(vmaf))
          extra.push('VMAF is NaN: every comparison is false, so the validator takes the above-threshold branch and min(1, NaN) gives a quality term of 1.');
        if (Number.isNaN(compressionRate)) extra.push("The compression rate is NaN: C ≥ 0.80 is false and Python's min(1, NaN) returns 1, so the score is 1.");
        return withNonFiniteWarnings(compressionScore(compressionRate, vmaf, vmafThreshold), 'an input is not finite', extra);
      },
    ),
    'vmaf.poolValidator': fn(
      "The validator's VMAF pooling: harmonic mean n/Σ1/x over the frames with VMAF > 0 (others dropped); raises when none is > 0.",
      obj({ frameVmafs: arr(num({ unit: 'VMAF per frame' })) }),
      /** vmaf_metric.py:388-399; pooling.ts `harmonicMeanPositive`. */
      ({ frameVmafs }) => {
        try {
          return { vmaf: harmonicMeanPositive(frameVmafs) };
        } catch (err) {
          throw new UpstreamError(`ValueError: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
    ),
    'vmaf.poolLibvmafHarmonic': fn(
      "libvmaf's harmonic_mean (the fallback path): n/Σ1/(x + 1) − 1 over all frames.",
      obj({ frameVmafs: arr(num({ unit: 'VMAF per frame' }), { minLength: 1 }) }),
      /** libvmaf feature_collector.c VMAF_POOL_METHOD_HARMONIC_MEAN; pooling.ts `harmonicMeanLibvmaf`. */
      ({ frameVmafs }) => withNonFiniteWarnings({ vmaf: harmonicMeanLibvmaf(frameVmafs) }, 'a frame VMAF is NaN or exactly −1'),
    ),
    'multiplier.upscaling': fn(
      'Upscaling multipliers over the newest 10 rows: bonus S_F > 0.32 (+0.15), penalty_f S_F < 0.07 (−0.20), penalty_q S_Q < 0.5 (−0.25), ×count/10; total 0.6…1.15.',
      obj({ history: arr(upRow) }),
      ({ history }) => {
        const m = upscalingMultiplier(history);
        if (!m) return { updated: false, bonusCount: null, penaltyFCount: null, penaltyQCount: null, bonus: null, penaltyF: null, penaltyQ: null, total: null };
        return { updated: true, ...m };
      },
    ),
    'multiplier.compression': fn(
      'Compression multipliers over the newest 10 rows: bonus S_f > 0.74 (+0.15), penalty_f S_f < 0.40 (−0.20), ×count/10; total 0.8…1.15.',
      obj({ history: arr(coRow) }),
      ({ history }) => {
        const m = compressionMultiplier(history);
        if (!m) return { updated: false, bonusCount: null, penaltyFCount: null, bonus: null, penaltyF: null, total: null };
        return { updated: true, ...m };
      },
    ),
    'accumulate.upscaling': fn(
      'accumulate_score EMA over upscaling results: acc ← max(0, 0.75·acc + 0.25·S_F·multiplier), −100 rows recorded but not folded.',
      obj({ results: arr(upRow), accumulateScore: num({ unit: 'accumulate_score' }), history: arr(upRow), newMiner: bool() }),
      ({ results, accumulateScore, history, newMiner }) =>
        accumulate(
          results,
          accumulateScore,
          history,
          newMiner,
          (w) => upscalingMultiplier(w)!.total,
          (r, m) => r.sF * m,
          (r) => r.sF === SENTINEL,
        ),
    ),
    'accumulate.compression': fn(
      'accumulate_score EMA over compression results: input S_f·multiplier when C < 1, else −10; −100 rows recorded but not folded.',
      obj({
        results: arr(obj({ score: num({ unit: 'S_f' }), compressionRate: num({ unit: 'C' }) })),
        accumulateScore: num({ unit: 'accumulate_score' }),
        history: arr(coRow),
        newMiner: bool(),
      }),
      ({ results, accumulateScore, history, newMiner }) =>
        accumulate<{ score: number; compressionRate?: number }>(
          results,
          accumulateScore,
          history,
          newMiner,
          (w) => compressionMultiplier(w)!.total,
          (r, m) => ((r.compressionRate as number) < 1 ? r.score * m : -10),
          (r) => r.score === SENTINEL,
        ),
    ),
    'weights.allocate': fn(
      'Weights (fractions): compression 0.80 / upscaling 0.20 pools, 20 % to each of the top 5 by accumulate_score, optional podium 0.60 × (0.70, 0.20, 0.10), liquidation reweighting 1 + 5·retained.',
      obj({
        compression: arr(poolRow),
        upscaling: arr(poolRow),
        podium: nullable(arr(obj({ uid: int({ min: 0 }), rank: int({ min: 1, max: 3 }) }))),
        retained: uidMap(num({ unit: 'retained proportion, 0-1' })),
      }),
      /**
       * miner_manager.py:2098-2332. A podium without a rank-1 entry is disabled. With a podium, compression keeps
       * max(0, 0.80 − podium total); with no miners in either pool the podium shares are renormalised to 1.
       */
      ({ compression, upscaling, podium, retained }) => {
        const weights: Record<string, number> = {};
        const add = (uid: number, w: number) => {
          const k = String(uid);
          weights[k] = (weights[k] ?? 0) + w;
        };
        const warnings: string[] = [];
        let compressionPool = COMPRESSION_POOL;
        const activePodium = podium && podium.some((p) => p.rank === 1) ? podium : null;
        if (podium && !activePodium) warnings.push('The podium has no rank-1 miner, so the validator disables it.');
        if (activePodium) {
          let podiumShares = activePodium.map((p) => ({ uid: p.uid, share: COMPETITION_ALLOCATION * PODIUM_SPLIT[p.rank - 1]! }));
          const podiumTotal = pySum(podiumShares.map((p) => p.share));
          if (compression.length === 0 && upscaling.length === 0 && podiumTotal > 0)
            podiumShares = podiumShares.map((p) => ({ uid: p.uid, share: p.share / podiumTotal }));
          compressionPool = pyMax(0, COMPRESSION_POOL - podiumTotal);
          for (const p of podiumShares) add(p.uid, p.share);
        }
        for (const s of poolShares(compression, compressionPool, retained)) add(s.uid, s.share);
        for (const s of poolShares(upscaling, UPSCALING_POOL, retained)) add(s.uid, s.share);
        return warnings.length ? { weights, warnings } : { weights };
      },
    ),
  },
};
