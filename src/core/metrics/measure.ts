/**
 * The streaming measure orchestrator: pairs decoded distorted and reference frames as they arrive (two async
 * iterables, never more than the current pair plus the VMAF extractor's one-frame lag held in memory), applies a
 * frame plan (range, `n_subsample`, offset alignment, Vidaio upscaling sampling; see ../video/sampling.ts), and
 * computes per frame the libvmaf-named metrics: VMAF models (vmaf, vmaf_neg, vmaf_4k, vmaf_float) with their
 * features, ffmpeg-`ssim` SSIM and ffmpeg-`psnr` PSNR. Pools them like libvmaf (min, max, mean, harmonic_mean)
 * and like the Vidaio validator (harmonic mean of frames > 0, vidaio-subnet services/scoring/vmaf_metric.py).
 *
 * motion2 with subsampling: libvmaf runs temporal extractors (motion) on *every* frame that reaches it and only
 * skips the others on non-subsampled frames (Netflix/vmaf libvmaf/src/libvmaf.c@332dde62, `vmaf_read_pictures`,
 * `VMAF_FEATURE_EXTRACTOR_TEMPORAL`), so motion2 of a scored frame uses its true neighbours. By default
 * (`exactSubsampledMotion: true`) every processed frame is fed to the VMAF extractor and the features of the
 * unscored ones are discarded: exact, but VIF/ADM then cost as much as without subsampling. With
 * `exactSubsampledMotion: false` only scored frames are fed, so motion2 compares frames `subsample` apart
 * (a warning says so); SSIM/PSNR are computed on scored frames only either way.
 */
import { abortError } from '../abort.ts';
import type { YuvFrame } from '../video/frame.ts';
import { frameRole, makeFramePlan, scoredFrameCount, type VidaioSampling } from '../video/sampling.ts';
import {
  IntegerVmafExtractor,
  ParallelIntegerVmafExtractor,
  parseVmafModel,
  predictVmaf,
  VmafExtractor,
  type VmafFeatures,
  type SpatialPool,
  type VmafModel,
  type VmafModelId,
} from './vmaf/index.ts';
import { harmonicMeanPositive, poolAll } from './pooling.ts';
import { ssimFrame, SsimStream } from './ssim.ts';
import { psnrFrame } from './psnr.ts';

/** libvmaf metric name written for each model (the names the reference JSONs and Preflight use). */
export const MODEL_METRIC_NAME: Record<VmafModelId, string> = {
  'vmaf_v0.6.1': 'vmaf',
  'vmaf_v0.6.1neg': 'vmaf_neg',
  'vmaf_4k_v0.6.1': 'vmaf_4k',
  'vmaf_float_v0.6.1': 'vmaf_float',
};

/** Frames an asynchronous engine may be ahead of the decoder (bounds memory: one frame pair each). */
export const MAX_INFLIGHT = 4;

/** The Vidaio validator's frame-count tolerance (FRAME_TOLERANCE = 5, vidaio.md §1.2 row 11). */
export const VIDAIO_FRAME_TOLERANCE = 5;

export interface MeasureOptions {
  /** VMAF models to evaluate; [] = SSIM/PSNR only. */
  models: VmafModelId[];
  /** Model JSON per requested model (libvmaf model files, shipped in public/models/); core reads no files. */
  modelJson?: Partial<Record<VmafModelId, unknown>>;
  /** Distorted frames [start, start + count). */
  frameRange?: { start: number; count?: number };
  /** libvmaf n_subsample (≥ 1): score every n-th processed frame. */
  subsample?: number;
  /** Distorted frame i is compared with reference frame i + offset (negative: distorted frames are skipped). */
  offset?: number;
  /** Vidaio upscaling sampling (K, N); overrides `subsample`. */
  vidaioSampling?: VidaioSampling;
  /** Which non-VMAF metrics to compute (default both). */
  features?: { ssim?: boolean; psnr?: boolean };
  /** See the file comment; default true. */
  exactSubsampledMotion?: boolean;
  /** Expected distorted frame count, only used for progress totals. */
  distFramesHint?: number;
}

