/**
 * Rule pack `validator-vidaio@b71f22d`: the Vidaio SN85 rewrite vidAio-subnet/validator-vidaio ("vidaio-next" 0.5.4)
 * at b71f22d561fa1e72ff709d5abc293998e2eaf85b, which describes itself as live on netuid 85. Transcribed from
 * vidaio/scoring/upscaling.py, vidaio/scoring/compression.py, vidaio/tokenomics/ewma.py and
 * vidaio/tokenomics/rank_curve.py as derived in shared/reference/rules/vidaio.md §7. Non-finite inputs raise
 * ("fail closed"); there are no bonus/penalty multipliers.
 */
import { UpstreamError, fn, type PieappConvention } from '../types.ts';
import { fromCode } from '../common.ts';
import type { ValidatorVidaioFunctions, VidaioPackOf } from './functions.ts';
import { VALIDATOR_METRICS } from './metric-policy.ts';
import { arr, int, num, obj, optional } from '../schema.ts';
import { pyMax, pyMin } from '../../math/py.ts';
import { LN_321, finalScoreRaw } from './shared.ts';

/** Rate at or above which compression scores 0 (compression.py). */
export const MAX_RATE = 0.8;
/** EWMA decay (tokenomics/ewma.py) and the exclusion sentinel. */
export const DECAY = 0.75;
export const EXCLUDED = -1;

/** PIE-APP as validator-vidaio runs it (shared/reference/rules/vidaio-v3.md §3.1-3.2): piq 0.8.0 on CPU, RGB to the network. */
export const PIQ_CONVENTION: PieappConvention = {
  id: 'piq-0.8.0',
  networkChannelOrder: 'rgb',
  frames: 'start-frame-4-signed-mean',
  summary:
    'piq 0.8.0 PieAPP: the network sees RGB (pyiqa flips to BGR, the order the weights were trained on); 4 consecutive frames from the start frame ' +
    'sha256(reference sha256 hex, 0x00, challenge id) mod (N − 3), candidate first; signed mean, no abs, no cap.',
};

export function finite(name: string, x: number): number {
  if (!Number.isFinite(x)) throw new UpstreamError(`ValueError: ${name} must be finite`);
  return x;
}

const clamp01 = (x: number) => pyMax(0, pyMin(1, x));

/** s_q = 1/(1 + max(0, PIE-APP)); no cap at 2. */
export function qualityScore(pieapp: number): number {
  finite('pieapp', pieapp);
  return 1 / (1 + pyMax(0, pieapp));
}

/** s_l = min(1, log1p(L)/ln 321); L < 0 raises. */
export function lengthScore(contentLengthS: number): number {
  finite('content_length', contentLengthS);
  if (contentLengthS < 0) throw new UpstreamError('ValueError: content_length must be >= 0');
  return pyMin(1, Math.log1p(contentLengthS) / LN_321);
}

/** final = clamp(0.1·exp(6.979·(s_pre − 0.5)), 0, 1). */
export function finalScore(sPre: number): number {
  finite('s_pre', sPre);
  return clamp01(finalScoreRaw(sPre));
}

type Zone = 'no-meaningful-compression' | 'below-hard-cutoff' | 'below-threshold' | 'above-threshold';

/** Linear compression score of vidaio/scoring/compression.py: 0 at rate ≥ 0.80 or VMAF < thr, else min(1, (0.7·(1 − rate) + 0.3·VMAF/100)/1.12). */
export function compressionScore(rate: number, vmaf: number, threshold: number) {
  finite('rate', rate);
  finite('vmaf', vmaf);
  finite('threshold', threshold);
  const compressionComponent = clamp01(1 - rate);
  const qualityComponent = vmaf / 100;
  let zone: Zone;
  if (rate >= MAX_RATE) zone = 'no-meaningful-compression';
  else if (vmaf < threshold - 5) zone = 'below-hard-cutoff';
  else if (vmaf < threshold) zone = 'below-threshold';
  else zone = 'above-threshold';
  const score = zone === 'above-threshold' ? pyMin(1, (0.7 * compressionComponent + 0.3 * qualityComponent) / 1.12) : 0;
  return { score, compressionComponent, qualityComponent, zone };
}

