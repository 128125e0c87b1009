/**
 * The steps the Vidaio compression and upscaling checks share around their own scoring: probe the reference and
 * the output (with any other file the page needs probed), refuse a resolution mismatch in the page's words (the
 * validator does not scale) and measure per-frame VMAF with the progress on the page's task bar. Storing the run
 * is the pages' RunStore (../../components/run-saved.ts).
 */
import { engine, type EngineMeasureResult, type MeasureRequest, type MediaProbe } from '../../../bridge/engine.ts';
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
