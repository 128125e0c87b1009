/**
 * Rule pack `validator-vidaio@e76b503`: Vidaio SN85 as validators run it since tokenomics v3 (mainnet 2026-09-27),
 * vidAio-subnet/validator-vidaio 0.6.0 at e76b503a75add302a7fadbf6920cfe00ccef0b52, with the object-removal floor of
 * a26469652d73086519ea1bb2565f862562e009c3. Read from shared/reference/rules/vidaio-v3.md (§5 lists the functions):
 * item scores (upscaling, compression, removal) and their gates; the competition functions (`competition.*`) live in
 * ./competition*.ts. Under v3 regular inference earns nothing: miners are paid through competition places.
 * Non-finite metrics fail closed (raise), as upstream.
 */
import { UpstreamError, fn } from '../types.ts';
import { fromCode } from '../common.ts';
import type { ValidatorVidaioV3Functions, VidaioPackOf } from './functions.ts';
import { VALIDATOR_SERVED_INPUT_METRICS } from './metric-policy.ts';
import { arr, bool, int, nullable, num, obj, optional, str } from '../schema.ts';
import { pyMax, pyMin } from '../../math/py.ts';
import { PIQ_CONVENTION, finalScore, finite, lengthScore, qualityScore, trackSharesFn, validatorVidaio } from './validator-vidaio-b71f22d.ts';
import { MINIMUM_PAYOUT_SCORE } from './validator-vidaio-f396e47.ts';
import { digestMod } from './sha256.ts';
import { fsum } from './competition-decimal.ts';
import { evaluateGates, gateWarnings, gatesInput } from './v3-gates.ts';
import { competitionFunctions } from './competition-functions.ts';
import { REMOVAL_LPIPS_STRIDE, bestBaseline, lpipsOffset, outsideGate, scoreRemoval } from './v3-removal.ts';

const regionMetrics = obj({
  psnrDb: num({ unit: 'dB' }),
  ssim: num(),
  lpipsVgg: num(),
  warpError: num({ unit: '8-bit mean abs' }),
  maskedPixels: int({ unit: 'masked elements (pixels × 3)' }),
});
const pixel = arr(num(), { minLength: 3, maxLength: 3 });

/** Compression constants (vidaio/scoring/config.py at e76b503: :106 rate max, :121-123 default threshold, :157 band, 1.12 norm). */
export const COMPRESSION_RATE_MAX = 0.8;
export const DEFAULT_COMPRESSION_THRESHOLD = 90;
export const COMPRESSION_VMAF_BAND = 5;
export const COMPRESSION_NORM = 1.12;
/** PIE-APP frames per item (config.py:171 `pieapp_sample_window`). */
export const PIEAPP_SAMPLE_WINDOW = 4;

const clamp01 = (x: number) => pyMax(0, pyMin(1, x));

export type CompressionZeroReason = 'COMPRESSION_RATE_TOO_HIGH' | 'VMAF_BELOW_FLOOR' | 'VMAF_BELOW_THRESHOLD';

/** The zone names the earlier validator-vidaio packs use for the same three zero cases. */
const ZONE_OF: Record<CompressionZeroReason, string> = {
  COMPRESSION_RATE_TOO_HIGH: 'no-meaningful-compression',
  VMAF_BELOW_FLOOR: 'below-hard-cutoff',
  VMAF_BELOW_THRESHOLD: 'below-threshold',
};

/**
 * vidaio/scoring/compression.py `score_compression`@b71f22d (one stored version; e76b503 calls it unchanged): the rate
 * against the input bytes, zero at rate ≥ 0.80, VMAF < thr − 5 (floor) or VMAF < thr (near miss), else
 * min(1, (0.7·clamp01(1 − rate) + 0.3·VMAF/100)/1.12).
 */
