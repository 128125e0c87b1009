/**
 * Validator-randomness envelope for Vidaio upscaling. The validator scores a random sample: VMAF after dropping
 * frames 0…K (K uniform in 0…fps−1; `select=gt(n\,K)`, omitted when K = 0) and keeping every N-th frame
 * (N uniform in 20…29), and PIE-APP on 4 consecutive frames from a uniform start (vidaio.md §1.3–1.4). From the
 * per-frame features of the whole clip, each draw is reproduced exactly: the first frame libvmaf sees after the
 * select has no previous frame, so its motion2 is 0 and its VMAF is re-predicted with motion2 = 0; the other
 * sampled frames keep their true neighbours (libvmaf computes motion on every frame, even when subsampling).
 * Monte-Carlo over the draws with a seeded RNG gives P5/P50/P95 of the final score and P(VMAF below the gate).
 * On a short clip the skip can run past the last frame (K + 1 ≥ frame count): such a draw samples nothing, and
 * what the validator makes of an empty VMAF log is not a VMAF below the gate, so those draws are counted apart
 * (`emptyDraws`) and left out of the percentiles and of P(below gate), which are over the draws that sample at
 * least one frame. When the final score cannot be computed (no PIE-APP and no S_Q typed) the score callback returns
 * null and the envelope's score is null: the VMAF spread and the gate probability are still exact.
 */
import { drawPieappWindow, drawVidaioSampling } from '../video/sampling.ts';
import { mulberry32 } from '../math/rng.ts';
import { percentile } from '../metrics/pooling.ts';
import { predictVmaf, type VmafFeatures, type VmafModel } from '../metrics/vmaf/index.ts';

export interface EnvelopeInput {
  /** Per-frame float features of the whole clip (vif_scale0..3, adm2, motion2), in frame order. */
  features: readonly VmafFeatures[];
  /** The vmaf_v0.6.1 model. */
  model: VmafModel;
  /** Reference frame rate (the validator draws K in 0…trunc(fps)−1). */
  fps: number;
  /** Per-frame PIE-APP of every frame, or null (then `fixedPieappFrames` is used for every draw). */
  pieappPerFrame: readonly number[] | null;
  fixedPieappFrames: readonly number[] | null;
  /** Maps (sampled per-frame VMAFs, PIE-APP window) to the final score (null: not computable, e.g. no S_Q) and
   * the pooled VMAF. Only called with at least one frame. */
  score: (vmafFrames: number[], pieappFrames: number[] | null) => { score: number | null; vmaf: number };
  gate: number;
  draws?: number;
  seed?: number;
}

export interface Envelope {
  draws: number;
  seed: number;
  /** Spread of the final score over the draws that sample a frame; null when the score needs an input not given. */
  score: { p5: number; p50: number; p95: number; min: number; max: number } | null;
  vmaf: { p5: number; p50: number; p95: number };
  /** Draws whose skip runs past the last frame, so that nothing is sampled (not counted as below the gate). */
  emptyDraws: number;
  /** Fraction of the draws that sample at least one frame whose pooled VMAF is below the gate (NaN if none do). */
  pBelowGate: number;
}

/** VMAFs of the frames one draw scores, with the first sampled frame re-predicted at motion2 = 0. */
export function sampledVmafs(features: readonly VmafFeatures[], model: VmafModel, skip: number, subsample: number): number[] {
  const first = skip === 0 ? 0 : skip + 1;
  const out: number[] = [];
  for (let i = first; i < features.length; i += subsample) {
    const f = features[i]!;
    out.push(predictVmaf(model, i === first ? { ...f, motion2: 0 } : f));
  }
  return out;
}

export function upscalingEnvelope(input: EnvelopeInput): Envelope {
  const draws = input.draws ?? 500;
  const seed = input.seed ?? 1;
  const rng = mulberry32(seed);
  const scores: number[] = [];
  const vmafs: number[] = [];
  let below = 0;
  let empty = 0;
  let scoreMissing = false;
  for (let d = 0; d < draws; d++) {
    const { skip, subsample } = drawVidaioSampling(rng, input.fps);
    const frames = sampledVmafs(input.features, input.model, skip, subsample);
    let pie: number[] | null = input.fixedPieappFrames ? [...input.fixedPieappFrames] : null;
    if (input.pieappPerFrame && input.pieappPerFrame.length) {
      const w = drawPieappWindow(rng, input.pieappPerFrame.length);
      pie = w.indices.map((i) => input.pieappPerFrame![i]!);
    }
    if (frames.length === 0) {
      empty++;
      continue;
    }
    const r = input.score(frames, pie);
    if (r.score === null) scoreMissing = true;
    else scores.push(r.score);
    vmafs.push(r.vmaf);
    if (!(r.vmaf >= input.gate)) below++;
  }
  const finite = (v: number[]) => v.filter(Number.isFinite);
  const s = finite(scores);
  const v = finite(vmafs);
  const pct = (arr: number[], p: number) => (arr.length ? percentile(arr, p) : NaN);
  const sampled = draws - empty;
  return {
    draws,
    seed,
    score: scoreMissing
      ? null
      : { p5: pct(s, 5), p50: pct(s, 50), p95: pct(s, 95), min: s.length ? Math.min(...s) : NaN, max: s.length ? Math.max(...s) : NaN },
    vmaf: { p5: pct(v, 5), p50: pct(v, 50), p95: pct(v, 95) },
    emptyDraws: empty,
    pBelowGate: sampled > 0 ? below / sampled : NaN,
  };
}
