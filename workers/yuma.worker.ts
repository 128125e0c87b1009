/**
 * The Yuma page's worker: parses stake/weights text and computes the selected pack's view off the main thread
 * (src/core/rules/yuma/page-view.ts), reporting the phase. Exposed with Comlink; cancel = terminate (src/bridge/yuma.ts).
 */
import * as Comlink from 'comlink';
import { yumaViewOfText, type EpochParams } from '../src/core/rules/yuma/page-view.ts';

const api = {
  compute(text: string, packId: string, params: EpochParams, onPhase?: (phase: 'parsing' | 'computing') => void) {
    return yumaViewOfText(text, packId, params, onPhase);
  },
};

export type YumaApi = typeof api;
Comlink.expose(api);