export function scoreCompressionV3(candidateBytes: number, inputBytes: number, vmaf: number, vmafThreshold: number) {
  finite('vmaf', vmaf);
  finite('vmaf_threshold', vmafThreshold);
  if (inputBytes <= 0) throw new UpstreamError('ValueError: reference_bytes must be > 0');
  const compressionRate = candidateBytes / inputBytes;
  const compressionComponent = clamp01(1 - compressionRate);
  const qualityComponent = vmaf / 100;
  let zeroReason: CompressionZeroReason | null = null;
  if (compressionRate >= COMPRESSION_RATE_MAX) zeroReason = 'COMPRESSION_RATE_TOO_HIGH';
  else if (vmaf < vmafThreshold - COMPRESSION_VMAF_BAND) zeroReason = 'VMAF_BELOW_FLOOR';
  else if (vmaf < vmafThreshold) zeroReason = 'VMAF_BELOW_THRESHOLD';
  const final = zeroReason === null ? pyMin(1, (0.7 * compressionComponent + 0.3 * qualityComponent) / COMPRESSION_NORM) : 0;
  const zone = zeroReason === null ? 'above-threshold' : ZONE_OF[zeroReason];
  return { compressionRate, compressionComponent, qualityComponent, vmafThreshold, final, score: final, zeroReason, zone };
}

