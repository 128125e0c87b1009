/**
 * Main-thread side of the Yuma worker (workers/yuma.worker.ts): one short-lived worker per computation, so a large
 * matrix never blocks the page; `signal` cancels (terminates the worker), `onPhase` reports progress.
 */
import * as Comlink from 'comlink';
import type { YumaApi } from '../../workers/yuma.worker.ts';
import type { EpochParams, YumaView } from '../core/rules/yuma/page-view.ts';
import { inWorker } from './oneshot.ts';

export type { EpochParams, YumaView };

export function computeYuma(signal: AbortSignal | undefined, input: string | Blob, packId: string, params: EpochParams, onPhase?: (phase: 'parsing' | 'computing') => void, shown?: { maxMatrixCells: number; bondColumns: number }): Promise<YumaView> {
  return inWorker<YumaApi, YumaView>(
    () => new Worker(new URL('../../workers/yuma.worker.ts', import.meta.url), { type: 'module', name: 'preflight-yuma' }),
    signal,
    'The Yuma computation',
    (api) => api.compute(input, packId, params, onPhase ? Comlink.proxy(onPhase) : undefined, shown),
  );
}
