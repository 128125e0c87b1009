/**
 * PIE-APP's native engine for the CLI: the same ONNX graph the browser runs (src/core/pieapp/onnx.ts) on
 * onnxruntime-node's CPU execution provider (native MLAS kernels, one intra-op thread per core by default), wrapped
 * as the `ModelSession` of src/ml/session.ts so that the runner feeds and reads it exactly as it does the WASM
 * engine. onnxruntime-node is imported lazily, here only (Node-only code; never src/core), so that a machine where
 * its native binding cannot load still runs every other command and falls back to the WASM engine, saying why.
 */
import { availableParallelism } from 'node:os';
import { wrapOrtSession, type ModelSession, type OrtLike, type OrtSessionLike } from '../ml/session.ts';
import { PreflightError } from '../core/errors.ts';

/** Why the native engine could not start (binding missing or unloadable, model rejected). */
export class NativeOrtError extends PreflightError {
  override readonly name = 'NativeOrtError';
}

type OrtNode = typeof import('onnxruntime-node');

/** How onnxruntime-node is loaded (tests replace it to simulate a machine without the binding). */
export type OrtNodeLoader = () => Promise<OrtNode>;
const defaultLoader: OrtNodeLoader = () => import('onnxruntime-node');

/**
 * Loads onnxruntime-node. Throws NativeOrtError with the loader's reason (e.g. a missing prebuilt binary for this
 * platform, or a libc too old for it).
 */
export async function loadOrtNode(loader: OrtNodeLoader = defaultLoader): Promise<OrtNode> {
  try {
    const mod = await loader();
    // CommonJS interop: the namespace may carry the API on `default`.
    const ort = ((mod as { InferenceSession?: unknown }).InferenceSession ? mod : (mod as unknown as { default: OrtNode }).default) as OrtNode;
    if (!ort?.InferenceSession) throw new Error('the module has no InferenceSession');
    return ort;
  } catch (err) {
    throw new NativeOrtError(`onnxruntime-node could not be loaded: ${((err as Error).message ?? String(err)).split('\n')[0]}`);
  }
}

/** Default native threads: one per core (what `availableParallelism()` reports). */
export function defaultNativeThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A session of `model` (ONNX bytes) on onnxruntime-node's CPU EP with `threads` intra-op threads (default: one per
 * core) and every graph optimisation on, as the WASM engine uses.
 * @throws NativeOrtError when the binding cannot load or the model is rejected.
 */
export async function createNativeSession(model: Uint8Array, options: { threads?: number; loader?: OrtNodeLoader } = {}): Promise<ModelSession> {
  const ort = await loadOrtNode(options.loader);
  const threads = Math.max(1, Math.floor(options.threads ?? defaultNativeThreads()));
  let session: Awaited<ReturnType<OrtNode['InferenceSession']['create']>>;
  try {
    session = await ort.InferenceSession.create(model, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
    });
  } catch (err) {
    throw new NativeOrtError(`onnxruntime-node cannot load the model: ${((err as Error).message ?? String(err)).split('\n')[0]}`);
  }
  return wrapOrtSession(ort as unknown as OrtLike, session as unknown as OrtSessionLike, {
    ep: 'native',
    skipped: [],
    threads,
    runtime: `onnxruntime-node ${ort.env.versions.node ?? ort.env.versions.common}`,
  });
}
