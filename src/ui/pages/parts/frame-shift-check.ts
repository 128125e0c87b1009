/**
 * The frame-shift check the compression and upscaling pages run after measuring (the probe is ui/frame-shift.ts,
 * the decision core/sim/frame-shift.ts): its progress on the page's task bar, and the notice shown when another
 * offset aligns the first frames much better.
 */
import { html, nothing } from 'lit';
import type { EngineMeasureResult } from '../../../bridge/engine.ts';
import type { FrameShiftHint } from '../../../core/sim/frame-shift.ts';
import { firstFramesVmaf, probeFrameShift, type ShiftProbeOptions } from '../../frame-shift.ts';
import type { PageTask } from './page-task.ts';

/** The hint for `output` against `reference` after `measured` (null when offset 0 is fine); aborts with `signal`. */
export function checkFrameShift(task: PageTask, signal: AbortSignal, reference: File, output: File, measured: EngineMeasureResult, opts: ShiftProbeOptions) {
  return probeFrameShift(signal, reference, output, firstFramesVmaf(measured.frames), opts, (done, total) => {
    task.progress = { label: 'Checking whether the output is shifted by a frame', done, total };
  });
}

export function frameShiftNotice(shift: FrameShiftHint | null) {
  return shift
    ? html`<div class="card warn" role="status" data-testid="frame-shift" data-offset=${shift.offset}><strong>Frame shift?</strong> ${shift.message}</div>`
    : nothing;
}
