/**
 * The PIE-APP worker: installs the user's weights (PyTorch .pth converted to ONNX here, or a ready .onnx), reports
 * whether a model is installed, and scores a window of consecutive frames with onnxruntime-web (WebGPU EP, else
 * WASM on as many threads as `pieappThreadPlan` allows: every core, at most 8, where the page is cross-origin
 * isolated; one thread otherwise). `threads()` reports the plan and what ORT granted; `measurePatches` scores a
 * given image pair on a given model and thread count (the benchmark and the thread-equality test; the thread count
 * holds for the worker's lifetime, so callers use a fresh worker per count). Logic lives in src/core/pieapp, src/ml,
 * src/media and src/storage.
 */
import * as Comlink from 'comlink';
import { loadPieappPth } from '../src/core/pieapp/pth.ts';
import { buildPieappOnnx } from '../src/core/pieapp/onnx.ts';
import { PARAMETER_COUNT } from '../src/core/pieapp/spec.ts';
import { toNetworkImage, type NetworkImage } from '../src/core/pieapp/patches.ts';
import { pieappThreadPlan, type ThreadPlan } from '../src/core/pieapp/threads.ts';
import { yuvToRgb } from '../src/core/video/rgb.ts';
import { createSession, type ModelSession } from '../src/ml/session.ts';
import { browserWasmPaths } from '../src/ml/wasm-url.ts';
import { onnxPatchScorer, ratesPlateaued, scorePieapp, WARMUP } from '../src/ml/pieapp-runner.ts';
import { decodeFrames } from '../src/media/decode.ts';
import { getModel, putModel, deleteModel, type InstalledModelMeta } from '../src/storage/models.repo.ts';
import type { YuvFrame } from '../src/core/video/frame.ts';

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

/** The thread plan, and (once a session exists) the threads ORT actually runs. */
export interface PieappThreadReport extends ThreadPlan {
  /** Threads of the running session; null before the first session of this worker. */
  running: number | null;
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
  /** Seconds to create the session, run its first (warm-up) patch pair and the untimed warm-up passes. */
  setupSeconds: number;
  /** Pairs per second of each untimed warm-up pass, in order (see `measurePatches`). */
  warmupRates: number[];
  /** Whether the warm-up ended on a plateau (`ratesPlateaued`, src/ml/pieapp-runner.ts) rather than at its bound. */
  plateaued: boolean;
  /** When scoring began and ended, ms since the Unix epoch (performance.timeOrigin-based: comparable across workers). */
  startedAt: number;
  endedAt: number;
  /** Threads ORT runs (may be fewer than asked; see `plan`). */
  threads: number;
  plan: ThreadPlan;
  engine: string;
}

let session: { model: Uint8Array; session: ModelSession } | null = null;
let runningThreads: number | null = null;