/** SSIM of one frame pair, ffmpeg's variant. */
export type SsimResult = ReturnType<typeof ssimFrame>;
export type PsnrResult = ReturnType<typeof psnrFrame>;
type MaybePromise<T> = T | Promise<T>;

/**
 * Where the per-pixel work runs. The CPU twins are the default; the WebGPU engine (src/gpu/engine.ts) implements the
 * same interface with kernels that keep frames on the GPU. `measure` awaits every call, so both fit.
 */
export interface FrameEngine {
  name: 'cpu' | 'webgpu';
  /** True when `createVmaf(…, {integer: true})` gives libvmaf's integer features (the CPU engine). */
  integerFeatures: boolean;
  /** Frames this engine may be ahead of the decoder (default MAX_INFLIGHT); a thread pool wants about 2 per thread. */
  maxInflight?: number;
  createVmaf(
    width: number,
    height: number,
    options: { neg: boolean; integer: boolean },
  ): {
    push(refY: Uint8Array, distY: Uint8Array): MaybePromise<VmafFeatures[]>;
    flush(): MaybePromise<VmafFeatures[]>;
  };
  ssim(dist: YuvFrame, ref: YuvFrame): MaybePromise<SsimResult>;
  /** SSIM of one run's frames in order, where the engine keeps ffmpeg's frame-to-frame state (see SsimStream). */
  createSsim?(width: number, height: number): (dist: YuvFrame, ref: YuvFrame) => MaybePromise<SsimResult>;
  psnr(dist: YuvFrame, ref: YuvFrame): MaybePromise<PsnrResult>;
}

/** The CPU twins (pure TypeScript). */
export const cpuEngine: FrameEngine = {
  name: 'cpu',
  integerFeatures: true,
  createVmaf: (width, height, options) => (options.integer ? new IntegerVmafExtractor(width, height, options) : new VmafExtractor(width, height, options)),
  ssim: ssimFrame,
  createSsim(width, height) {
    const stream = new SsimStream(width, height);
    return (dist, ref) => stream.frame(dist, ref);
  },
  psnr: psnrFrame,
};

/**
 * The CPU engine with VIF/ADM of the integer extractor spread over a pool of threads (frame-parallel; motion,
 * SSIM, PSNR and the float extractor stay on the calling thread). Features are bit-identical to `cpuEngine`'s.
 */
export function pooledCpuEngine(pool: SpatialPool): FrameEngine {
  return {
    ...cpuEngine,
    maxInflight: Math.max(MAX_INFLIGHT, 2 * pool.size),
    createVmaf: (width, height, options) =>
      options.integer ? new ParallelIntegerVmafExtractor(width, height, options, pool) : new VmafExtractor(width, height, options),
  };
}

export interface MeasureHooks {
  onProgress?: (p: { done: number; total?: number }) => void;
  signal?: AbortSignal;
}

/** One scored frame. `frameNum` is the processed-frame index as libvmaf numbers it (0, N, 2N, … when subsampling). */
export interface MeasuredFrame {
  frameNum: number;
  distIndex: number;
  refIndex: number;
  /** libvmaf names: vmaf…, vif_scale0..3, adm2, motion2, motion, ssim_y/u/v/all, psnr_y/u/v/avg. */
  metrics: Record<string, number>;
}

export interface PooledMetric {
  min: number;
  max: number;
  mean: number;
  harmonic_mean: number;
}

export interface MeasureResult {
  engine: FrameEngine['name'];
  width: number;
  height: number;
  models: VmafModelId[];
  frames: MeasuredFrame[];
  pooled: Record<string, PooledMetric>;
  /** Validator pooling: n/Σ1/x over frames with x > 0 (NaN when none). */
  vidaio: { vmaf_harmonic_mean_positive?: number; vmaf_neg_harmonic_mean_positive?: number };
  /** Frames read from each input; null when reading stopped early (frame range). */
  refFrameCount: number | null;
  distFrameCount: number | null;
  warnings: string[];
}

