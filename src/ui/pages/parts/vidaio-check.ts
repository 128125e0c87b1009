/**
 * The steps the Vidaio compression and upscaling checks share around their own scoring: probe the reference and
 * the output (with any other file the page needs probed), refuse a resolution mismatch in the page's words (the
 * validator does not scale), measure per-frame VMAF with the progress on the page's task bar, and store the run
 * with the outcome pf-run-saved shows (a storage error is shown, not thrown: the score stays on screen).
 */
import { engine, type EngineMeasureResult, type MeasureRequest, type MediaProbe } from '../../../bridge/engine.ts';
import { saveRun, type RunDraft } from '../../../bridge/history.ts';
import type { PageTask } from './page-task.ts';

export interface MeasuredPair {
  reference: MediaProbe;
  output: MediaProbe;
  /** The probe of the page's other file (the upscaling payload), null when it has none. */
  other: MediaProbe | null;
  measured: EngineMeasureResult;
}

/**
 * Probes `reference`, `output` and `other` (if any) together, throws `mismatch(reference, output)` when their
 * resolutions differ, then measures output against reference (`request` without the frame-count hint, which is the
 * output's) with the bar labelled `label`.
 */
export async function measurePair(
  task: PageTask,
  signal: AbortSignal,
  files: { reference: File; output: File; other?: File | null },
  request: Omit<MeasureRequest, 'distFramesHint'>,
  label: string,
  mismatch: (reference: MediaProbe, output: MediaProbe) => string,
): Promise<MeasuredPair> {
  task.progress = { done: 0, total: 0, label: 'Probing' };
  const [reference, output, other] = await Promise.all([
    engine.probe(signal, files.reference, files.reference.name),
    engine.probe(signal, files.output, files.output.name),
    files.other ? engine.probe(signal, files.other, files.other.name) : Promise.resolve(null),
  ]);
  if (reference.width !== output.width || reference.height !== output.height) throw new Error(mismatch(reference, output));
  task.progress = { done: 0, total: Math.min(reference.frameCount, output.frameCount), label };
  const measured = await engine.measure(signal, files.reference, files.output, { ...request, distFramesHint: output.frameCount }, (p) =>
    task.advance(p.done, p.total),
  );
  return { reference, output, other, measured };
}

/** What pf-run-saved shows about storing a page's run. */
export interface SaveOutcome {
  status: 'idle' | 'saved' | 'error';
  message: string;
}

export const NOT_SAVED: SaveOutcome = { status: 'idle', message: '' };

/** Stores the run `draft()` builds, with its measured frames; says how that went instead of throwing. */
export async function storeRun(draft: () => Promise<RunDraft>, frames: EngineMeasureResult['frames']): Promise<SaveOutcome> {
  try {
    await saveRun(await draft(), frames);
    return { status: 'saved', message: '' };
  } catch (err) {
    return { status: 'error', message: (err as Error).message };
  }
}