/** Whether this JS realm can create shared WebAssembly memory (WebAssembly threads). */
function wasmThreadsAvailable(): boolean {
  try {
    return typeof SharedArrayBuffer !== 'undefined' && new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

function threadPlan(requested?: number): ThreadPlan {
  return pieappThreadPlan({
    cores: navigator.hardwareConcurrency,
    crossOriginIsolated: self.crossOriginIsolated === true,
    wasmThreads: wasmThreadsAvailable(),
    requested,
  });
}

async function openSession(model: Uint8Array, requested?: number, executionProviders?: ('webgpu' | 'wasm')[]): Promise<ModelSession> {
  const s = await createSession(model, { wasmPaths: browserWasmPaths(), numThreads: threadPlan(requested).threads, executionProviders });
  if (s.ep === 'wasm') runningThreads = s.threads;
  return s;
}

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

async function getSession(): Promise<ModelSession> {
  if (session) return session.session;
  const m = await modelBytes();
  if (!m) throw new Error('The PIE-APP model is not installed: drop the official PieAPPv0.1 .pth (or a converted .onnx) in Settings.');
  const s = await openSession(m.bytes);
  session = { model: m.bytes, session: s };
  return s;
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
      const s = await openSession(bytes, undefined, ['wasm']);
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
    if (session) await session.session.release().catch(() => undefined);
    session = null;
    progress('done', 1);
    return { installed: true, message: `${fileName} (installed now)`, meta };
  },

  async remove(): Promise<void> {
    await deleteModel(MODEL);
    session = null;
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
    const s = await getSession();
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
      const r = await scorePieapp(onnxPatchScorer(s), img(refFrames[i]!), img(distFrames[i]!), {
        patches: options.patches ?? 'all',
        seed: options.seed ?? 0,
        onProgress: (done, total) => onProgress?.({ done: i * total + done, total: n * total }),
      });
      frames.push(r.value);
      ci95.push(r.ci95);
      patches = r.patchesUsed;
    }
    return {
      start,
      frames,
      engine: `onnxruntime-web ${s.ep}${s.ep === 'wasm' ? `, ${s.threads} thread${s.threads === 1 ? '' : 's'}` : ''}`,
      patchesPerFrame: patches,
      ci95,
      channelOrder: options.channelOrder ?? 'bgr',
    };
  },

  /** How many threads PIE-APP runs with here, and why when fewer than the cores. */
  async threads(): Promise<PieappThreadReport> {
    return { ...threadPlan(), running: runningThreads };
  },

  /**
   * Scores `patches` patch positions ('all' or a seeded sample) of an image pair on `model` (ONNX bytes) with the
   * WASM EP on `threads` threads (undefined: the plan's default). Use a fresh worker per thread count. `ready`,
   * when given, is awaited between setup and scoring: a pool of workers scores at the same time only when every
   * worker has finished its setup (otherwise one worker's session creation competes with another's timed scoring).
   */
  async measurePatches(
    model: Uint8Array,
    ref: NetworkImage,
    dist: NetworkImage,
    options: { threads?: number; patches?: 'all' | number; seed?: number; batchSize?: number; warmupRounds?: number; timedPasses?: number },
    ready?: () => Promise<void>,
  ): Promise<PieappPatchMeasure> {
    const t0 = performance.now();
    const s = await openSession(model, options.threads, ['wasm']);
    try {
      // ORT's first run prepares the weights (a few seconds for 273 MB): part of setup, not of the patch rate. Then
      // untimed passes over the same patches until their rates plateau (`ratesPlateaued`: the last 3 within 5 %), at
      // most `warmupRounds` (default WARMUP.maxPasses = 10): the browser compiles ORT's WebAssembly with a baseline
      // compiler first and tiers hot code up in the background, so the first few dozen patch pairs of a fresh worker
      // ran at a third to a half of the steady rate (measured in Chromium, 16-pair passes: 4.5, 6.4, 11.5, 11.3,
      // 12.0, 12.9, 13.4 pairs/s); a 4K frame's 10,920 pairs run at the steady rate, which is what this reports.
      const pass = () =>
        scorePieapp(onnxPatchScorer(s), ref, dist, { patches: options.patches ?? 'all', seed: options.seed ?? 0, batchSize: options.batchSize });
      await scorePieapp(onnxPatchScorer(s), ref, dist, { patches: 1, seed: 1 });
      const warmupRates: number[] = [];
      while (warmupRates.length < (options.warmupRounds ?? WARMUP.maxPasses) && !ratesPlateaued(warmupRates)) {
        const w = await pass();
        warmupRates.push(w.patchesUsed / w.seconds);
      }
      const setupSeconds = (performance.now() - t0) / 1000;
      await ready?.();
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
        setupSeconds,
        warmupRates,
        plateaued: ratesPlateaued(warmupRates),
        startedAt,
        endedAt,
        threads: s.threads,
        plan: threadPlan(options.threads),
        engine: `onnxruntime-web ${s.ep}`,
      };
    } finally {
      await s.release();
    }
  },
};

export type PieappApi = typeof api;
Comlink.expose(api);
