/**
 * Harmonic-mean blame: how many points each frame costs a pooled score. A frame's cost is the pooled value without
 * that frame minus the pooled value with it (leave-one-out), so the frames that drag a harmonic mean down the most
 * come first. Works with any pooling function (validator harmonic mean of frames > 0, libvmaf's, arithmetic mean).
 */
export interface FrameBlame {
  /** Position in the input array. */
  index: number;
  value: number;
  /** Points the pooled score would rise without this frame (negative: the frame helps). */
  cost: number;
}

/**
 * @param values per-frame scores (e.g. VMAF 0–100)
 * @param pool the pooling function the validator uses
 * @returns every frame with its cost, most costly first
 */
export function blame(values: readonly number[], pool: (v: readonly number[]) => number): FrameBlame[] {
  if (values.length < 2) return values.map((value, index) => ({ index, value, cost: 0 }));
  const all = pool(values);
  const out: FrameBlame[] = values.map((value, index) => {
    const rest = values.filter((_, i) => i !== index);
    let without: number;
    try {
      without = pool(rest);
    } catch {
      without = NaN;
    }
    return { index, value, cost: without - all };
  });
  return out.sort((a, b) => (b.cost > a.cost ? 1 : b.cost < a.cost ? -1 : a.index - b.index));
}
