/**
 * The whole Vidaio check as a validator runs it, for one miner result: media checks, the VMAF the pack pools (model,
 * pooling, frame sampling), PIE-APP aggregation, the score from the pack's functions, the formula with the numbers
 * filled in, the reason for any zero, and headroom. Pure: inputs are probe facts and per-frame metrics already
 * measured; the UI and the CLI only render what this returns.
 *
 * How each pack measures (see shared/reference/rules/vidaio.md §1.3, §2.4, §7):
 * - vidaio-subnet@fea3779: upscaling gate on vmaf_v0.6.1, harmonic mean of frames > 0 after a random skip K and
 *   subsample N; compression on vmaf_v0.6.1neg, harmonic mean of frames > 0 over every frame, plus the base model
 *   for the |base − NEG| ≤ 3 gate.
 * - validator-vidaio@b71f22d: vmaf_v0.6.1, arithmetic mean over every frame (`pool=mean`), for both tasks; the
 *   delta gate is kept.
 * - vidaio-seed: the seed names neither model nor pooling; Preflight uses vmaf_v0.6.1 pooled as libvmaf's
 *   harmonic mean and says so.
 */
import { callPackFunction, hasFunction } from '../call.ts';
import { getPack } from '../index.ts';
import type { VidaioPack } from './functions.ts';
import type { MetricPolicy, VmafPooling } from './metric-policy.ts';
import { harmonicMeanLibvmaf, harmonicMeanPositive, mean } from '../../metrics/pooling.ts';
import {
  checkCompressionMedia,
  checkCompressionMediaNext,
  checkCompressionVmaf,
  checkUpscalingMedia,
  checkUpscalingMediaNext,
  UPSCALING_VMAF_GATE,
  type CheckFailure,
  type CompressionTask,
  type MediaFacts,
} from './checks.ts';
import { qualityScore as feaQualityScore, vidaioSubnet } from './vidaio-subnet-fea3779.ts';

export type { MetricPolicy, VmafPooling } from './metric-policy.ts';

const NO_SEED_CHECKS =
  'The seed document defines no media checks (codec, resolution, frame count…); pick vidaio-subnet@fea3779 or validator-vidaio@b71f22d to see the checks a validator runs.';

/** The metric policy of a registered Vidaio pack (each pack carries its own `metrics`). */
export function policyFor(packId: string): MetricPolicy {
  const p = getPack(packId, 'vidaio');
  if (!p) throw new Error(`no Vidaio pack ${packId}`);
  return p.metrics;
}

/** Pools per-frame VMAF the way `pooling` names; NaN (with the reason) when the validator would raise. */
export function poolVmaf(frames: readonly number[], pooling: VmafPooling): { value: number; error: string | null } {
  if (frames.length === 0) return { value: NaN, error: 'no frames were scored' };
  if (pooling === 'mean') return { value: mean(frames), error: null };
  if (pooling === 'harmonic-libvmaf') return { value: harmonicMeanLibvmaf(frames), error: null };
  try {
    return { value: harmonicMeanPositive(frames), error: null };
  } catch {
    return { value: NaN, error: 'every frame scored 0: the validator raises ("No valid (> 0) scores") and the result is 0' };
  }
}

/**
 * Structural subset of a media probe (src/media/probe.ts) that the checks need: the facts, with the pixel format,
 * sample aspect ratio and frame rate as the probe gives them, and the container's bit rate.
 */
export interface ProbeLike extends Omit<MediaFacts, 'pixFmt' | 'sar' | 'avgFps'> {
  pixFmt: string | null;
  sar: { num: number; den: number } | null;
  fps: number;
  formatBitRate?: number | null;
}

/** ffprobe's view of a probe: ISO BMFF files are `mov,mp4,m4a,3gp,3g2,mj2`, SAR `N:D` (1:1 when untagged). */
export function factsFromProbe(p: ProbeLike): MediaFacts {
  return {
    codec: p.codec,
    profile: p.profile,
    container: p.container === 'mp4' ? 'mov,mp4,m4a,3gp,3g2,mj2' : p.container,
    pixFmt: p.pixFmt ?? 'unknown',
    sar: p.sar ? `${p.sar.num}:${p.sar.den}` : '1:1',
    avgFps: p.fps,
    frameCount: p.frameCount,
    width: p.width,
    height: p.height,
    colorSpace: p.colorSpace,
    colorTransfer: p.colorTransfer,
    colorPrimaries: p.colorPrimaries,
    sizeBytes: p.sizeBytes,
    bitRate: p.bitRate ?? p.formatBitRate ?? null,
  };
}

