/**
 * The video engine worker: probe, and measure (decode both clips, stream the frames through the metrics) on the
 * CPU twins or WebGPU. Exposed with Comlink; all logic lives in src/media, src/gpu and src/core. The request and
 * result shapes are src/core/engine-protocol.ts (shared with the CLI).
 */
import * as Comlink from 'comlink';
import { probe } from '../src/media/probe.ts';
import { decodeFrames } from '../src/media/decode.ts';
import { measure, pooledCpuEngine } from '../src/core/metrics/measure.ts';
import type { EngineChoice, EngineMeasureResult, MeasureRequest } from '../src/core/engine-protocol.ts';
import { createSpatialPool, defaultPoolSize } from './spatial-pool.ts';
import { startBlobReader } from './blob-reader.ts';
import type { VmafModelId } from '../src/core/metrics/vmaf/index.ts';
import { frameEngine } from '../src/gpu/engine.ts';
import type { YuvFrame } from '../src/core/video/frame.ts';

const modelCache = new Map<VmafModelId, unknown>();

async function modelJson(ids: VmafModelId[]): Promise<Partial<Record<VmafModelId, unknown>>> {
  const out: Partial<Record<VmafModelId, unknown>> = {};
  for (const id of ids) {
    if (!modelCache.has(id)) {
      const res = await fetch(new URL(`../models/${id}.json`, self.location.href));
      if (!res.ok) throw new Error(`VMAF model ${id} could not be loaded (HTTP ${res.status}); reinstall or reload the app`);
      modelCache.set(id, await res.json());
    }
    out[id] = modelCache.get(id);
  }
  return out;
}

const api = {
  probe: (file: Blob, name?: string) => probe(file, name),

  /** Decodes `count` display frames from `start` (0-based) for viewing; the plane buffers are transferred. */
  async readFrames(file: Blob, start: number, count: number): Promise<YuvFrame[]> {
    const frames: YuvFrame[] = [];
    for await (const f of decodeFrames(file, { start, count })) frames.push(f);
    const buffers = new Set<ArrayBuffer>();
    for (const f of frames) for (const p of [f.y, f.u, f.v]) buffers.add(p.buffer as ArrayBuffer);
    return Comlink.transfer(frames, [...buffers]);
  },

  async measure(ref: Blob, dist: Blob, request: MeasureRequest, onProgress?: (p: { done: number; total?: number }) => void): Promise<EngineMeasureResult> {
    const t0 = performance.now();
    const { engine: choice = 'auto', loseDeviceAfterFrames, threads: threadsAsked = 'auto', ...options } = request;
    const threads = threadsAsked === 'auto' ? defaultPoolSize() : threadsAsked;
    if (!Number.isInteger(threads) || threads < 0 || threads > 64) throw new RangeError(`threads must be a whole number from 0 to 64, got ${threads}`);
    const json = await modelJson(options.models);
    const run = async (kind: EngineChoice) => {
      const engine = await frameEngine(kind);
      const progress = (p: { done: number; total?: number }) => {
        if (loseDeviceAfterFrames !== undefined && p.done >= loseDeviceAfterFrames) engine.loseDevice?.();
        onProgress?.(p);
      };
      const integerModels = options.models.some((m) => m !== 'vmaf_float_v0.6.1');
      const pool = engine.name === 'cpu' && threads > 0 && integerModels ? createSpatialPool(threads) : null;
      // y4m inputs are read on a thread of their own, so the next frames arrive while this one computes.
      const reader = startBlobReader();
      try {
        const impl = pool ? pooledCpuEngine(pool) : engine.impl;
        const decode = (file: Blob) => decodeFrames(file, { readBlob: reader.read });
        const result = await measure(decode(ref), decode(dist), { ...options, modelJson: json }, { onProgress: progress }, impl);
        return { result, engine, threads: pool?.size ?? 0 };
      } finally {
        reader.close();
        void pool?.close();
        engine.dispose();
      }
    };
    const out = await run(choice).catch(async (err: unknown) => {
      // A lost GPU device falls back to the CPU engine and says so; anything else is the input's fault.
      if ((err as Error)?.name === 'GPUDeviceLostError') {
        const again = await run('cpu');
        again.engine.note = `The WebGPU device was lost (${(err as Error).message}); measured on the CPU engine instead.`;
        return again;
      }
      throw err;
    });
    return { ...out.result, engine: out.engine.name, engineNote: out.engine.note, threads: out.threads, seconds: (performance.now() - t0) / 1000 };
  },
};

export type EngineApi = typeof api;
Comlink.expose(api);
