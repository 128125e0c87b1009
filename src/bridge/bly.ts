/**
 * Main-thread side of the BLY worker (workers/bly.worker.ts): one short-lived worker per computation (`runOnce`,
 * ./worker-bridge.ts), so a long scenario never blocks the page; `signal` cancels (terminates the worker).
 */
import type { BlyApi } from '../../workers/bly.worker.ts';
import type { BlyOutcome, BlyResult, Scenario } from '../core/rules/bly/scenario.ts';
import { runOnce } from './worker-bridge.ts';

export type { BlyOutcome, BlyResult, Scenario };

/** Replays `input` under `packId`; only the first `shown` steps come back (with the last one and the count). */
export function computeBly(
  signal: AbortSignal | undefined,
  input: { file: Blob } | { scenario: Scenario },
  packId: string,
  shown: number,
): Promise<BlyOutcome> {
  return runOnce<BlyApi, BlyOutcome>(
    { create: () => new Worker(new URL('../../workers/bly.worker.ts', import.meta.url), { type: 'module', name: 'preflight-bly' }), what: 'The BLY replay' },
    signal,
    (api) => api.compute(input, packId, shown),
  );
}
