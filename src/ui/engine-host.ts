/**
 * Script of engine.html, the page the `preflight` CLI (src/cli/browser/) and the benchmark open in headless
 * Chromium. It exposes `window.preflightEngine`: `adapter()` says which WebGPU adapter the browser gives,
 * `measure(request)` fetches the two inputs from same-origin URLs the CLI serves, runs the app's engine worker
 * (src/bridge/engine.ts) and returns the result as JSON text in which non-finite numbers are tagged strings
 * (src/core/json-non-finite.ts; a request with no models and no features times decoding alone), and `memory()` reports the
 * page's memory where the browser can measure it. Progress goes to `window.preflightProgress` when the CLI exposes it.
 * `pieapp(request)` scores a seeded synthetic image pair on a PIE-APP ONNX graph the CLI serves, in a fresh PIE-APP
 * worker per run with the thread count asked for, or in a pool of `pool` workers splitting the batches as the app
 * does (the benchmark's browser PIE-APP rows).
 * `lpips(pairs)` runs LPIPS-VGG on the installed graph in the LPIPS worker (null when no weights are installed).
 */
import { engine } from '../bridge/engine.ts';
import type { AdapterReport, EngineHostApi, HostMeasureRequest, HostMeasureResponse } from '../core/engine-protocol.ts';
import { nonFiniteReplacer } from '../core/json-non-finite.ts';
import { measurePieappPatches, type PieappPatchMeasure } from '../bridge/pieapp.ts';
import { browserLpipsEngine } from '../bridge/lpips.ts';

declare global {
  interface Window {
    preflightEngine?: typeof host;
    preflightProgress?: (p: { done: number; total?: number }) => void;
  }
}

async function fetchFile(url: string, name: string): Promise<File> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not read the ${name} input (HTTP ${res.status})`);
  const blob = await res.blob();
  // A File keeps the name for the worker's error messages.
  return new File([blob], decodeURIComponent(res.headers.get('x-preflight-name') ?? name));
}

/**
 * The inputs fetched by recent measures, by URL (at most CACHED_INPUTS, the most recently used kept). A fetched
 * Blob lives in the browser's blob storage until the page's garbage collector frees its small JS wrapper, which it
 * has no reason to do soon: measures that fetched the same 200 MB y4m pair again and again (the benchmark's
 * repeated runs) failed with "Failed to fetch" after about 2 GB. Serving a repeated URL from here bounds that by the
 * distinct inputs of a session (a CLI session serves each name from one file, so a URL is one file).
 */
const CACHED_INPUTS = 8;
const inputs = new Map<string, Promise<File>>();
function input(url: string, name: string): Promise<File> {
  let file = inputs.get(url);
  if (file) inputs.delete(url);
  else file = fetchFile(url, name);
  inputs.set(url, file);
  file.catch(() => inputs.delete(url));
  while (inputs.size > CACHED_INPUTS) inputs.delete(inputs.keys().next().value!);
  return file;
}

const host = {
  async adapter(): Promise<AdapterReport> {
    const none = (reason: string): AdapterReport => ({
      available: false,
      reason,
      vendor: '',
      architecture: '',
      device: '',
      description: '',
      isFallbackAdapter: false,
    });
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return none('navigator.gpu is missing');
    let adapter: GPUAdapter | null;
    try {
      adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    } catch (e) {
      return none(`requestAdapter failed: ${(e as Error).message}`);
    }
    if (!adapter) return none('requestAdapter() returned null (no adapter; headless Chromium needs --enable-unsafe-webgpu)');
    const i = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    return {
      available: true,
      reason: null,
      vendor: i.vendor,
      architecture: i.architecture,
      device: i.device,
      description: i.description,
      isFallbackAdapter: Boolean(i.isFallbackAdapter),
    };
  },

  async measure(req: HostMeasureRequest): Promise<string> {
    const [ref, dist] = await Promise.all([input(req.refUrl, 'reference'), input(req.distUrl, 'distorted')]);
    const onProgress = (p: { done: number; total?: number }) => window.preflightProgress?.({ done: p.done, total: p.total });
    try {
      const probeOf = (b: Blob) => engine.probe(undefined, b).catch(() => null);
      const [refProbe, distProbe] = await Promise.all([probeOf(ref), probeOf(dist)]);
      const result = await engine.measure(undefined, ref, dist, req.request, onProgress);
      const response: HostMeasureResponse = { result, probes: { ref: refProbe, dist: distProbe } };
      return JSON.stringify(response, nonFiniteReplacer);
    } finally {
      engine.stop();
    }
  },

  /**
   * PIE-APP patch pairs of a synthetic `size`×`size` pair (values from `seed`) on the model at `modelUrl`: one
   * session on `threads` WASM threads, or, given `pool` > 1, that many workers of `threads` threads each splitting the
   * pair's batches (the app's arrangement). `timedPasses` passes over the pair are timed back to back (default 1)
   * after the warm-up; the rate is over them.
   */
  async pieapp(req: {
    modelUrl: string;
    threads?: number;
    pool?: number;
    size: number;
    seed: number;
    batchSize?: number;
    timedPasses?: number;
  }): Promise<PieappPatchMeasure & { pairsPerSecond: number; isolated: boolean }> {
    const res = await fetch(req.modelUrl);
    if (!res.ok) throw new Error(`could not read the PIE-APP model (HTTP ${res.status})`);
    const model = new Uint8Array(await res.arrayBuffer());
    const n = 3 * req.size * req.size;
    const image = (salt: number) => {
      const bgr = new Float32Array(n);
      for (let i = 0; i < n; i++) bgr[i] = ((i * 2654435761 + req.seed * 97 + salt) >>> 0) % 256;
      return { width: req.size, height: req.size, order: 'bgr' as const, planes: bgr };
    };
    const r = await measurePieappPatches(model, image(1), image(7), {
      threads: req.threads,
      workers: req.pool && req.pool > 1 ? Array.from({ length: req.pool }, () => req.threads ?? 1) : undefined,
      batchSize: req.batchSize,
      timedPasses: req.timedPasses,
    });
    return { ...r, pairsPerSecond: r.patches / r.seconds, isolated: crossOriginIsolated };
  },

  /** `performance.measureUserAgentSpecificMemory()` bytes (needs cross-origin isolation), or null. */
  async memory(): Promise<number | null> {
    const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
    if (!p.measureUserAgentSpecificMemory || !crossOriginIsolated) return null;
    try {
      return (await p.measureUserAgentSpecificMemory()).bytes;
    } catch {
      return null;
    }
  },

  /** LPIPS distances of packed RGB pairs (plain arrays) on the installed LPIPS-VGG graph, in the LPIPS worker. */
  async lpips(pairs: { a: number[]; b: number[]; width: number; height: number }[]): Promise<{ distances: number[]; label: string } | null> {
    const e = await browserLpipsEngine();
    if (!e) return null;
    const distances = await e.distances(pairs.map((p) => ({ a: Uint8Array.from(p.a), b: Uint8Array.from(p.b), width: p.width, height: p.height })));
    return { distances, label: e.label };
  },
} satisfies EngineHostApi & Record<string, unknown>;

window.preflightEngine = host;
document.documentElement.dataset.preflightEngine = 'ready';
