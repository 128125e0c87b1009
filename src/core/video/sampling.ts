/**
 * Frame-selection plans, as pure functions. A plan says which (distorted, reference) frame pairs enter the
 * metric pipeline ("processed", like the frames that pass an ffmpeg `select` and reach libvmaf) and which of
 * those are scored (libvmaf `n_subsample`: processed index % n == 0, libvmaf.c `vmaf_read_pictures`,
 * Netflix/vmaf libvmaf/src/libvmaf.c@332dde62). Pairs are indexed by the distorted frame `d`; its reference frame is
 * `d + offset`. Random plans (Vidaio's upscaling VMAF sampling and PIE-APP window, vidaio-subnet
 * services/scoring/vmaf_metric.py and validator server.py as summarised in shared/reference/rules/vidaio.md §1.3–1.4)
 * draw from an injected seeded `Rng`, so they are reproducible.
 */
import { randInt, type Rng } from '../math/rng.ts';

/** A frame-selection plan over distorted frame indices. */
export interface FramePlan {
  /** First distorted frame processed (inclusive, ≥ 0). */
  start: number;
  /** End of the processed distorted frames (exclusive); Infinity = to the end of the shorter clip. */
  end: number;
  /** Score every `subsample`-th processed frame (≥ 1), counting from the first processed frame. */
  subsample: number;
  /** Reference frame index = distorted index + offset (may be negative). */
  offset: number;
}

/** Options that build a plan; every field optional. */
export interface PlanOptions {
  /** Distorted frames [start, start + count); count omitted = to the end. */
  frameRange?: { start: number; count?: number };
  /** libvmaf `n_subsample` (≥ 1). */
  subsample?: number;
  /** Distorted frame d is compared with reference frame d + offset. */
  offset?: number;
  /**
   * Vidaio upscaling sampling: `select=gt(n\,skip)` on both inputs (frames 0..skip dropped; skip 0 means no
   * select, nothing dropped), then `n_subsample = subsample`. Overrides `subsample`.
   */
  vidaio?: VidaioSampling;
}

/** Vidaio's upscaling VMAF sampling parameters K (`skip`) and N (`subsample`). */
export interface VidaioSampling {
  skip: number;
  subsample: number;
}

function checkInt(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
}

/**
 * Builds a plan. With `vidaio`, the select runs on the source frames (after `offset` alignment), so the first
 * processed frame is max(range start, K + 1) when K > 0.
 * @throws RangeError for negative or non-integer values.
 */
export function makeFramePlan(o: PlanOptions = {}): FramePlan {
  const offset = o.offset ?? 0;
  if (!Number.isInteger(offset)) throw new RangeError(`offset must be an integer, got ${offset}`);
  let start = Math.max(0, -offset);
  let end = Infinity;
  if (o.frameRange) {
    checkInt('frame range start', o.frameRange.start, 0);
    start = Math.max(start, o.frameRange.start);
    if (o.frameRange.count !== undefined) {
      checkInt('frame range count', o.frameRange.count, 1);
      end = o.frameRange.start + o.frameRange.count;
    }
  }
  let subsample = o.subsample ?? 1;
  if (o.vidaio) {
    checkInt('vidaio skip', o.vidaio.skip, 0);
    checkInt('vidaio subsample', o.vidaio.subsample, 1);
    if (o.vidaio.skip > 0) start = Math.max(start, o.vidaio.skip + 1);
    subsample = o.vidaio.subsample;
  }
  checkInt('subsample', subsample, 1);
  return { start, end, subsample, offset };
}

/** Where distorted frame `d` stands in a plan. `processedIndex` is −1 when it is not processed. */
export function frameRole(plan: FramePlan, d: number): { processed: boolean; scored: boolean; processedIndex: number } {
  if (d < plan.start || d >= plan.end) return { processed: false, scored: false, processedIndex: -1 };
  const processedIndex = d - plan.start;
  return { processed: true, scored: processedIndex % plan.subsample === 0, processedIndex };
}

/**
 * The scored pairs of a plan for clips of known lengths: `{dist, ref, processedIndex}` in order. Pairs need
 * both frames to exist (the common part after alignment).
 */
export function scoredPairs(plan: FramePlan, distFrames: number, refFrames: number): { dist: number; ref: number; processedIndex: number }[] {
  const out: { dist: number; ref: number; processedIndex: number }[] = [];
  const last = Math.min(plan.end, distFrames, refFrames - plan.offset);
  for (let d = plan.start; d < last; d += plan.subsample) out.push({ dist: d, ref: d + plan.offset, processedIndex: d - plan.start });
  return out;
}

/** Number of scored frames for clips of known lengths. */
export function scoredFrameCount(plan: FramePlan, distFrames: number, refFrames: number): number {
  const last = Math.min(plan.end, distFrames, refFrames - plan.offset);
  return last > plan.start ? Math.ceil((last - plan.start) / plan.subsample) : 0;
}

/**
 * Draws Vidaio's upscaling sampling: K = np.random.randint(0, ref_fps) (0 … fps−1) and
 * N = np.random.randint(20, 30) (20 … 29), vidaio-subnet validator server.py (vidaio.md §1.3).
 * @param refFps the reference frame rate as the validator passes it to randint (truncated to an integer ≥ 1).
 */
export function drawVidaioSampling(rng: Rng, refFps: number): VidaioSampling {
  const fps = Math.trunc(refFps);
  if (!(fps >= 1)) throw new RangeError(`reference fps must be ≥ 1, got ${refFps}`);
  const skip = randInt(rng, 0, fps);
  const subsample = randInt(rng, 20, 30);
  return { skip, subsample };
}

/**
 * Vidaio's PIE-APP window: sample_size = min(4, refFrames), start = random.randint(0, refFrames − sample_size)
 * (inclusive), i.e. `count` consecutive frames from `start` (vidaio.md §1.4).
 * @throws RangeError for refFrames < 1.
 */
export function drawPieappWindow(rng: Rng, refFrames: number, sampleCount = 4): { start: number; count: number; indices: number[] } {
  checkInt('reference frame count', refFrames, 1);
  const count = Math.min(sampleCount, refFrames);
  const start = randInt(rng, 0, refFrames - count + 1);
  return { start, count, indices: Array.from({ length: count }, (_, i) => start + i) };
}
