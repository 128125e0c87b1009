/**
 * The BLY page's worker: reads a scenario and replays it with the selected pack off the main thread
 * (src/core/rules/bly/scenario.ts). Exposed with Comlink; cancel = terminate (src/bridge/bly.ts).
 */
import * as Comlink from 'comlink';
import { blyOfInput, type Scenario } from '../src/core/rules/bly/scenario.ts';

const api = {
  compute(input: { text: string } | { scenario: Scenario }, packId: string) {
    return blyOfInput(input, packId);
  },
};

export type BlyApi = typeof api;
Comlink.expose(api);
