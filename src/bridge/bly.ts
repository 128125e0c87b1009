/**
 * Main-thread side of the BLY worker (workers/bly.worker.ts): one short-lived worker per computation, so a long
 * scenario never blocks the page; `signal` cancels (terminates the worker).
 */
import type { BlyApi } from '../../workers/bly.worker.ts';
import type { BlyOutcome, BlyResult, Scenario } from '../core/rules/bly/scenario.ts';
import { inWorker } from './oneshot.ts';

export type { BlyOutcome, BlyResult, Scenario };

/** Replays `input` under `packId`; only the first `shown` steps come back (with the last one and the count). */
export function computeBly(signal: AbortSignal | undefined, input: { file: Blob } | { scenario: Scenario }, packId: string, shown: number): Promise<BlyOutcome> {
  return inWorker<BlyApi, BlyOutcome>(
    () => new Worker(new URL('../../workers/bly.worker.ts', import.meta.url), { type: 'module', name: 'preflight-bly' }),
    signal,
    'The BLY replay',
    (api) => api.compute(input, packId, shown),
  );
}
