/**
 * Main-thread side of the Yuma worker (workers/yuma.worker.ts): one short-lived worker per computation
 * (`runOnce`, ./worker-bridge.ts), so a large matrix never blocks the page; `signal` cancels (terminates the
 * worker), `onPhase` reports progress.
 */
import type { YumaApi } from '../../workers/yuma.worker.ts';
import type { EpochParams, YumaView } from '../core/rules/yuma/page-view.ts';
import { progress, runOnce } from './worker-bridge.ts';

export type { EpochParams, YumaView };

/** The worker's `compute` (`yumaViewOfInput` of src/core/rules/yuma/page-view.ts) with its arguments, cancelled by `signal`. */
export function computeYuma(signal: AbortSignal | undefined, ...args: Parameters<YumaApi['compute']>): Promise<YumaView> {
  const [input, packId, params, onPhase, shown] = args;
  return runOnce<YumaApi, YumaView>(
    {
      create: () => new Worker(new URL('../../workers/yuma.worker.ts', import.meta.url), { type: 'module', name: 'preflight-yuma' }),
      what: 'The Yuma computation',
    },
    signal,
    (api) => api.compute(input, packId, params, progress(onPhase), shown),
  );
}
