/**
 * Main-thread side of the Yuma worker (workers/yuma.worker.ts): one short-lived worker per computation
 * (`runOnce`, ./worker-bridge.ts), so a large matrix never blocks the page; `signal` cancels (terminates the
 * worker), `onPhase` reports progress.
 */
import type { YumaApi } from '../../workers/yuma.worker.ts';
import type { EpochParams, YumaView } from '../core/rules/yuma/page-view.ts';
import { progress, runOnce } from './worker-bridge.ts';

export type { EpochParams, YumaView };

export function computeYuma(
  signal: AbortSignal | undefined,
  input: string | Blob,
  packId: string,
  params: EpochParams,
  onPhase?: (phase: 'parsing' | 'computing') => void,
  shown?: { maxMatrixCells: number; bondColumns: number },
): Promise<YumaView> {
  return runOnce<YumaApi, YumaView>(
    {
      create: () => new Worker(new URL('../../workers/yuma.worker.ts', import.meta.url), { type: 'module', name: 'preflight-yuma' }),
      what: 'The Yuma computation',
    },
    signal,
    (api) => api.compute(input, packId, params, progress(onPhase), shown),
  );
}
