/**
 * The Yuma page's worker: parses stake/weights text and computes the selected pack's view off the main thread
 * (src/core/rules/yuma/page-view.ts), reporting the phase. Exposed with Comlink; cancel = terminate (src/bridge/yuma.ts).
 */
import * as Comlink from 'comlink';
import { yumaViewOfInput, type EpochParams } from '../src/core/rules/yuma/page-view.ts';

const api = {
  /** `input`: the text, or the dropped file (read here, so a large file never passes through the page's thread). */
  compute(
    input: string | Blob,
    packId: string,
    params: EpochParams,
    onPhase?: (phase: 'parsing' | 'computing') => void,
    shown?: { maxMatrixCells: number; bondColumns: number },
  ) {
    return yumaViewOfInput(input, packId, params, onPhase, shown);
  },
};

export type YumaApi = typeof api;
Comlink.expose(api);
