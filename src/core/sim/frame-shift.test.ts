import { describe, expect, it } from 'vitest';
import { frameShiftHint, shouldProbeShift, SHIFT_MIN_GAIN } from './frame-shift.ts';

const at = (values: Record<number, number>) => Object.entries(values).map(([o, v]) => ({ offset: Number(o), vmaf: v }));

describe('frame-shift hint (decision only)', () => {
  it('a one-frame delay that aligns at offset +1 is named with its offset and both VMAFs', () => {
    const h = frameShiftHint(at({ [-2]: 30, [-1]: 38, 0: 49, 1: 96.2, 2: 47 }));
    expect(h).not.toBeNull();
    expect(h!.offset).toBe(1);
    expect(h!.vmafAtZero).toBe(49);
    expect(h!.vmafAligned).toBe(96.2);
    expect(h!.message).toContain('shifted by 1 frame');
    expect(h!.message).toContain('49.0');
    expect(h!.message).toContain('96.2 at offset +1');
  });

  it('negative offsets (a delayed output) and two-frame shifts', () => {
    expect(frameShiftHint(at({ [-2]: 40, [-1]: 92, 0: 45, 1: 30, 2: 28 }))!.offset).toBe(-1);
    const h = frameShiftHint(at({ [-2]: 91, [-1]: 50, 0: 41, 1: 35, 2: 33 }))!;
    expect(h.offset).toBe(-2);
    expect(h.message).toContain('shifted by 2 frames');
    expect(h.message).toContain('at offset −2');
  });

  it('no hint when offset 0 is best, the gain is small, or nothing aligns well', () => {
    expect(frameShiftHint(at({ [-2]: 60, [-1]: 70, 0: 95, 1: 71, 2: 61 }))).toBeNull();
    expect(frameShiftHint(at({ [-1]: 50, 0: 45, 1: 45 + SHIFT_MIN_GAIN - 0.01 }))).toBeNull();
    expect(frameShiftHint(at({ [-1]: 20, 0: 5, 1: 40 }))).toBeNull();
    expect(frameShiftHint(at({ 1: 90 }))).toBeNull();
    expect(frameShiftHint(at({ 0: NaN, 1: 90 }))).toBeNull();
  });

  it('a tie between +1 and −2 prefers the smaller shift', () => {
    expect(frameShiftHint(at({ [-2]: 90, 0: 40, 1: 90 }))!.offset).toBe(1);
  });

  it('probing starts only when the first frames score low at offset 0', () => {
    expect(shouldProbeShift([49, 50, 48])).toBe(true);
    expect(shouldProbeShift([95, 96, 97])).toBe(false);
    expect(shouldProbeShift([])).toBe(false);
    expect(shouldProbeShift([NaN])).toBe(false);
  });
});
