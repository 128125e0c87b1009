/**
 * The PIE-APP worker: installs the user's weights (PyTorch .pth converted to ONNX here, or a ready .onnx), reports
 * whether a model is installed, and scores a window of consecutive frames with onnxruntime-web: the WebGPU EP in
 * this worker where a hardware adapter takes the graph, else WASM in a pool of workers (./pieapp-pool.ts) sized by
 * `pieappPoolPlan` (one single-thread worker per core as memory allows, at most 8 threads; src/core/pieapp/threads.ts).
 * This worker decodes the frames and cuts the patches; the pool's workers score batches of them, and the runner
 * merges their results in patch order (src/ml/pieapp-runner.ts), so the scores do not depend on the pool.
 * `threads()` reports the plan and what ORT granted; `measurePatches` scores a given image pair on a given model,
 * in this worker on a given thread count or in a pool of given workers (the benchmark and the equality test; ORT
 * fixes a worker's thread count at its first session, so callers use a fresh worker per measurement). Logic lives
 * in src/core/pieapp, src/ml, src/media and src/storage.
 */
import * as Comlink from 'comlink';
import { loadPieappPth } from '../src/core/pieapp/pth.ts';
import { buildPieappOnnx } from '../src/core/pieapp/onnx.ts';
import { PARAMETER_COUNT } from '../src/core/pieapp/spec.ts';
import { toNetworkImage, type NetworkImage } from '../src/core/pieapp/patches.ts';
import { pieappPoolPlan, pieappThreadPlan, type PoolPlan, type ThreadPlan } from '../src/core/pieapp/threads.ts';
import { yuvToRgb } from '../src/core/video/rgb.ts';
import { createSession, type ModelSession } from '../src/ml/session.ts';
import { browserWasmPaths } from '../src/ml/wasm-url.ts';
import { onnxPatchScorer, ratesPlateaued, scorePieapp, WARMUP, type PatchScorer } from '../src/ml/pieapp-runner.ts';
import { decodeFrames } from '../src/media/decode.ts';
import { getModel, putModel, deleteModel, type InstalledModelMeta } from '../src/storage/models.repo.ts';
import type { YuvFrame } from '../src/core/video/frame.ts';
import { startPieappPool } from './pieapp-pool.ts';

const MODEL = 'pieapp';
const SELF_HOSTED = new URL('../models/pieapp.onnx', self.location.href).href;

export interface PieappStatus {
  installed: boolean;
  message: string;
  meta?: InstalledModelMeta;
}

export interface PieappWindowResult {
  start: number;
  frames: number[];
  engine: string;
  patchesPerFrame: number;
  ci95: [number, number][];
  /** Channel order the network saw: 'bgr' (pyiqa, vidaio-subnet) or 'rgb' (piq, validator-vidaio). */
  channelOrder: 'bgr' | 'rgb';
}

/** The pool plan, and (once the engine has started) the threads ORT actually runs. */
export interface PieappThreadReport extends PoolPlan {
  /** Threads of the running engine, all workers together; null before it started (or when WebGPU runs it). */
  running: number | null;
  /** Threads of each running worker; null before the engine started. */
  runningWorkers: number[] | null;
  /** Planned workers that could not open the model (out of memory?), one line each. */
  failures: string[];
}

/** Options of `measurePatches`: one session on `threads`, or a pool of `workers` (each one's thread count). */
export interface PieappMeasureOptions {
  threads?: number;
  workers?: number[];
  patches?: 'all' | number;
  seed?: number;
  batchSize?: number;
  /** Most untimed warm-up passes (default WARMUP.maxPasses). */
  warmupRounds?: number;
  /** Timed passes after the warm-up (default 1). */
  timedPasses?: number;
}

/** Result of `measurePatches`. */
export interface PieappPatchMeasure {
  score: number[];
  weight: number[];
  value: number;
  /** Patch pairs scored in the timed passes. */
  patches: number;
  /** Seconds of scoring (session creation and the warm-up run excluded). */
  seconds: number;
  /** Batches each scorer ran in the last timed pass (one entry per pool worker; one entry for a single session). */
  batchesPerScorer: number[];
  /** Threads of each pool worker (ORT's grant); `[threads]` for a single session. */
  workers: number[];
  /** Seconds to create the session(s), run the first (warm-up) patch pair and the untimed warm-up passes. */
  setupSeconds: number;
  /** Pairs per second of each untimed warm-up pass, in order (see `measurePatches`). */
  warmupRates: number[];
  /** Whether the warm-up ended on a plateau (`ratesPlateaued`, src/ml/pieapp-runner.ts) rather than at its bound. */
  plateaued: boolean;
  /** When scoring began and ended, ms since the Unix epoch (performance.timeOrigin-based: comparable across workers). */
  startedAt: number;
  endedAt: number;
  /** Threads ORT runs, all workers together (may be fewer than asked; see `plan`). */
  threads: number;
  plan: ThreadPlan;
  engine: string;
}

