/**
 * Frame-shift hint: an output that is one or two frames early or late against its reference scores a VMAF far below
 * its real quality (a one-frame delay of a clean encode reads about 49). From the mean VMAF of the first few frames
 * at offsets −2…+2 (distorted frame i compared with reference frame i + offset, as `measure`'s `offset` does), say
 * whether another offset aligns much better, and which. Pure decision functions; the pages measure the offsets.
 */

/** Mean VMAF over the same first distorted frames at one offset. */
export interface OffsetVmaf {
  offset: number;
  vmaf: number;
}

export interface FrameShiftHint {
  /** The offset that aligns: distorted frame i matches reference frame i + offset. */
  offset: number;
  vmafAtZero: number;
  vmafAligned: number;
  message: string;
}

/** Offsets probed, in order of preference when two align equally well (the smaller shift first). */
export const SHIFT_OFFSETS: readonly number[] = [0, 1, -1, 2, -2];
/** A shift is only probed when the first frames' VMAF at offset 0 is below this. */
export const SHIFT_PROBE_BELOW = 80;
/** "Much higher": the best offset gains at least this many VMAF points over offset 0 … */
export const SHIFT_MIN_GAIN = 10;
/** … and reaches at least this VMAF (an aligned clip of any sensible encode does). */
export const SHIFT_MIN_ALIGNED = 60;

/** Whether the first frames' VMAF at offset 0 is low enough to be worth probing other offsets. */
export function shouldProbeShift(firstFramesVmaf: readonly number[]): boolean {
  const v = firstFramesVmaf.filter(Number.isFinite);
  if (v.length === 0) return false;
  return v.reduce((a, b) => a + b, 0) / v.length < SHIFT_PROBE_BELOW;
}

/** The hint, or null when offset 0 is (nearly) the best or no offset aligns well. */
export function frameShiftHint(measured: readonly OffsetVmaf[]): FrameShiftHint | null {
  const zero = measured.find((m) => m.offset === 0);
  if (!zero || !Number.isFinite(zero.vmaf)) return null;
  let best: OffsetVmaf | null = null;
  for (const o of SHIFT_OFFSETS) {
    if (o === 0) continue;
    const m = measured.find((x) => x.offset === o);
    if (!m || !Number.isFinite(m.vmaf)) continue;
    if (!best || m.vmaf > best.vmaf) best = m;
  }
  if (!best || best.vmaf - zero.vmaf < SHIFT_MIN_GAIN || best.vmaf < SHIFT_MIN_ALIGNED) return null;
  const n = Math.abs(best.offset);
  const frames = `${n} frame${n === 1 ? '' : 's'}`;
  const what =
    best.offset > 0
      ? `your output's frame i matches the reference's frame i + ${n}: the output starts ${frames} late in the content (its first ${frames} missing, or the reference has ${frames} more at the start)`
      : `your output's frame i matches the reference's frame i − ${n}: the output is delayed by ${frames} (${frames} extra at its start, e.g. a duplicated first frame)`;
  return {
    offset: best.offset,
    vmafAtZero: zero.vmaf,
    vmafAligned: best.vmaf,
    message: `The output looks shifted by ${frames}: on the first frames VMAF is ${zero.vmaf.toFixed(1)} as aligned, but ${best.vmaf.toFixed(1)} at offset ${best.offset > 0 ? '+' : '−'}${n} — ${what}. The validator compares frame by frame without realigning, so fix the shift before submitting.`,
  };
}