/** weights.trackShares with the pack's minimum payout score as the default floor (0.10 at b71f22d, 0.05 from f396e47). */
export function trackSharesFn(defaultFloor: number) {
  return fn(
    `Shares (fractions summing to 1) within one track: eligible miners (score ≥ floor, default ${defaultFloor}, and > 0) sorted by score desc then UID asc; the top N get N, N−1, … normalised.`,
    obj({
      miners: arr(obj({ uid: int({ min: 0 }), accumulateScore: num({ unit: 'EWMA score' }) })),
      topN: int({ min: 0 }),
      minimumPayoutScore: optional(num({ finite: true, unit: 'EWMA floor' }), defaultFloor),
    }),
    ({ miners, topN, minimumPayoutScore }) => {
      const eligible = miners.filter((m) => m.accumulateScore >= (minimumPayoutScore as number) && m.accumulateScore > 0);
      eligible.sort((a, b) => (b.accumulateScore !== a.accumulateScore ? b.accumulateScore - a.accumulateScore : a.uid - b.uid));
      const top = eligible.slice(0, topN);
      const points = top.map((_, i) => topN - i);
      const total = points.reduce((s, p) => s + p, 0);
      const shares: Record<string, number> = {};
      top.forEach((m, i) => (shares[String(m.uid)] = points[i]! / total));
      return { shares };
    },
  );
}

