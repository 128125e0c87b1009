import { describe, expect, it } from 'vitest';
import { blame } from './blame.ts';
import { harmonicMeanPositive, mean } from './pooling.ts';

describe('harmonic-mean blame (exact leave-one-out)', () => {
  it('ranks the frame that drags a harmonic mean down first, with its cost in points', () => {
    const v = [95, 96, 40, 94];
    const b = blame(v, harmonicMeanPositive);
    expect(b[0]!.index).toBe(2);
    expect(b[0]!.cost).toBeCloseTo(harmonicMeanPositive([95, 96, 94]) - harmonicMeanPositive(v), 12);
    expect(b.at(-1)!.cost).toBeLessThan(0);
  });
  it('a mean blames by distance from the mean; one frame costs nothing', () => {
    expect(blame([1, 2, 3], mean)[0]!.index).toBe(0);
    expect(blame([5], mean)).toEqual([{ index: 0, value: 5, cost: 0 }]);
  });
});
