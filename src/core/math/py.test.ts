import { describe, expect, it } from 'vitest';
import { f16, npArgmax, pyClamp, pyMax, pyMin, pyRound, pyRoundInt } from './py.ts';

describe('Python semantics', () => {
  it('min/max keep the first argument unless the second is strictly smaller/larger (NaN cases)', () => {
    expect(pyMin(1, NaN)).toBe(1);
    expect(pyMin(NaN, 2)).toBeNaN();
    expect(pyMax(0, NaN)).toBe(0);
    expect(pyMax(NaN, 0)).toBeNaN();
    expect(pyClamp(NaN, 0, 1)).toBe(1);
  });

  it('round(x, n) rounds the exact binary value, ties to even', () => {
    expect(pyRound(0.03125, 4)).toBe(0.0312);
    expect(pyRound(0.00275, 4)).toBe(0.0027);
    expect(pyRound(2.675, 2)).toBe(2.67); // 2.675 is stored below the midpoint
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(-0.125, 2)).toBe(-0.12);
    expect(pyRound(83.33333333333333, 4)).toBe(83.3333);
    expect(pyRound(1e-300, 4)).toBe(0);
    expect(pyRound(NaN, 4)).toBeNaN();
  });

  it('round(x) ties to even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999].map(pyRoundInt)).toEqual([0, 2, 2, 0, -2, 2]);
  });

  it('argmax takes the first maximum and a NaN wins', () => {
    expect(npArgmax([0.5, 0.5, 0])).toBe(0);
    expect(npArgmax([0, 0.5, 0.5])).toBe(1);
    expect(npArgmax([0.2, NaN, 0.9, NaN])).toBe(1);
  });

  it('float16 rounding matches IEEE half precision', () => {
    expect(f16(0.501)).toBe(0.5009765625); // the vectors' "just above 0.5"
    expect(f16(0.5)).toBe(0.5);
    expect(f16(0.1)).toBe(0.0999755859375);
    expect(f16(65504)).toBe(65504);
    expect(f16(65520)).toBe(Infinity);
    expect(f16(5.960464477539063e-8)).toBe(5.960464477539063e-8); // smallest subnormal
    expect(f16(2.9e-8)).toBe(0);
    expect(f16(1 + 2 ** -11)).toBe(1); // tie → even
    expect(f16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
  });
});