const fmt = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

// ---------------------------------------------------------------------------------------------------------------
// Compression

export interface CompressionInput {
  pack: VidaioPack;
  reference: MediaFacts;
  output: MediaFacts;
  task: CompressionTask & { vmafThreshold: number };
  /** Per-frame scores of the models the policy needs (vmaf = v0.6.1, vmaf_neg = v0.6.1neg). */
  frames: { vmaf?: readonly number[]; vmaf_neg?: readonly number[] };
}

export interface Evaluation {
  packId: string;
  /** The final score the validator records (0 on any failed check), or NaN when it cannot be computed. */
  score: number;
  /** Failed checks in the validator's order, with their outcome (zero / void). */
  failures: CheckFailure[];
  /** One plain-language reason per zero or warning, in order. */
  reasons: string[];
  /** The formula with the numbers filled in, one line per step. */
  formula: string[];
  /** Everything the pack returned and the pooled metrics, flat, for history and export. */
  values: Record<string, number | string | boolean | null>;
  /** Hints such as "1.8 VMAF points above the gate". */
  headroom: string[];
}

export function evaluateCompression(input: CompressionInput): Evaluation {
  const { pack, task } = input;
  const policy = pack.metrics;
  const failures =
    policy.checks === 'fea3779'
      ? [...checkCompressionMedia(input.output, input.reference, task).failures]
      : policy.checks === 'validator-vidaio'
        ? [...checkCompressionMediaNext(input.output, input.reference).failures]
        : [];
  const reasons: string[] = policy.checks === 'none' ? [NO_SEED_CHECKS] : [];
  const formula: string[] = [];
  const headroom: string[] = [];
  const scored = policy.compressionModel === 'vmaf_v0.6.1neg' ? input.frames.vmaf_neg : input.frames.vmaf;
  const scoredName = policy.compressionModel === 'vmaf_v0.6.1neg' ? 'VMAF NEG' : 'VMAF';
  const pooled = poolVmaf(scored ?? [], policy.compressionPooling);
  const base = input.frames.vmaf ? poolVmaf(input.frames.vmaf, policy.compressionPooling) : null;
  const neg = input.frames.vmaf_neg ? poolVmaf(input.frames.vmaf_neg, policy.compressionPooling) : null;
  if (pooled.error) reasons.push(`${scoredName}: ${pooled.error}`);
  if (policy.deltaGate && base && neg && !base.error && !neg.error) failures.push(...checkCompressionVmaf(neg.value, base.value).failures);

  const { compressionRate } = callPackFunction(pack, 'compression.rate', {
    referenceSizeBytes: input.reference.sizeBytes,
    outputSizeBytes: input.output.sizeBytes,
  });
  formula.push(
    `C = output / reference = ${input.output.sizeBytes} / ${input.reference.sizeBytes} bytes = ${fmt(compressionRate, 6)}${compressionRate > 0 ? ` (${fmt(1 / compressionRate, 2)}× smaller)` : ''}`,
  );
  formula.push(
    `${scoredName} (${policy.compressionPooling === 'mean' ? 'arithmetic mean' : policy.compressionPooling === 'harmonic-positive' ? 'harmonic mean of frames > 0' : 'libvmaf harmonic mean'}) = ${fmt(pooled.value, 3)}; threshold ${task.vmafThreshold}`,
  );

  let packResult: { score?: number; zone?: string; compressionComponent?: number; qualityComponent?: number } = {};
  let score = NaN;
  if (!pooled.error) {
    try {
      // v3 (its table has the gates) scores bytes against the served input; earlier packs score the rate.
      packResult = hasFunction(pack, 'gates.evaluate')
        ? callPackFunction(pack, 'compression.score', {
            candidateBytes: input.output.sizeBytes,
            inputBytes: input.reference.sizeBytes,
            vmaf: pooled.value,
            vmafThreshold: task.vmafThreshold,
          })
        : callPackFunction(pack, 'compression.score', { compressionRate, vmaf: pooled.value, vmafThreshold: task.vmafThreshold });
      score = packResult.score!;
    } catch (err) {
      reasons.push(`The validator raises on these numbers: ${(err as Error).message}`);
    }
  }
  const zone = packResult.zone;
  if (zone) {
    const cc = packResult.compressionComponent;
    const qc = packResult.qualityComponent;
    if (policy.formulas === 'vidaio-subnet') {
      const R = 1 / compressionRate;
      if (zone === 'above-threshold') {
        formula.push(`R = 1/C = ${fmt(R, 3)}; compression ${R <= 20 ? `((R − 1.25)/18.75)^0.9` : `1 + 0.1·ln(R/20)`} = ${fmt(cc!)}`);
        formula.push(`quality 0.7 + 0.3·min(1, (VMAF − thr)/(100 − thr)) = ${fmt(qc!)}`);
        formula.push(`score = min(1, (0.7·${fmt(cc!)} + 0.3·${fmt(qc!)}) / 1.12) = ${fmt(score)}`);
      } else if (zone === 'soft-zone') {
        formula.push(
          `soft zone (thr − 5 ≤ VMAF < thr): quality 0.7·((VMAF − thr + 5)/5)² = ${fmt(qc!)}; compression ${R <= 20 ? '((R − 1)/19)^1.5' : '1 + 0.3·ln(R/20)'} = ${fmt(cc!)}`,
        );
        formula.push(`score = min(1, ${fmt(cc!)}·${fmt(qc!)} / 1.12) = ${fmt(score)}`);
      }
    } else if (policy.formulas === 'validator-vidaio' && zone === 'above-threshold') {
      formula.push(`score = min(1, (0.7·clamp(1 − C, 0, 1) + 0.3·VMAF/100) / 1.12) = min(1, (0.7·${fmt(cc!)} + 0.3·${fmt(qc!)}) / 1.12) = ${fmt(score)}`);
    } else if (policy.formulas === 'seed' && zone === 'above-threshold') {
      formula.push(`S_f = 0.8·(1 − C^1.5) + 0.2·(VMAF − thr)/(100 − thr) = ${fmt(score)}`);
    }
    const zoneReason: Record<string, string> = {
      'no-meaningful-compression': `C = ${fmt(compressionRate, 4)} ≥ 0.80: less than 1.25× compression scores 0`,
      'below-hard-cutoff': `${scoredName} ${fmt(pooled.value, 3)} is below the hard cutoff ${task.vmafThreshold - 5} (threshold − 5): score 0`,
      'below-threshold': `${scoredName} ${fmt(pooled.value, 3)} is below the threshold ${task.vmafThreshold}: score 0`,
      'soft-zone': `${scoredName} ${fmt(pooled.value, 3)} is in the soft zone ${task.vmafThreshold - 5}…${task.vmafThreshold}: quality factor reduced quadratically`,
    };
    if (zoneReason[zone]) reasons.push(zoneReason[zone]!);
    // Headroom: distance to the gate, and the size that reaches the next kink of the compression curve.
    if (Number.isFinite(pooled.value)) {
      const d = pooled.value - task.vmafThreshold;
      headroom.push(
        d >= 0 ? `${fmt(d, 2)} VMAF points above the ${task.vmafThreshold} gate` : `${fmt(-d, 2)} VMAF points short of the ${task.vmafThreshold} gate`,
      );
    }
    const ref = input.reference.sizeBytes;
    if (compressionRate >= 0.8) headroom.push(`needs ≤ ${Math.floor(ref * 0.8 - 1)} bytes (C < 0.80) to score at all`);
    else if (policy.formulas === 'vidaio-subnet' && 1 / compressionRate < 20)
      headroom.push(`at this VMAF the next kink (20×, where the log bonus starts) needs ≤ ${Math.floor(ref / 20)} bytes (now ${input.output.sizeBytes})`);
  }
  const zeroing = failures.filter((f) => f.outcome === 'zero');
  const voiding = failures.filter((f) => f.outcome === 'void');
  for (const f of failures) reasons.unshift(`${f.outcome === 'void' ? 'Voided (−100)' : 'Scored 0'}: ${f.message} [${f.line}]`);
  const final = voiding.length ? -100 : zeroing.length ? 0 : score;
  return {
    packId: pack.id,
    score: final,
    failures,
    reasons,
    formula,
    headroom,
    values: {
      score: final,
      formulaScore: Number.isFinite(score) ? score : null,
      zone: zone ?? null,
      compressionRate,
      vmafThreshold: task.vmafThreshold,
      vmafPooled: pooled.value,
      vmafBase: base?.value ?? null,
      vmafNeg: neg?.value ?? null,
      compressionComponent: packResult.compressionComponent ?? null,
      qualityComponent: packResult.qualityComponent ?? null,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Upscaling

export interface UpscalingInput {
  pack: VidaioPack;
  output: MediaFacts;
  reference: MediaFacts;
  /** The low-resolution payload; when absent the size cap and resolution checks use `payloadSize`. */
  payload: MediaFacts | null;
  scaleFactor: 2 | 4;
  contentLengthS: number;
  /** Per-frame vmaf_v0.6.1 of the frames the validator would score. */
  vmafFrames: readonly number[];
  /** Per-frame PIE-APP of the 4-frame window (raw, signed); null when PIE-APP is not available. */
  pieappFrames: readonly number[] | null;
  /** S_Q typed by the user (used when PIE-APP is not available, or for the seed). */
  manualSQ: number | null;
}

export function evaluateUpscaling(input: UpscalingInput): Evaluation {
  const { pack } = input;
  const policy = pack.metrics;
  const reasons: string[] = [];
  const formula: string[] = [];
  const headroom: string[] = [];
  const failures: CheckFailure[] = [];
  if (policy.checks === 'none') reasons.push(NO_SEED_CHECKS);
  else if (!input.payload) reasons.push('No payload given: the size cap (×8 / ×20 of the payload) and the exact-resolution check were skipped.');
  else if (policy.checks === 'fea3779')
    failures.push(...checkUpscalingMedia(input.output, input.reference, input.payload, { scaleFactor: input.scaleFactor }).failures);
  else failures.push(...checkUpscalingMediaNext(input.output, input.reference, input.payload, { scaleFactor: input.scaleFactor }).failures);

  const vmaf = poolVmaf(input.vmafFrames, policy.upscalingPooling);
  if (vmaf.error) reasons.push(`VMAF: ${vmaf.error}`);
  formula.push(
    `VMAF v0.6.1 (${policy.upscalingPooling === 'mean' ? 'arithmetic mean' : policy.upscalingPooling === 'harmonic-positive' ? 'harmonic mean of frames > 0' : 'libvmaf harmonic mean'}) = ${fmt(vmaf.value, 3)}; gate ${UPSCALING_VMAF_GATE}`,
  );

  let pieapp: number | null = null;
  let sQ: number | null = input.manualSQ;
  let partial = false;
  if (input.pieappFrames && input.pieappFrames.length) {
    if (policy.pieapp === 'validator-vidaio') {
      pieapp = mean(input.pieappFrames);
      formula.push(`PIE-APP = signed mean of ${input.pieappFrames.length} frames = ${fmt(pieapp)}`);
    } else {
      const agg = callPackFunction(getAggregatePack(pack), 'upscaling.pieappAggregate', { frameScores: [...input.pieappFrames] });
      pieapp = agg.pieapp;
      formula.push(`PIE-APP = min(2, mean |frame|) over ${input.pieappFrames.length} frames = ${fmt(pieapp)}`);
    }
    if (policy.pieapp === 'seed-borrows-fea3779' && input.manualSQ === null) {
      sQ = feaQualityScore(pieapp);
      reasons.push("The seed gives no PIE-APP → S_Q mapping; S_Q uses vidaio-subnet@fea3779's mapping.");
    }
  } else if (sQ === null) {
    partial = true;
    reasons.push('PIE-APP is not available (model not installed) and no S_Q was entered: the score is partial.');
  }

  let values: Record<string, number | string | boolean | null> = { vmafPooled: vmaf.value, pieapp, contentLengthS: input.contentLengthS };
  let score = NaN;
  try {
    if (hasFunction(pack, 'upscaling.pieappAggregate')) {
      if (pieapp === null && sQ !== null) {
        const c = callPackFunction(pack, 'upscaling.combine', { sQ, contentLengthS: input.contentLengthS });
        const gated = vmaf.value / 100 < 0.5;
        values = { ...values, sQ, sL: c.sL, sPre: c.sPre, sF: gated ? 0 : c.sF, reason: gated ? 'vmaf-too-low' : 'success' };
      } else if (pieapp !== null) {
        const { warnings: _w, ...r } = callPackFunction(pack, 'upscaling.score', { vmaf: vmaf.value, pieapp, contentLengthS: input.contentLengthS });
        values = { ...values, ...r };
      }
    } else if (hasFunction(pack, 'accumulate.ewma')) {
      if (pieapp !== null) {
        // From v3 on (the table with the gates) the pack takes the frame values and pools them as upstream does (math.fsum / 4).
        if (hasFunction(pack, 'gates.evaluate')) {
          const { warnings: _w, ...r } = callPackFunction(pack, 'upscaling.score', {
            frameScores: [...input.pieappFrames!],
            contentLengthS: input.contentLengthS,
          });
          values = { ...values, ...r };
        } else values = { ...values, ...callPackFunction(pack, 'upscaling.score', { pieapp, contentLengthS: input.contentLengthS }), pieapp };
      } else if (sQ !== null) {
        const sL = callPackFunction(pack, 'upscaling.lengthScore', { contentLengthS: input.contentLengthS }).sL;
        const sPre = 0.5 * sQ + 0.5 * sL;
        values = { ...values, sQ, sL, sPre, sF: callPackFunction(pack, 'upscaling.finalScore', { sPre }).sF };
      }
      if (vmaf.value / 100 < 0.5 && typeof values.sF === 'number') values = { ...values, sF: 0, reason: 'vmaf-too-low' };
    } else if (sQ !== null) {
      const { warnings: _w, ...c } = callPackFunction(pack, 'upscaling.combine', { sQ, contentLengthS: input.contentLengthS });
      values = { ...values, sQ, ...c };
      if (vmaf.value / 100 < 0.5) values = { ...values, sF: 0, reason: 'vmaf-too-low' };
    }
  } catch (err) {
    reasons.push(`The validator raises on these numbers: ${(err as Error).message}`);
  }
  if (typeof values.sF === 'number') score = values.sF;
  if (values.reason === 'vmaf-too-low' || (Number.isFinite(vmaf.value) && vmaf.value < UPSCALING_VMAF_GATE))
    reasons.push(`VMAF ${fmt(vmaf.value, 3)} is below the gate of ${UPSCALING_VMAF_GATE}: score 0`);
  if (typeof values.sQ === 'number' && typeof values.sL === 'number') {
    formula.push(
      `S_Q = ${fmt(values.sQ as number)}${pieapp === null ? ' (entered)' : policy.formulas === 'validator-vidaio' ? ' = 1/(1 + max(0, PIE-APP))' : pieapp !== null ? ' = 1 − (g(σ(p)) − g(σ(0)))/(g(σ(2)) − g(σ(0))), g(y) = (1 − log10(y+1)/log10 3.5)^2.5' : ' (entered)'}`,
    );
    formula.push(`S_L = ln(1 + ${input.contentLengthS})/ln(321)${policy.formulas === 'validator-vidaio' ? ' capped at 1' : ''} = ${fmt(values.sL as number)}`);
    formula.push(`S_pre = 0.5·S_Q + 0.5·S_L = ${fmt(values.sPre as number)}`);
    formula.push(`S_F = 0.1·exp(6.979·(S_pre − 0.5))${policy.formulas === 'validator-vidaio' ? ' clamped to [0, 1]' : ''} = ${fmt(values.sF as number)}`);
  }
  if (Number.isFinite(vmaf.value)) {
    const d = vmaf.value - UPSCALING_VMAF_GATE;
    headroom.push(d >= 0 ? `${fmt(d, 2)} VMAF points above the gate of ${UPSCALING_VMAF_GATE}` : `${fmt(-d, 2)} VMAF points short of the gate`);
  }
  if (typeof values.sF === 'number' && policy.formulas === 'vidaio-subnet') {
    const sF = values.sF as number;
    headroom.push(
      sF > 0.32
        ? 'S_F above 0.32: this result counts toward the bonus'
        : sF < 0.07
          ? 'S_F below 0.07: this result counts toward penalty_f'
          : 'S_F between 0.07 and 0.32: neither bonus nor penalty_f',
    );
  }
  for (const f of failures) reasons.unshift(`${f.outcome === 'void' ? 'Voided (−100)' : 'Scored 0'}: ${f.message} [${f.line}]`);
  const final = failures.some((f) => f.outcome === 'void') ? -100 : failures.length ? 0 : score;
  return {
    packId: pack.id,
    score: partial ? NaN : final,
    failures,
    reasons,
    formula,
    headroom,
    // Results record the PIE-APP convention (library and channel order) the pack prescribes.
    values: {
      ...values,
      score: partial ? null : final,
      partial,
      scaleFactor: input.scaleFactor,
      pieappConvention: pieapp !== null ? (pack.pieapp?.id ?? null) : null,
    },
  };
}

/** The pack whose `upscaling.pieappAggregate` applies: the pack itself, else fea3779's (the seed borrows it). */
function getAggregatePack(pack: VidaioPack) {
  return hasFunction(pack, 'upscaling.pieappAggregate') ? pack : vidaioSubnet;
}
