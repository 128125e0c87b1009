/**
 * The BLY page's worker: reads a scenario and replays it with the selected pack off the main thread
 * (src/core/rules/bly/scenario.ts). Exposed with Comlink; cancel = terminate (src/bridge/bly.ts).
 */
import * as Comlink from 'comlink';
import { blyOfInput, type Scenario } from '../src/core/rules/bly/scenario.ts';

const api = {
  /** `input`: a dropped file (read here, off the page's thread) or the edited scenario; `shown` steps come back. */
  compute(input: { file: Blob } | { scenario: Scenario }, packId: string, shown: number) {
    return blyOfInput(input, packId, shown);
  },
};

export type BlyApi = typeof api;
Comlink.expose(api);