/** The engine of `scoreWindow`: the WebGPU session of this worker, or a pool of WASM workers. */
interface Engine {
  scorers: PatchScorer[];
  /** e.g. `onnxruntime-web wasm, 2 threads in 2 workers`. */
  label: string;
  /** Threads of each WASM worker; [] for WebGPU. */
  workers: number[];
  failures: string[];
  close(): Promise<void>;
}

let engine: Promise<Engine> | null = null;
/** `engine` once it has started (what `threads()` reports); null before, and after `closeEngine`. */
let ready: Engine | null = null;

/** Whether this JS realm can create shared WebAssembly memory (WebAssembly threads). */
function wasmThreadsAvailable(): boolean {
  try {
    return typeof SharedArrayBuffer !== 'undefined' && new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

function environment(requested?: number) {
  return {
    cores: navigator.hardwareConcurrency,
    crossOriginIsolated: self.crossOriginIsolated === true,
    wasmThreads: wasmThreadsAvailable(),
    deviceMemoryGiB: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
    requested,
  };
}

/** Threads of one session in this worker (measurements). */
function threadPlan(requested?: number): ThreadPlan {
  return pieappThreadPlan(environment(requested));
}

/** The app's pool. */
function poolPlan(): PoolPlan {
  return pieappPoolPlan(environment());
}

function openSession(model: Uint8Array, threads: number, executionProviders?: ('webgpu' | 'wasm')[]): Promise<ModelSession> {
  return createSession(model, { wasmPaths: browserWasmPaths(), numThreads: threads, executionProviders });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function modelBytes(): Promise<{ bytes: Uint8Array; source: string } | null> {
  const stored = await getModel(MODEL);
  if (stored) return { bytes: new Uint8Array(stored.onnx), source: stored.meta.sourceFile };
  try {
    const res = await fetch(SELF_HOSTED);
    if (res.ok && (res.headers.get('content-type') ?? '').indexOf('text/html') < 0)
      return { bytes: new Uint8Array(await res.arrayBuffer()), source: 'models/pieapp.onnx (self-hosted)' };
  } catch {
    /* offline or absent: not installed */
  }
  return null;
}

/**
 * A WebGPU session in this worker where a hardware adapter accepts the graph (`createSession` skips software
 * adapters), else the pool of `poolPlan()`: the model's bytes are copied to each pool worker and not kept here.
 */
async function startEngine(): Promise<Engine> {
  const m = await modelBytes();
  if (!m) throw new Error('The PIE-APP model is not installed: drop the official PieAPPv0.1 .pth (or a converted .onnx) in Settings.');
  if ((navigator as Navigator & { gpu?: unknown }).gpu) {
    const gpu = await openSession(m.bytes, 1, ['webgpu']).catch(() => null);
    if (gpu) return { scorers: [onnxPatchScorer(gpu)], label: 'onnxruntime-web webgpu', workers: [], failures: [], close: () => gpu.release() };
  }
  const plan = poolPlan();
  const pool = await startPieappPool(m.bytes, plan.workers);
  const threads = pool.threads.reduce((a, b) => a + b, 0);
  return {
    scorers: pool.scorers,
    label: `onnxruntime-web wasm, ${plural(threads, 'thread')}${pool.threads.length > 1 ? ` in ${pool.threads.length} workers` : ''}`,
    workers: pool.threads,
    failures: pool.failures,
    close: async () => pool.close(),
  };
}

function getEngine(): Promise<Engine> {
  if (!engine) {
    const started = startEngine();
    engine = started;
    started.then(
      (e) => {
        if (engine === started) ready = e;
      },
      () => {
        if (engine === started) engine = null; // not installed, or no worker could open it: try again next time
      },
    );
  }
  return engine;
}

/** Ends the engine (a new model was installed, or the model was removed). */
async function closeEngine(): Promise<void> {
  const e = engine;
  engine = null;
  ready = null;
  if (e) await (await e.catch(() => null))?.close().catch(() => undefined);
}

async function collect(frames: AsyncIterable<YuvFrame>): Promise<YuvFrame[]> {
  const out: YuvFrame[] = [];
  for await (const f of frames) out.push(f);
  return out;
}

const api = {
  async status(): Promise<PieappStatus> {
    const stored = await getModel(MODEL).catch(() => null);
    if (stored)
      return { installed: true, message: `${stored.meta.sourceFile} (installed ${new Date(stored.meta.installedAt).toLocaleDateString()})`, meta: stored.meta };
    const hosted = await modelBytes().catch(() => null);
    if (hosted) return { installed: true, message: hosted.source };
    return {
      installed: false,
      message: 'the official PieAPPv0.1 weights (~273 MB) cannot ship with the app; drop the .pth once and it is stored in this browser for offline use.',
    };
  },

  /** Validates, converts and stores the weights; the previous model stays until the new one is complete. */
  async install(file: Blob, fileName: string, onProgress?: (p: { phase: string; fraction: number }) => void): Promise<PieappStatus> {
    const progress = (phase: string, fraction: number) => onProgress?.({ phase, fraction });
    progress('reading', 0);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let onnx: Uint8Array;
    let kind: 'pth' | 'onnx';
    if (/\.onnx$/i.test(fileName)) {
      kind = 'onnx';
      progress('checking the ONNX graph', 0.4);
      const s = await openSession(bytes, 1, ['wasm']);
      const ok = ['ref', 'dist'].every((n) => s.inputNames.includes(n)) && ['score', 'weight'].every((n) => s.outputNames.includes(n));
      await s.release();
      if (!ok)
        throw new Error(
          `${fileName} is not a Preflight PIE-APP graph (inputs ${s.inputNames.join(', ')}; outputs ${s.outputNames.join(', ')}; expected ref, dist → score, weight). Drop the official .pth instead.`,
        );
      onnx = bytes;
    } else {
      kind = 'pth';
      progress('parsing the PyTorch file', 0.2);
      const weights = loadPieappPth(bytes);
      progress('building the ONNX graph', 0.6);
      onnx = buildPieappOnnx(weights);
    }
    progress('storing', 0.85);
    const meta: InstalledModelMeta = {
      name: MODEL,
      sourceFile: fileName,
      sourceBytes: bytes.byteLength,
      sourceKind: kind,
      installedAt: Date.now(),
      parameterCount: PARAMETER_COUNT,
    };
    await putModel({ meta, onnx });
    await closeEngine();
    progress('done', 1);
    return { installed: true, message: `${fileName} (installed now)`, meta };
  },

  async remove(): Promise<void> {
    await deleteModel(MODEL);
    await closeEngine();
  },

  /**
   * PIE-APP of `count` consecutive frames from `start` (pyiqa's metric(dist, ref) per frame), raw signed values.
   * `patches`: 'all' or N for a quick estimate with a 95% interval.
   */
  async scoreWindow(
    ref: Blob,
    dist: Blob,
    start: number,
    count: number,
    options: { patches?: 'all' | number; seed?: number; channelOrder?: 'bgr' | 'rgb' },
    onProgress?: (p: { done: number; total: number }) => void,
  ): Promise<PieappWindowResult> {
    const e = await getEngine();
    const [refFrames, distFrames] = await Promise.all([collect(decodeFrames(ref, { start, count })), collect(decodeFrames(dist, { start, count }))]);
    const n = Math.min(refFrames.length, distFrames.length);
    if (n === 0)
      throw new Error(`No frames at ${start}…${start + count - 1}: the reference has ${refFrames.length} there and the output ${distFrames.length}.`);
    if (n < count)
      throw new Error(
        `Frames missing: asked for ${count} frames from ${start}, the reference has ${refFrames.length} and the output ${distFrames.length} there.`,
      );
    const frames: number[] = [];
    const ci95: [number, number][] = [];
    let patches = 0;
    for (let i = 0; i < n; i++) {
      const img = (f: YuvFrame) => toNetworkImage({ width: f.width, height: f.height, channels: 3, data: yuvToRgb(f) }, options.channelOrder ?? 'bgr');
      // A worker that crashed (out of memory) fails this run; the next run starts a fresh engine.
      const r = await scorePieapp(e.scorers, img(refFrames[i]!), img(distFrames[i]!), {
        patches: options.patches ?? 'all',
        seed: options.seed ?? 0,
        onProgress: (done, total) => onProgress?.({ done: i * total + done, total: n * total }),
      }).catch(async (err: unknown) => {
        await closeEngine();
        throw err;
      });
      frames.push(r.value);
      ci95.push(r.ci95);
      patches = r.patchesUsed;
    }
    return {
      start,
      frames,
      engine: e.label,
      patchesPerFrame: patches,
      ci95,
      channelOrder: options.channelOrder ?? 'bgr',
    };
  },

  /** How many workers and threads PIE-APP runs with here, and why when fewer than the cores. */
  async threads(): Promise<PieappThreadReport> {
    return {
      ...poolPlan(),
      running: ready && ready.workers.length > 0 ? ready.workers.reduce((a, b) => a + b, 0) : null,
      runningWorkers: ready ? ready.workers : null,
      failures: ready ? ready.failures : [],
    };
  },

  /**
   * Scores `patches` patch positions ('all' or a seeded sample) of an image pair on `model` (ONNX bytes) with the
   * WASM EP: in this worker on `threads` threads (undefined: `pieappThreadPlan`'s default), or, given `workers`
   * (their thread counts), in a pool of that many workers splitting the batches as `scoreWindow` does. Use a fresh
   * worker per measurement.
   */
  async measurePatches(model: Uint8Array, ref: NetworkImage, dist: NetworkImage, options: PieappMeasureOptions): Promise<PieappPatchMeasure> {
    const t0 = performance.now();
    const pool = options.workers ? await startPieappPool(model, options.workers) : null;
    const s = pool ? null : await openSession(model, threadPlan(options.threads).threads, ['wasm']);
    const scorers = pool ? pool.scorers : [onnxPatchScorer(s!)];
    const workers = pool ? pool.threads : [s!.threads];
    try {
      // ORT's first run prepares the weights (a few seconds for 273 MB): part of setup, not of the patch rate. Then
      // untimed passes over the same patches until their rates plateau (`ratesPlateaued`: the last 3 within 5 %), at
      // most `warmupRounds` (default WARMUP.maxPasses = 10): the browser compiles ORT's WebAssembly with a baseline
      // compiler first and tiers hot code up in the background, so the first few dozen patch pairs of a fresh worker
      // ran at a third to a half of the steady rate (measured in Chromium, 16-pair passes: 4.5, 6.4, 11.5, 11.3,
      // 12.0, 12.9, 13.4 pairs/s); a 4K frame's 10,920 pairs run at the steady rate, which is what this reports.
      // A pool's first run is one pair in every worker.
      const pass = () => scorePieapp(scorers, ref, dist, { patches: options.patches ?? 'all', seed: options.seed ?? 0, batchSize: options.batchSize });
      await Promise.all(scorers.map((one) => scorePieapp(one, ref, dist, { patches: 1, seed: 1 })));
      const warmupRates: number[] = [];
      while (warmupRates.length < (options.warmupRounds ?? WARMUP.maxPasses) && !ratesPlateaued(warmupRates)) {
        const w = await pass();
        warmupRates.push(w.patchesUsed / w.seconds);
      }
      const setupSeconds = (performance.now() - t0) / 1000;
      // The timed span: `timedPasses` passes back to back (default 1), so that one short pass's jitter weighs less.
      const startedAt = performance.timeOrigin + performance.now();
      let r = await pass();
      let patches = r.patchesUsed;
      let seconds = r.seconds;
      for (let i = 1; i < Math.max(1, Math.floor(options.timedPasses ?? 1)); i++) {
        r = await pass();
        patches += r.patchesUsed;
        seconds += r.seconds;
      }
      const endedAt = performance.timeOrigin + performance.now();
      return {
        score: Array.from(r.score),
        weight: Array.from(r.weight),
        value: r.value,
        patches,
        seconds,
        batchesPerScorer: r.batchesPerScorer,
        workers,
        setupSeconds,
        warmupRates,
        plateaued: ratesPlateaued(warmupRates),
        startedAt,
        endedAt,
        threads: workers.reduce((x, y) => x + y, 0),
        plan: threadPlan(options.threads),
        engine: `onnxruntime-web wasm${pool ? `, ${workers.length} workers` : ''}`,
      };
    } finally {
      pool?.close();
      await s?.release();
    }
  },
};

export type PieappApi = typeof api;
Comlink.expose(api);
