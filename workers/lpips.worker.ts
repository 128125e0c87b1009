/**
 * The LPIPS-VGG worker: stages the user's two weight files one at a time (each read and validated here as soon as
 * it is dropped, with its size and sha256), installs the pair as one ONNX graph in IndexedDB (`lpips-vgg`, one put
 * after everything succeeded, so a failed install never replaces a working one), reports status, removes it, and
 * computes LPIPS distances of crop pairs on onnxruntime-web with PIE-APP's thread plan (every core, at most 8, where
 * the page is cross-origin isolated; one thread otherwise). Logic lives in src/core/lpips, src/ml and src/storage.
 */
import * as Comlink from 'comlink';
import { buildLpipsOnnx } from '../src/core/lpips/onnx.ts';
import { LPIPS_PARAMETER_COUNT, loadLpipsHeadsPth, loadVgg16Pth, type LpipsFileKind, type LpipsWeights } from '../src/core/lpips/weights.ts';
import type { LpipsPair } from '../src/core/metrics/removal/api.ts';
import { pieappThreadPlan } from '../src/core/pieapp/threads.ts';
import { onnxLpipsEngine } from '../src/ml/lpips-runner.ts';
import { createSession, type ModelSession } from '../src/ml/session.ts';
import { browserWasmPaths } from '../src/ml/wasm-url.ts';
import { deleteModel, getModel, putModel, type InstalledModelMeta } from '../src/storage/models.repo.ts';

export const LPIPS_MODEL = 'lpips-vgg';

export interface LpipsStatus {
  installed: boolean;
  message: string;
  meta?: InstalledModelMeta;
}

/** A validated, staged file. */
export interface LpipsStaged {
  kind: LpipsFileKind;
  file: string;
  bytes: number;
  sha256: string;
}

const staged = new Map<LpipsFileKind, { info: LpipsStaged; weights: LpipsWeights }>();
let session: ModelSession | null = null;

function wasmThreadsAvailable(): boolean {
  try {
    return typeof SharedArrayBuffer !== 'undefined' && new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const api = {
  async status(): Promise<LpipsStatus> {
    const stored = await getModel(LPIPS_MODEL).catch(() => null);
    if (stored)
      return { installed: true, message: `${stored.meta.sourceFile} (installed ${new Date(stored.meta.installedAt).toLocaleDateString()})`, meta: stored.meta };
    return {
      installed: false,
      message:
        "LPIPS-VGG needs torchvision's VGG16 weights (vgg16-397923af.pth, ~528 MB) and lpips's v0.1 heads (vgg.pth, ~7 KB): drop both once and the graph is stored in this browser.",
    };
  },

  /** Reads and validates one file; it stays staged in this worker until `install` or `clear`. Throws a message naming the file. */
  async stage(kind: LpipsFileKind, file: Blob, name: string): Promise<LpipsStaged> {
    staged.delete(kind);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let weights: LpipsWeights;
    try {
      weights = kind === 'vgg16' ? loadVgg16Pth(bytes) : loadLpipsHeadsPth(bytes);
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}`);
    }
    const info: LpipsStaged = { kind, file: name, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
    staged.set(kind, { info, weights });
    return info;
  },

  clear(): void {
    staged.clear();
  },

  /** Builds the graph from both staged files and stores it; the previous model stays until the new one is stored. */
  async install(onProgress?: (p: { phase: string; fraction: number }) => void): Promise<LpipsStatus> {
    const trunk = staged.get('vgg16');
    const heads = staged.get('heads');
    if (!trunk || !heads) throw new Error(`drop ${!trunk ? "torchvision's VGG16 weights (vgg16-397923af.pth)" : "lpips's heads (vgg.pth)"} too`);
    onProgress?.({ phase: 'building the ONNX graph', fraction: 0.3 });
    const onnx = buildLpipsOnnx(new Map([...trunk.weights, ...heads.weights]));
    onProgress?.({ phase: 'storing', fraction: 0.7 });
    const sources = [trunk.info, heads.info].map((s) => ({
      role: s.kind === 'vgg16' ? 'VGG16 trunk' : 'lpips v0.1 heads',
      file: s.file,
      bytes: s.bytes,
      sha256: s.sha256,
    }));
    const meta: InstalledModelMeta = {
      name: LPIPS_MODEL,
      sourceFile: `${trunk.info.file} + ${heads.info.file}`,
      sourceBytes: trunk.info.bytes + heads.info.bytes,
      sourceKind: 'pth',
      installedAt: Date.now(),
      parameterCount: LPIPS_PARAMETER_COUNT,
      sources,
    };
    await putModel({ meta, onnx });
    staged.clear();
    if (session) await session.release().catch(() => undefined);
    session = null;
    onProgress?.({ phase: 'done', fraction: 1 });
    return { installed: true, message: `${meta.sourceFile} (installed now)`, meta };
  },

  async remove(): Promise<void> {
    await deleteModel(LPIPS_MODEL);
    if (session) await session.release().catch(() => undefined);
    session = null;
  },

  /** LPIPS of each pair, in order, on the installed graph. Throws when no model is installed. */
  async distances(pairs: LpipsPair[]): Promise<{ distances: number[]; label: string }> {
    if (!session) {
      const stored = await getModel(LPIPS_MODEL);
      if (!stored) throw new Error('LPIPS-VGG weights are not installed: drop vgg16-397923af.pth and vgg.pth in Settings.');
      const plan = pieappThreadPlan({
        cores: navigator.hardwareConcurrency,
        crossOriginIsolated: self.crossOriginIsolated === true,
        wasmThreads: wasmThreadsAvailable(),
      });
      session = await createSession(stored.onnx, { wasmPaths: browserWasmPaths(), numThreads: plan.threads });
    }
    const engine = onnxLpipsEngine(session);
    return { distances: await engine.distances(pairs), label: engine.label };
  },
};

export type LpipsApi = typeof api;
Comlink.expose(api);
