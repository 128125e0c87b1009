/**
 * The one module that imports onnxruntime-web. It creates an inference session from model bytes, trying the
 * execution providers of a table in order (WebGPU where `navigator.gpu` exists, then wasm), records which EP
 * actually runs and why the others were skipped, and serialises runs (an ORT session must not run twice at once).
 * In Node, `import * as ort from 'onnxruntime-web'` resolves to ORT's Node build, whose wasm backend works; WebGPU
 * is skipped there. Inputs and outputs cross this boundary as plain typed arrays so that no other module needs
 * ORT's types.
 */
import * as ort from 'onnxruntime-web';

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
  /** wasm threads (default 1: two threads gave no gain on 2 cores and need cross-origin isolation). */
  numThreads?: number;
  /** Use the WebGPU EP even on a software (fallback) adapter, which is ~500× slower than WASM (tests only). */
  allowFallbackAdapter?: boolean;
}

/** A created session. `ep` is the execution provider that accepted the model. */
export interface ModelSession {
  ep: ExecutionProviderName;
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

function abortError(): Error {
  return new DOMException('the operation was aborted', 'AbortError');
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

function wrap(session: ort.InferenceSession, ep: ExecutionProviderName, skipped: EpAttempt[]): ModelSession {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ep,
    skipped,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    run(feeds, signal) {
      const job = queue.then(async () => {
        if (signal?.aborted) throw abortError();
        const ortFeeds: Record<string, ort.Tensor> = {};
        for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
        const out = await session.run(ortFeeds);
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
