/**
 * LPIPS-VGG for the CLI: `createCliLpipsEngine` reads the user's two weight files (torchvision's VGG16 checkpoint
 * and lpips's v0.1 `vgg.pth`), validates them (src/core/lpips/weights.ts) and returns an `LpipsEngine`
 * (src/core/metrics/removal/api.ts) on onnxruntime-node's CPU EP, onnxruntime-web's WASM backend or the CPU twin.
 * The fallback logic is PIE-APP's (src/cli/commands/pieapp.ts): `auto` tries the native engine and, when its
 * binding cannot load on this machine, runs the same graph on WASM and says why in `fallback`; `native` is strict;
 * a model the native runtime rejects is the model's problem, never a reason to fall back.
 */
import { readFileSync } from 'node:fs';
import type { LpipsEngine } from '../core/metrics/removal/api.ts';
import { buildLpipsOnnx } from '../core/lpips/onnx.ts';
import { LpipsWeightsError, loadLpipsHeadsPth, loadVgg16Pth, type LpipsWeights } from '../core/lpips/weights.ts';
import { createSession, type ModelSession } from '../ml/session.ts';
import { onnxLpipsEngine, twinLpipsEngine } from '../ml/lpips-runner.ts';
import { CliError } from './args.ts';
import { NativeOrtError, createNativeSession, type OrtNodeLoader } from './ort-native.ts';

export type LpipsEngineChoice = 'auto' | 'native' | 'wasm' | 'twin';

export interface CliLpipsOptions {
  engine: LpipsEngineChoice;
  vgg16Path: string;
  headsPath: string;
  /** Native intra-op threads (default one per core) or WASM threads (default 1). */
  threads?: number;
  /** Tests: how onnxruntime-node is loaded. */
  loader?: OrtNodeLoader;
}

/** The engine plus what the report says about it. */
export interface CliLpipsEngine extends LpipsEngine {
  threads: number;
  /** Why the native engine did not run when WASM stood in for it; null otherwise. */
  fallback: string | null;
}

function readWeights(path: string, load: (b: Uint8Array) => LpipsWeights, what: string): LpipsWeights {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new CliError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return load(bytes);
  } catch (err) {
    if (err instanceof LpipsWeightsError) throw new CliError(`${path}: ${err.message}`);
    throw err;
  }
}

/** Reads and validates both files; the trunk and heads in one map. @throws CliError naming the file. */
export function readCliLpipsWeights(vgg16Path: string, headsPath: string): LpipsWeights {
  return new Map([...readWeights(vgg16Path, loadVgg16Pth, 'the VGG16 weights'), ...readWeights(headsPath, loadLpipsHeadsPth, 'the lpips heads')]);
}

/** Builds the engine the options ask for (see the file header for the fallback rules). */
export async function createCliLpipsEngine(options: CliLpipsOptions): Promise<CliLpipsEngine> {
  const weights = readCliLpipsWeights(options.vgg16Path, options.headsPath);
  if (options.engine === 'twin') return Object.assign(twinLpipsEngine(weights), { threads: 1, fallback: null });
  const model = buildLpipsOnnx(weights);
  let session: ModelSession | undefined;
  let fallback: string | null = null;
  if (options.engine === 'auto' || options.engine === 'native') {
    try {
      session = await createNativeSession(model, { threads: options.threads, loader: options.loader });
    } catch (err) {
      if (!(err instanceof NativeOrtError)) throw err;
      if (options.engine === 'native' || /cannot load the model/.test(err.message)) throw new CliError(`LPIPS: ${err.message}`);
      fallback = err.message;
    }
  }
  if (!session) {
    try {
      session = await createSession(model, { executionProviders: ['wasm'], numThreads: options.threads ?? 1 });
    } catch (err) {
      throw new CliError(`LPIPS: onnxruntime-web cannot load the model: ${(err as Error).message}`);
    }
  }
  return Object.assign(onnxLpipsEngine(session), { threads: session.threads, fallback });
}