function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError('The measurement', signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError('The measurement', signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** One input's frames, pulled on demand: `next()` gives null once the input has ended; `count` frames read so far. */
class FrameReader {
  count = 0;
  private done = false;
  private readonly it: AsyncIterator<YuvFrame>;

  constructor(
    frames: AsyncIterable<YuvFrame>,
    private readonly signal?: AbortSignal,
  ) {
    this.it = frames[Symbol.asyncIterator]();
  }

  async next(): Promise<YuvFrame | null> {
    if (this.done) return null;
    const r = await raceAbort(this.it.next(), this.signal);
    if (r.done) {
      this.done = true;
      return null;
    }
    this.count++;
    return r.value;
  }

  /** Stops the input without waiting for it (its own errors no longer matter). */
  close(): void {
    this.it.return?.().catch(() => undefined);
  }
}

function sizeOf(f: YuvFrame): string {
  return `${f.width}x${f.height}`;
}

/**
 * Measures a distorted clip against its reference, streaming. Frames are consumed as the iterables yield them.
 * @throws Error naming both sizes when frame sizes differ; Error when no frame pair can be scored; an Error named
 *   `AbortError` when `hooks.signal` aborts; errors of the frame sources pass through.
 */
export async function measure(
  refFrames: AsyncIterable<YuvFrame>,
  distFrames: AsyncIterable<YuvFrame>,
  options: MeasureOptions,
  hooks: MeasureHooks = {},
  engine: FrameEngine = cpuEngine,
): Promise<MeasureResult> {
  const { signal, onProgress } = hooks;
  const plan = makeFramePlan({ frameRange: options.frameRange, subsample: options.subsample, offset: options.offset, vidaio: options.vidaioSampling });
  const doSsim = options.features?.ssim ?? true;
  const doPsnr = options.features?.psnr ?? true;
  const exactMotion = options.exactSubsampledMotion ?? true;
  const warnings: string[] = [];

  const models: VmafModel[] = options.models.map((id) => {
    const json = options.modelJson?.[id];
    if (json === undefined) throw new Error(`measure: no model JSON given for ${id}`);
    return parseVmafModel(id, json);
  });
  const wantNeg = options.models.includes('vmaf_v0.6.1neg');
  // libvmaf evaluates vmaf_v0.6.1, vmaf_v0.6.1neg and vmaf_4k_v0.6.1 on its integer features and
  // vmaf_float_v0.6.1 on its float features. The CPU engine computes both exactly; the WebGPU engine computes the
  // integer VIF moments exactly and ADM/motion in float (see src/gpu/kernels/vif.wgsl and adm.wgsl).
  const integerModels = models.filter((m) => m.id !== 'vmaf_float_v0.6.1');
  const useInteger = integerModels.length > 0 && engine.integerFeatures;
  const floatModels = useInteger ? models.filter((m) => m.id === 'vmaf_float_v0.6.1') : models;
  const extractorKinds: ('integer' | 'float')[] = [...(useInteger ? ['integer' as const] : []), ...(floatModels.length ? ['float' as const] : [])];
  if (models.length > 0 && plan.subsample > 1 && !exactMotion) {
    warnings.push(
      `motion2 is computed between scored frames ${plan.subsample} apart (exactSubsampledMotion off); libvmaf uses consecutive frames, so vmaf may differ`,
    );
  }
  if (integerModels.length > 0 && !useInteger) {
    warnings.push(
      `The ${engine.name} engine computes libvmaf's float features; ${integerModels.map((m) => m.id).join(', ')} are defined on its integer features, so they can differ from libvmaf by up to ~0.1 VMAF (vmaf_v0.6.1neg up to ~0.3) per frame`,
    );
  }

  const total = Number.isFinite(plan.end)
    ? Math.ceil((plan.end - plan.start) / plan.subsample)
    : options.distFramesHint !== undefined
      ? scoredFrameCount(plan, options.distFramesHint, Infinity)
      : undefined;

  const refIn = new FrameReader(refFrames, signal);
  const distIn = new FrameReader(distFrames, signal);

  const frames: MeasuredFrame[] = [];
  let extractors: ReturnType<FrameEngine['createVmaf']>[] | null = null;
  /**
   * Feature requests in flight, oldest first. An engine that works asynchronously (the GPU queue, a worker pool)
   * gets up to MAX_INFLIGHT frames ahead of the decoder; results are taken strictly in push order, so the frame
   * bookkeeping below never changes. Each request holds at most one frame pair, so memory stays bounded.
   */
  const inflight: Promise<VmafFeatures[][]>[] = [];
  const maxInflight = Math.max(1, engine.maxInflight ?? MAX_INFLIGHT);
  /** Processed frames pushed to the extractor whose features have not come back yet: the record, or null if unscored. */
  const pending: (MeasuredFrame | null)[] = [];
  let width = 0;
  let height = 0;
  let ssimOf: ((dist: YuvFrame, ref: YuvFrame) => MaybePromise<SsimResult>) | null = null;
  let stoppedEarly = false;
  let done = 0;

  const FEATURE_KEYS = ['vif_scale0', 'vif_scale1', 'vif_scale2', 'vif_scale3', 'adm2', 'motion2'] as const;
  const EGL_KEYS = ['vif_scale0_egl_1', 'vif_scale1_egl_1', 'vif_scale2_egl_1', 'vif_scale3_egl_1', 'adm2_egl_1'] as const;
  /** One list of features per extractor kind (same lag, so the lists have equal length), zipped frame by frame. */
  const takeFeatures = (lists: VmafFeatures[][]) => {
    const n = lists[0]?.length ?? 0;
    for (let j = 0; j < n; j++) {
      const rec = pending.shift();
      if (!rec) continue;
      extractorKinds.forEach((kind, e) => {
        const f = lists[e]![j]!;
        const prefix = kind === 'integer' ? 'integer_' : '';
        for (const m of kind === 'integer' ? integerModels : floatModels) rec.metrics[MODEL_METRIC_NAME[m.id]] = predictVmaf(m, f);
        for (const k of FEATURE_KEYS) rec.metrics[prefix + k] = f[k];
        if (wantNeg) for (const k of EGL_KEYS) if (f[k] !== undefined) rec.metrics[prefix + k] = f[k]!;
      });
    }
  };

  try {
    // Offset alignment: drop the leading frames of the stream that starts later.
    for (let i = 0; i < plan.offset; i++) if (!(await refIn.next())) break;
    for (let i = 0; i < -plan.offset; i++) if (!(await distIn.next())) break;

    for (let d = Math.max(0, -plan.offset); ; d++) {
      if (d >= plan.end) {
        stoppedEarly = true;
        break;
      }
      if (signal) {
        if (signal.aborted) throw abortError('The measurement', signal);
        // Give the event loop a turn so an abort from a timer or a UI event is seen promptly.
        await new Promise((r) => setTimeout(r, 0));
      }
      const [ref, dist] = await Promise.all([refIn.next(), distIn.next()]);
      if (!ref || !dist) break;
      if (ref.width !== dist.width || ref.height !== dist.height) {
        throw new Error(
          `frame sizes differ: reference ${sizeOf(ref)} (frame ${ref.index}), distorted ${sizeOf(dist)} (frame ${dist.index}); scale the distorted clip to the reference size first`,
        );
      }
      if (width === 0) {
        width = ref.width;
        height = ref.height;
      } else if (ref.width !== width || ref.height !== height)
        throw new Error(`frame size changed mid-stream: ${width}x${height} then ${sizeOf(ref)} at reference frame ${ref.index}`);
      const role = frameRole(plan, d);
      if (!role.processed) continue;
      let rec: MeasuredFrame | null = null;
      if (role.scored) {
        rec = { frameNum: role.processedIndex, distIndex: d, refIndex: d + plan.offset, metrics: {} };
        if (doSsim) {
          ssimOf ??= engine.createSsim?.(width, height) ?? ((d, r) => engine.ssim(d, r));
          const s = await ssimOf(dist, ref);
          rec.metrics.ssim_y = s.y;
          rec.metrics.ssim_u = s.u;
          rec.metrics.ssim_v = s.v;
          rec.metrics.ssim_all = s.all;
        }
        if (doPsnr) {
          const p = await engine.psnr(dist, ref);
          rec.metrics.psnr_y = p.y;
          rec.metrics.psnr_u = p.u;
          rec.metrics.psnr_v = p.v;
          rec.metrics.psnr_avg = p.avg;
        }
        frames.push(rec);
      }
      if (models.length > 0 && (role.scored || exactMotion)) {
        extractors ??= extractorKinds.map((kind) => engine.createVmaf(width, height, { neg: wantNeg, integer: kind === 'integer' }));
        pending.push(rec);
        inflight.push(Promise.all(extractors.map((x) => x.push(ref.y, dist.y))));
        if (inflight.length > maxInflight) takeFeatures(await inflight.shift()!);
      }
      if (rec) onProgress?.({ done: ++done, total });
    }
    while (inflight.length) takeFeatures(await inflight.shift()!);
    if (extractors) takeFeatures(await Promise.all(extractors.map((x) => x.flush())));

    if (stoppedEarly) {
      refIn.close();
      distIn.close();
    } else {
      // One input ended: count the rest of the other so the frame-count check sees both totals.
      while (await refIn.next()) {
        /* count only */
      }
      while (await distIn.next()) {
        /* count only */
      }
    }
  } catch (err) {
    refIn.close();
    distIn.close();
    for (const p of inflight) p.catch(() => undefined); // already failing: the first error is the one reported
    throw err;
  }

  if (refIn.count === 0) throw new Error('the reference has no frames');
  if (distIn.count === 0) throw new Error('the distorted clip has no frames');
  if (frames.length === 0)
    throw new Error(
      `no frame pair to score: reference has ${refIn.count} frames, distorted ${distIn.count}, plan starts at distorted frame ${plan.start}${plan.offset ? ` with offset ${plan.offset}` : ''}`,
    );

  if (!stoppedEarly && refIn.count !== distIn.count) {
    const diff = Math.abs(refIn.count - distIn.count);
    warnings.push(
      `frame counts differ: reference ${refIn.count}, distorted ${distIn.count} (difference ${diff}, ${diff <= VIDAIO_FRAME_TOLERANCE ? 'within' : 'beyond'} the Vidaio validator's tolerance of ${VIDAIO_FRAME_TOLERANCE} frames${diff > VIDAIO_FRAME_TOLERANCE ? ': it would score this 0' : ''}); compared the ${Math.min(refIn.count - Math.max(0, plan.offset), distIn.count - Math.max(0, -plan.offset))} aligned frames`,
    );
  }

  const names: string[] = [];
  for (const f of frames) for (const k of Object.keys(f.metrics)) if (!names.includes(k)) names.push(k);
  const pooled: Record<string, PooledMetric> = {};
  for (const k of names) {
    const values = frames.map((f) => f.metrics[k]).filter((v): v is number => v !== undefined);
    const p = poolAll(values);
    pooled[k] = { min: p.min, max: p.max, mean: p.mean, harmonic_mean: p.harmonicMean };
  }
  const vidaio: MeasureResult['vidaio'] = {};
  for (const [name, key] of [
    ['vmaf', 'vmaf_harmonic_mean_positive'],
    ['vmaf_neg', 'vmaf_neg_harmonic_mean_positive'],
  ] as const) {
    if (!names.includes(name)) continue;
    try {
      vidaio[key] = harmonicMeanPositive(frames.map((f) => f.metrics[name]!));
    } catch {
      vidaio[key] = NaN;
      warnings.push(`every ${name} frame is 0: the Vidaio validator raises ("No valid (> 0) scores") and the VMAF step fails`);
    }
  }
  return {
    engine: engine.name,
    width,
    height,
    models: [...options.models],
    frames,
    pooled,
    vidaio,
    refFrameCount: stoppedEarly ? null : refIn.count,
    distFrameCount: stoppedEarly ? null : distIn.count,
    warnings,
  };
}

/** The pooled mean of every finite metric of a result (what history stores as the run's metrics). */
export function pooledMeans(result: Pick<MeasureResult, 'pooled'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, p] of Object.entries(result.pooled)) if (Number.isFinite(p.mean)) out[k] = p.mean;
  return out;
}
