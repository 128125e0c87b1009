import { describe, expect, it } from 'vitest';
import { formatNumber, formatTicks } from './format.ts';

describe('formatNumber (text for people)', () => {
  it('rounds to the given decimals and drops trailing zeros', () => {
    expect(formatNumber(48.99862902253769)).toBe('48.999');
    expect(formatNumber(48.99862902253769, 2)).toBe('49');
    expect(formatNumber(0.5, 4)).toBe('0.5');
    expect(formatNumber(30)).toBe('30');
    expect(formatNumber(29.97002997002997, 2)).toBe('29.97');
    expect(formatNumber(-0.0001, 2)).toBe('0');
    expect(formatNumber(-1.25, 1)).toBe('-1.3');
  });
  it('spells out non-finite values', () => {
    expect(formatNumber(NaN)).toBe('NaN');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
  it('tick labels use the fewest decimals that keep them distinct', () => {
    expect(formatTicks([0, 0.5, 1])).toEqual(['0', '0.5', '1']);
    expect(formatTicks([0.9991, 0.9992, 0.9993])).toEqual(['0.9991', '0.9992', '0.9993']);
    expect(formatTicks([0, 10, 20])).toEqual(['0', '10', '20']);
  });
});
