/**
 * The compression task as the validator states it to a miner (VMAF threshold, requested codec, CRF or VBR) and
 * the three selects that set it, shared by the compression check and the compare-candidates page: both score a
 * clip under the same task and re-evaluate when it changes, without measuring again.
 */
import { choice, plain, type Option } from './fields.ts';

export type Codec = 'av1' | 'hevc';
export type Mode = 'CRF' | 'VBR';

export interface CompressionTask {
  threshold: number;
  codec: Codec;
  mode: Mode;
}

const CODECS: Option<Codec>[] = [
  ['av1', 'AV1'],
  ['hevc', 'HEVC'],
];
const MODES = plain<Mode>(['CRF', 'VBR']);

/** The threshold (from the pack's `thresholds`), codec and mode selects; `set` gets the changed field. */
export function compressionTaskFields(thresholds: readonly number[], task: CompressionTask, set: (change: Partial<CompressionTask>) => void) {
  return [
    choice('VMAF threshold', 'threshold', plain(thresholds), task.threshold, (threshold) => set({ threshold })),
    choice('Requested codec', 'codec', CODECS, task.codec, (codec) => set({ codec })),
    choice('Mode', 'mode', MODES, task.mode, (mode) => set({ mode })),
  ];
}