export const validatorVidaioV3: VidaioPackOf<ValidatorVidaioV3Functions> = {
  metrics: VALIDATOR_SERVED_INPUT_METRICS,
  id: 'validator-vidaio@e76b503',
  mechanism: 'vidaio',
  title: 'Vidaio SN85 tokenomics v3 (validator-vidaio 0.6.0): competitions, removal track, piq PIE-APP',
  ...fromCode(
    {
      repo: 'vidAio-subnet/validator-vidaio',
      paths: [
        'vidaio/scoring/config.py',
        'vidaio/scoring/gates.py',
        'vidaio/scoring/upscaling.py',
        'vidaio/scoring/compression.py',
        'vidaio/scoring/backends.py',
        'vidaio/scoring_worker/service.py',
        'vidaio/scoring/removal.py',
        'vidaio/tokenomics/weights.py',
      ],
      commit: 'e76b503a75add302a7fadbf6920cfe00ccef0b52',
    },
    {
      repo: 'vidAio-subnet/validator-vidaio',
      paths: ['vidaio/scoring/removal_formula.py', 'vidaio/scoring_worker/removal_backend.py', 'vidaio/scoring/result.py'],
      commit: 'a26469652d73086519ea1bb2565f862562e009c3',
    },
  ),
  inForce: { from: '2026-09-27' },
  pieapp: PIQ_CONVENTION,
  notes: [
    {
      kind: 'dates',
      text:
        'In force from 2026-09-27: e76b503 dates tokenomics v3 "2026-09-23" (vidaio/tokenomics/config.py:27) and "mainnet from 2026-09-27" ' +
        '(vidaio/tokenomics/weights.py:24); the pack takes the mainnet day. The removal floor comes from the later a264696 (date not in the reference), ' +
        'the newest stored commit, so the pack is the v3 regime as it stands today; no later change is known.',
    },
    {
      kind: 'difference',
      text:
        'Versus validator-vidaio@688b671, payout: under tokenomics v3 regular inference scoring earns nothing (idle, podium and crown inference shares 0); ' +
        'miners are paid through competition places (crown 90/4/3/2/1, podium 50/24/13/8/5, empty places redistributed, a 168-hour window), and an idle subnet burns. ' +
        'An entry score is the plain mean of its item scores over the full item set, failed gates counting 0.',
    },
    {
      kind: 'difference',
      text:
        'Versus 688b671, tracks and gates: a third track, object removal (PSNR in the mask, LPIPS-VGG, DIS warp error, scored against the better of a free ' +
        'temporal-median fill and the unchanged input, 1.5 dB margin), and every gate of vidaio/scoring/gates.py evaluated without short-circuit ' +
        '(codec allowlist, exact frame count, file-size caps, rate, VMAF floor, model delta, tone, grayscale, chroma, stream checks, outside-mask change).',
    },
    {
      kind: 'difference',
      text:
        'Versus 688b671, formulas: compression.score now takes the byte counts and names the zero reason (COMPRESSION_RATE_TOO_HIGH, VMAF_BELOW_FLOOR, ' +
        'VMAF_BELOW_THRESHOLD); upscaling.score takes the four piq PIE-APP frame scores (fsum/4, signed, no cap) and upscaling.startFrame derives their ' +
        'start. The arithmetic of both formulas is unchanged since the launch.',
    },
    {
      kind: 'gap',
      text:
        'Unconfirmed upstream (shared/reference/rules/vidaio-v3.md §5): the producers of MASK_MISSING and the MINER_* gate codes; per-item sealed VMAF ' +
        'variants; whether production reaches no_qualifier_closes_window; byte identity of the piq and pyiqa PieAPP weights and the size of their score gap; ' +
        'the competition clip corpus; the removal occluder parameters.',
    },
  ],
  functions: {
    // competition.* and weights.compose (competition-functions.ts).
    ...competitionFunctions,
    'upscaling.qualityScore': validatorVidaio.functions['upscaling.qualityScore']!,
    'upscaling.lengthScore': validatorVidaio.functions['upscaling.lengthScore']!,
    'upscaling.finalScore': validatorVidaio.functions['upscaling.finalScore']!,
    'upscaling.startFrame': fn(
      'PIE-APP start frame = sha256(reference sha256 hex ‖ 0x00 ‖ challenge id) as a big-endian integer mod (N − 3), N = canonical reference frames; N < 4 raises.',
      obj({ referenceSha256Hex: str(), challengeId: str(), frameCount: int({ unit: 'canonical reference frames' }) }),
      ({ referenceSha256Hex, challengeId, frameCount }) => {
        const usable = pyMax(0, frameCount - PIEAPP_SAMPLE_WINDOW + 1);
        if (usable < 1) throw new UpstreamError('ValueError: usable_frames must be >= 1');
        const startFrame = digestMod(referenceSha256Hex, challengeId, usable);
        return { startFrame, usableFrames: usable, frames: [startFrame, startFrame + 1, startFrame + 2, startFrame + 3] };
      },
    ),
    'upscaling.score': fn(
      'Upscaling item score from the piq PIE-APP of 4 consecutive frames (fsum/4, signed, no cap) or their mean, and the content length L (s): s_q = 1/(1 + max(0, p)), s_l = min(1, ln(1+L)/ln 321), final = clamp01(0.1·e^(6.979(s_pre − 0.5))).',
      obj({
        frameScores: optional(arr(num({ unit: 'piq PIE-APP per frame' }), { minLength: 1 })),
        pieapp: optional(num({ unit: 'piq PIE-APP, 4-frame mean' })),
        contentLengthS: num({ unit: 'seconds' }),
      }),
      ({ frameScores, pieapp, contentLengthS }) => {
        if ((frameScores === undefined) === (pieapp === undefined))
          throw new UpstreamError('give either frameScores (the 4 frame values) or pieapp (their mean), not both or neither');
        let p: number;
        if (frameScores !== undefined) {
          for (const v of frameScores) finite('pieapp frame score', v);
          p = fsum(frameScores) / frameScores.length;
        } else p = pieapp!;
        const sQ = qualityScore(p);
        const sL = lengthScore(contentLengthS);
        const sPre = 0.5 * sQ + 0.5 * sL;
        const sF = finalScore(sPre);
        const warnings =
          frameScores !== undefined && frameScores.length !== PIEAPP_SAMPLE_WINDOW
            ? [`upstream samples ${PIEAPP_SAMPLE_WINDOW} frames; ${frameScores.length} were given`]
            : undefined;
        return { pieapp: p, sQ, sL, sPre, sF, final: sF, ...(warnings ? { warnings } : {}) };
      },
    ),
    'compression.rate': validatorVidaio.functions['compression.rate']!,
    'compression.score': fn(
      'Compression item score (0…0.893) from output and served-input bytes, VMAF of the output against the served input (vmaf_v0.6.1 mean, 0–100) and the threshold (default 90), with the zero reason.',
      obj({
        candidateBytes: int({ unit: 'output bytes' }),
        inputBytes: int({ unit: 'served input bytes' }),
        vmaf: num({ unit: '0-100, against the served input' }),
        vmafThreshold: optional(num({ unit: '0-100' }), DEFAULT_COMPRESSION_THRESHOLD),
      }),
      ({ candidateBytes, inputBytes, vmaf, vmafThreshold }) => scoreCompressionV3(candidateBytes, inputBytes, vmaf, vmafThreshold as number),
    ),
    'pieapp.fromPyiqa': fn(
      'piq 0.8.0 vs pyiqa 0.1.14.1 on RGB pixels in 0…1 (what piq is given): the network input piq builds (×255, RGB as given) and the input that makes pyiqa, which flips RGB to BGR, build the same (the channels swapped).',
      obj({ pixels: arr(pixel) }),
      ({ pixels }) => {
        for (const [i, px] of pixels.entries())
          for (const v of px)
            if (!(v >= 0 && v <= 1)) throw new UpstreamError(`AssertionError: piq requires 0 <= x <= data_range (1.0); pixels[${i}] has ${v}`);
        return {
          networkInput: pixels.map((px) => px.map((v) => (v / 1.0) * 255)),
          pyiqaInput: pixels.map(([r, g, b]) => [b!, g!, r!]),
          networkChannelOrderPiq: 'rgb',
          networkChannelOrderPyiqa: 'bgr',
        };
      },
    ),
    'gates.evaluate': fn(
      'Every validity gate for one item (no short-circuit): stream checks, codec allowlist, exact frame count, size cap (upscaling), rate (compression), VMAF floor, model delta, tone/grayscale/chroma, outside-mask change (removal) → violations with reason codes.',
      gatesInput,
      (x) => {
        const r = evaluateGates(x);
        const warnings = gateWarnings(x);
        return warnings.length ? { ...r, warnings } : r;
      },
    ),
    'removal.lpipsOffset': fn(
      'LPIPS frame offset = sha256(reference sha256 hex ‖ 0x00 ‖ challenge id) mod the stride (4); masked frames with (count + offset) mod 4 = 0 are sampled.',
      obj({ referenceSha256Hex: str(), challengeId: str(), stride: optional(int(), REMOVAL_LPIPS_STRIDE) }),
      ({ referenceSha256Hex, challengeId, stride }) => ({ lpipsOffset: lpipsOffset(referenceSha256Hex, challengeId, stride as number) }),
    ),
    'removal.bestBaseline': fn(
      'Removal floor = best of the baselines (median fill, unchanged served input): max PSNR, max SSIM, min LPIPS; warp error and pixel count of the first.',
      obj({ baselines: arr(regionMetrics) }),
      ({ baselines }) => bestBaseline(baselines),
    ),
    'removal.score': fn(
      'Removal item score: 0 if PSNR < floor + 1.5 dB or warp error > 5·max(warp_ref, 0.5); else clamp01(0.6·clamp01((PSNR − floor)/8) + 0.4·clamp01((floor LPIPS − LPIPS)/floor LPIPS)).',
      obj({
        metrics: regionMetrics,
        floor: obj({ psnrDb: num({ unit: 'dB' }), lpipsVgg: num(), ssim: optional(num()), warpError: optional(num()), maskedPixels: optional(int()) }),
        warpErrorReference: num(),
      }),
      ({ metrics, floor, warpErrorReference }) => scoreRemoval(metrics, floor, warpErrorReference),
    ),
    'removal.outsideGate': fn(
      'Outside-mask identity gate: passes iff the max per-frame mean abs RGB change against the served input outside the mask is ≤ 3.0.',
      obj({ outsideChange: num({ unit: '8-bit mean abs' }) }),
      ({ outsideChange }) => outsideGate(outsideChange),
    ),
    'item.compose': fn(
      'Item score (0…1): the breakdown final when every gate passed, else 0; a content equal-share score (0, 1] replaces it whatever the gates (vidaio/scoring/result.py compose_item_score@a264696).',
      obj({
        gatePassed: bool(),
        final: nullable(num({ unit: 'breakdown.final, 0-1; null = no breakdown' })),
        sharedScore: optional(nullable(num({ unit: 'content equal-share, (0, 1]' })), null),
        duplicateWitness: optional(bool(), true),
      }),
      ({ gatePassed, final, sharedScore, duplicateWitness }) => {
        // The composed score is validated (ItemScore: finite, in [0, 1]); a final that a failed gate discards is not.
        if (gatePassed && final !== null && !(final >= 0 && final <= 1)) throw new UpstreamError(`ValueError: final must be in [0, 1], got ${final}`);
        let score = gatePassed && final !== null ? final : 0;
        const shared = sharedScore ?? null;
        if (shared !== null) {
          if (!(shared > 0 && shared <= 1)) throw new UpstreamError('ValueError: shared_score must be in (0, 1]');
          if (duplicateWitness === false) throw new UpstreamError('ValueError: shared_score requires the content_duplicate_witness metric');
          score = shared;
        }
        return { score, source: shared !== null ? 'shared' : gatePassed && final !== null ? 'breakdown' : 'gates-failed' };
      },
    ),
    'accumulate.ewma': validatorVidaio.functions['accumulate.ewma']!,
    'weights.trackShares': trackSharesFn(MINIMUM_PAYOUT_SCORE),
  },
};
