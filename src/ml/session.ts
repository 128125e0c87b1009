/**
 * The one module that imports onnxruntime-web. It creates an inference session from model bytes, trying the
 * execution providers of a table in order (WebGPU where `navigator.gpu` exists, then wasm), records which EP
 * actually runs and why the others were skipped, and serialises runs (an ORT session must not run twice at once).
 * In Node, `import * as ort from 'onnxruntime-web'` resolves to ORT's Node build, whose wasm backend works; WebGPU
 * is skipped there. Inputs and outputs cross this boundary as plain typed arrays so that no other module needs
 * ORT's types.
 */
import * as ort from 'onnxruntime-web';
import { throwIfAborted } from '../core/abort.ts';

/** Execution providers this toolkit knows, in the default order of preference. */
export type ExecutionProviderName = 'webgpu' | 'wasm';
export const EP_TABLE: readonly ExecutionProviderName[] = ['webgpu', 'wasm'];

/** A float32 tensor: values (row-major) and dimensions. */
export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

/** Why an EP was not used. */
export interface EpAttempt {
  ep: ExecutionProviderName;
  error: string;
}

/** Options of `createSession`. */
export interface SessionOptions {
  /** EPs to try, in order (default EP_TABLE). */
  executionProviders?: readonly ExecutionProviderName[];
  /** Where ORT fetches its .wasm/.mjs (browser builds; see platform-notes §3). Unset: ORT's default. */
  wasmPaths?: string | { wasm?: string; mjs?: string };
  /**
   * WASM threads (default 1). More than one needs WebAssembly threads, which a browser offers only to
   * cross-origin-isolated pages; where they are missing ORT runs one thread (`ModelSession.threads` tells). The
   * count is fixed for the JS realm (worker) at its first session: ORT initialises its wasm module once.
   */
  numThreads?: number;
  /** Use the WebGPU EP even on a software (fallback) adapter, which is ~500× slower than WASM (tests only). */
  allowFallbackAdapter?: boolean;
}

/** A created session. `ep` is the execution provider that accepted the model. */
export interface ModelSession {
  /** Execution provider: 'webgpu' or 'wasm' (onnxruntime-web), 'native' (onnxruntime-node's CPU EP, src/cli). */
  ep: ExecutionProviderName | 'native';
  /** Threads the session computes with (WASM: what ORT granted, 1 where WebAssembly threads are unavailable). */
  threads: number;
  /** Runtime and version, e.g. `onnxruntime-web 1.30.0`. */
  runtime: string;
  /** EPs tried before `ep`, with the reason each failed or was skipped. */
  skipped: EpAttempt[];
  inputNames: readonly string[];
  outputNames: readonly string[];
  /** Runs the model; calls are queued so that only one run is in flight. Rejects with an AbortError if `signal` fires first. */
  run(feeds: Record<string, FloatTensor>, signal?: AbortSignal): Promise<Record<string, FloatTensor>>;
  release(): Promise<void>;
}

function webgpuAvailable(): boolean {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return !!nav && !!nav.gpu;
}

/** True when the only WebGPU adapter is a software fallback (SwiftShader). */
async function softwareAdapter(): Promise<boolean> {
  try {
    const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
    return !adapter || Boolean((adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter);
  } catch {
    return true;
  }
}

/**
 * Creates a session for `model` (ONNX bytes), trying each EP of the table in order. Throws with every EP's
 * error when none accepts the model.
 */
export async function createSession(model: Uint8Array, options: SessionOptions = {}): Promise<ModelSession> {
  ort.env.wasm.numThreads = options.numThreads ?? 1;
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
  const skipped: EpAttempt[] = [];
  for (const ep of options.executionProviders ?? EP_TABLE) {
    if (ep === 'webgpu' && !webgpuAvailable()) {
      skipped.push({ ep, error: 'navigator.gpu is not available here' });
      continue;
    }
    if (ep === 'webgpu' && !options.allowFallbackAdapter && (await softwareAdapter())) {
      skipped.push({ ep, error: 'only a software WebGPU adapter is available (about 500× slower than WASM for this network)' });
      continue;
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model, { executionProviders: [ep], graphOptimizationLevel: 'all' });
    } catch (err) {
      skipped.push({ ep, error: (err as Error).message ?? String(err) });
      continue;
    }
    return wrap(session, ep, skipped);
  }
  throw new Error(`no execution provider could load the model: ${skipped.map((a) => `${a.ep}: ${a.error}`).join('; ')}`);
}

/** The tensor constructor and session of an ORT build (onnxruntime-web here, onnxruntime-node in src/cli). */
export interface OrtLike {
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}
/** The part of an ORT InferenceSession `wrapOrtSession` uses. */
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, never>): Promise<Record<string, { type: string; data: unknown; dims: readonly number[] }>>;
  release(): Promise<void>;
}

function wrap(session: ort.InferenceSession, ep: ExecutionProviderName, skipped: EpAttempt[]): ModelSession {
  // After the first session ORT has settled numThreads (it sets 1 where WebAssembly threads are unavailable).
  const threads = ep === 'wasm' ? Math.max(1, ort.env.wasm.numThreads ?? 1) : 1;
  return wrapOrtSession(ort as unknown as OrtLike, session as unknown as OrtSessionLike, {
    ep,
    skipped,
    threads,
    runtime: `onnxruntime-web ${ort.env.versions.web ?? ''}`.trim(),
  });
}

/**
 * A ModelSession over an ORT session of either build: float32 feeds in, float32 outputs out, one run at a time.
 * Shared with the CLI's onnxruntime-node engine so that both engines feed and read the graph the same way.
 */
export function wrapOrtSession(
  ortApi: OrtLike,
  session: OrtSessionLike,
  info: { ep: ModelSession['ep']; skipped: EpAttempt[]; threads: number; runtime: string },
): ModelSession {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ...info,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run(feeds, signal) {
      const job = queue.then(async () => {
        throwIfAborted(signal, 'The model run');
        const ortFeeds: Record<string, unknown> = {};
        for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ortApi.Tensor('float32', t.data, t.dims);
        const out = await session.run(ortFeeds as Record<string, never>);
        const result: Record<string, FloatTensor> = {};
        for (const [name, t] of Object.entries(out)) {
          if (t.type !== 'float32') throw new Error(`output ${name} is ${t.type}, expected float32`);
          result[name] = { data: t.data as Float32Array, dims: [...t.dims] };
        }
        return result;
      });
      queue = job.catch(() => undefined);
      return job;
    },
    release: () => session.release(),
  };
}