export const validatorVidaio: VidaioPackOf<ValidatorVidaioFunctions> = {
  metrics: VALIDATOR_METRICS,
  id: 'validator-vidaio@b71f22d',
  mechanism: 'vidaio',
  title: "Vidaio SN85 rewrite (validator-vidaio, 'vidaio-next' 0.5.4)",
  ...fromCode({
    repo: 'vidAio-subnet/validator-vidaio',
    paths: ['vidaio/scoring/upscaling.py', 'vidaio/scoring/compression.py', 'vidaio/tokenomics/ewma.py', 'vidaio/tokenomics/rank_curve.py'],
    commit: 'b71f22d561fa1e72ff709d5abc293998e2eaf85b',
  }),
  inForce: { from: '2026-09-04', until: '2026-09-15' },
  pieapp: PIQ_CONVENTION,
  notes: [
    {
      kind: 'dates',
      text: "In force from the validator-vidaio launch, 2026-09-04 (the 'v2 (launch, 2026-09-04 .. 09-27)' comment of vidaio/tokenomics/weights.py at e76b503), until 2026-09-15, when the minimum payout score was lowered from 0.10 to 0.05 ('0.10 -> 0.05 on 2026-09-15', weights.py:17 at e76b503): validator-vidaio@f396e47 carries that change.",
    },
    {
      kind: 'difference',
      text:
        'Versus vidaio-subnet@fea3779, upscaling: S_Q = 1/(1 + max(0, PIE-APP)) on the signed 4-frame mean (no sigmoid mapping, no cap at 2: PIE-APP 3 gives 0.25), ' +
        'S_L is capped at 1 and S_F is clamped to 0…1. PIE-APP runs on CPU through piq 0.8.0 with a deterministic frame window.',
    },
    {
      kind: 'difference',
      text:
        'Versus fea3779, compression: 0 at rate ≥ 0.80 or VMAF < threshold, with no soft zone (thr − 5 … thr has its own zone but scores 0); otherwise ' +
        'min(1, (0.7·(1 − rate) + 0.3·VMAF/100)/1.12), at most 0.893. The rate is not clamped to 1 and a zero reference raises. The default threshold is 90.',
    },
    {
      kind: 'difference',
      text:
        'Versus fea3779, economics: an EWMA 0.75·old + 0.25·score with no bonus/penalty multipliers and −1 as an exclusion sentinel; the top 5 per track get 5:4:3:2:1 ' +
        '(shares 5/15 … 1/15) instead of 20 % each; a minimum payout score of 0.10 applies.',
    },
    {
      kind: 'gap',
      text:
        'The minimum payout score at this commit is 0.10 (config and README agree); it was lowered to 0.05 on 2026-09-15 (validator-vidaio@e76b503 ' +
        'vidaio/tokenomics/weights.py:17, pack validator-vidaio@f396e47). weights.trackShares defaults to 0.10 here and takes the floor as an input, so ' +
        'the public vectors, which pass 0.05, still run.',
    },
    {
      kind: 'difference',
      text:
        "Versus fea3779, media: VMAF is libvmaf's arithmetic mean (pool=mean) on canonicalised CPU inputs rather than the harmonic mean over frames > 0; frame counts " +
        'must match exactly (not within 5); codecs h264/hevc/vp9/av1 are allowed; the base/NEG delta gate (≤ 3) is measured against the miner input.',
    },
    {
      kind: 'gap',
      text: 'Non-finite inputs raise ValueError ("fail closed") instead of propagating NaN; the pack throws for them.',
    },
  ],
  functions: {
    'upscaling.qualityScore': fn(
      'Upscaling quality s_q = 1/(1 + max(0, PIE-APP)), in (0, 1]; non-finite PIE-APP raises.',
      obj({ pieapp: num({ unit: 'PIE-APP (signed mean)' }) }),
      ({ pieapp }) => ({ sQ: qualityScore(pieapp) }),
    ),
    'upscaling.lengthScore': fn(
      'Content-length score s_l = min(1, ln(1 + L)/ln 321), L in seconds; negative or non-finite L raises.',
      obj({ contentLengthS: num({ unit: 'seconds' }) }),
      ({ contentLengthS }) => ({ sL: lengthScore(contentLengthS) }),
    ),
    'upscaling.finalScore': fn(
      'Final score clamp(0.1·exp(6.979·(s_pre − 0.5)), 0, 1); non-finite s_pre raises.',
      obj({ sPre: num({ unit: 's_pre' }) }),
      ({ sPre }) => ({ sF: finalScore(sPre) }),
    ),
    'upscaling.score': fn(
      'Upscaling s_q, s_l, s_pre = 0.5·s_q + 0.5·s_l and the clamped final score from PIE-APP and content length (s). The VMAF gate is a separate check.',
      obj({ pieapp: num({ unit: 'PIE-APP (signed mean)' }), contentLengthS: num({ unit: 'seconds' }) }),
      ({ pieapp, contentLengthS }) => {
        const sQ = qualityScore(pieapp);
        const sL = lengthScore(contentLengthS);
        const sPre = 0.5 * sQ + 0.5 * sL;
        return { sQ, sL, sPre, sF: finalScore(sPre) };
      },
    ),
    'compression.rate': fn(
      'Compression rate = output/reference bytes, unclamped; a reference ≤ 0 raises.',
      obj({ referenceSizeBytes: num({ finite: true, unit: 'bytes' }), outputSizeBytes: num({ min: 0, finite: true, soft: true, unit: 'bytes' }) }),
      ({ referenceSizeBytes, outputSizeBytes }) => {
        if (!(referenceSizeBytes > 0)) throw new UpstreamError('ValueError: reference_bytes must be > 0');
        return { compressionRate: outputSizeBytes / referenceSizeBytes };
      },
    ),
    'compression.score': fn(
      'Compression score (0…0.893) from rate (output/reference), VMAF (0–100) and threshold, with the zone and both components.',
      obj({ compressionRate: num({ min: 0, soft: true, unit: 'output/reference' }), vmaf: num({ unit: '0-100' }), vmafThreshold: num({ unit: '0-100' }) }),
      ({ compressionRate, vmaf, vmafThreshold }) => compressionScore(compressionRate, vmaf, vmafThreshold),
    ),
    'accumulate.ewma': fn(
      'EWMA of cycle scores: 0.75·previous + 0.25·score; −1 excludes (returns −1), a previous −1 restarts from 0, other negative scores raise.',
      obj({ accumulateScore: num({ unit: 'previous EWMA' }), score: num({ unit: 'cycle score, ≥ 0 or −1' }) }),
      ({ accumulateScore, score }) => {
        finite('previous', accumulateScore);
        finite('score', score);
        if (score === EXCLUDED)
          return {
            accumulateScore: EXCLUDED,
            warnings: ['The cycle score is the −1 exclusion sentinel, so the accumulated score is −1 (excluded from weights).'],
          };
        if (score < 0) throw new UpstreamError('ValueError: cycle scores must be >= 0 (or exactly -1)');
        const previous = accumulateScore === EXCLUDED ? 0 : accumulateScore;
        return { accumulateScore: DECAY * previous + (1 - DECAY) * score };
      },
    ),
    'weights.trackShares': trackSharesFn(0.1),
  },
};
