/**
 * Main-thread side of the BLY worker (workers/bly.worker.ts): one short-lived worker per computation, so a long
 * scenario never blocks the page; `signal` cancels (terminates the worker).
 */
import type { BlyApi } from '../../workers/bly.worker.ts';
import type { BlyResult, Scenario } from '../core/rules/bly/scenario.ts';
import { inWorker } from './oneshot.ts';

export type { BlyResult, Scenario };

export function computeBly(signal: AbortSignal | undefined, input: { text: string } | { scenario: Scenario }, packId: string): Promise<{ scenario: Scenario; result: BlyResult }> {
  return inWorker<BlyApi, { scenario: Scenario; result: BlyResult }>(
    () => new Worker(new URL('../../workers/bly.worker.ts', import.meta.url), { type: 'module', name: 'preflight-bly' }),
    signal,
    'The BLY replay',
    (api) => api.compute(input, packId),
  );
}
