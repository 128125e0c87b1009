/**
 * The Vidaio history row of a stored run: the values the pack's multipliers and EMA read (S_F, S_Q, S_f, the
 * scored VMAF, the threshold and the compression rate), taken from the run's `scores` and `metrics`.
 */
import type { RunRecord } from './records.ts';
import type { VidaioRow } from './vidaio-standing.ts';

export function vidaioRow(run: RunRecord): VidaioRow {
  const n = (k: string) => (typeof run.scores[k] === 'number' ? (run.scores[k] as number) : undefined);
  return {
    sF: n('sF'),
    sQ: n('sQ'),
    score: n('score'),
    vmaf: n('vmafPooled') ?? run.metrics.vmaf_neg ?? run.metrics.vmaf,
    vmafThreshold: n('vmafThreshold'),
    compressionRate: n('compressionRate'),
  };
}
