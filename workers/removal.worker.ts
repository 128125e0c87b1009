/**
 * The object-removal worker: checks the item's files and opens them as frame sources (src/media/removal-sources.ts),
 * runs `measureRemoval` (src/core/metrics/removal/pipeline.ts) over them, and decodes single frames of every input
 * for the frame viewer. Exposed with Comlink; all logic lives in src/media and src/core.
 */
import * as Comlink from 'comlink';
import { openRemovalSources, type RemovalFiles, type RemovalInputFacts } from '../src/media/removal-sources.ts';
import { decodeFrames } from '../src/media/decode.ts';
import { measureRemoval } from '../src/core/metrics/removal/pipeline.ts';
import type { LpipsPair, RemovalEngines, RemovalMeasurement, RemovalProgress } from '../src/core/metrics/removal/api.ts';
import type { YuvFrame } from '../src/core/video/frame.ts';

export interface RemovalRequest {
  challengeId?: string;
  referenceSha256Hex?: string;
}

/** The page's LPIPS engine seen from this worker (a Comlink proxy of src/bridge/lpips.ts's, which runs in the LPIPS worker). */
export interface RemovalLpipsProxy {
  distances(pairs: LpipsPair[]): Promise<number[]>;
}

export interface RemovalRunResult {
  measurement: RemovalMeasurement;
  facts: RemovalInputFacts;
  seconds: number;
  /** Which engine computed it, for history and the report. */
  engine: string;
}

/** One display frame of each input (null where the input is absent or shorter). */
export interface RemovalViewFrames {
  served: YuvFrame | null;
  mask: YuvFrame | null;
  candidate: YuvFrame | null;
  reference: YuvFrame | null;
}

async function oneFrame(file: Blob | null | undefined, index: number, opts: { videoStream?: number; gray?: boolean } = {}): Promise<YuvFrame | null> {
  if (!file) return null;
  for await (const f of decodeFrames(file, { start: index, count: 1, ...opts })) return f;
  return null;
}

const api = {
  async measure(
    files: RemovalFiles,
    request: RemovalRequest,
    onProgress?: (p: RemovalProgress) => void,
    lpipsLabel?: string,
    lpips?: RemovalLpipsProxy,
  ): Promise<RemovalRunResult> {
    const t0 = performance.now();
    const { sources, facts } = await openRemovalSources(files);
    const engines: RemovalEngines = lpips ? { lpips: { label: lpipsLabel ?? 'LPIPS worker', distances: (pairs) => lpips.distances([...pairs]) } } : {};
    const measurement = await measureRemoval(sources, engines, {
      ...(request.challengeId ? { challengeId: request.challengeId } : {}),
      ...(request.referenceSha256Hex ? { referenceSha256Hex: request.referenceSha256Hex } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    return { measurement, facts, seconds: (performance.now() - t0) / 1000, engine: 'cpu' };
  },

  /** Frame `index` (display order, 0-based) of every input; the mask decoded as gray. Plane buffers are transferred. */
  async readFrames(files: RemovalFiles, index: number): Promise<RemovalViewFrames> {
    const out: RemovalViewFrames = {
      served: await oneFrame(files.served, index),
      mask: files.mask ? await oneFrame(files.mask, index, { gray: true }) : await oneFrame(files.served, index, { videoStream: 1, gray: true }),
      candidate: await oneFrame(files.candidate, index),
      reference: await oneFrame(files.reference, index),
    };
    const buffers = new Set<ArrayBuffer>();
    for (const f of Object.values(out)) if (f) for (const p of [f.y, f.u, f.v]) buffers.add(p.buffer as ArrayBuffer);
    return Comlink.transfer(out, [...buffers]);
  },
};

export type RemovalApi = typeof api;
Comlink.expose(api);
