/** The BLY page's scenario reader and computation: bounds checked before work, errors name the operation. */
import { describe, expect, it } from 'vitest';
import { blyOfInput, computeBly, DEFAULT_SCENARIO, MAX_BLY_OPERATIONS, parseScenario } from './scenario.ts';
import { runBuckets } from './budget.ts';

const ops = (n: number) => Array.from({ length: n }, (_, i) => ({ op: 'allocate', bucket: 'learning', amountBly: 100, hour: i }));

describe('BLY scenario', () => {
  it('replays the default scenario exactly as runBuckets does', () => {
    const r = computeBly(DEFAULT_SCENARIO, 'blyan@56e1d0c');
    expect(r.steps).toEqual(runBuckets(DEFAULT_SCENARIO.dailyBudgetBly, DEFAULT_SCENARIO.startHour, DEFAULT_SCENARIO.operations as never));
  });
  it(`refuses more than ${MAX_BLY_OPERATIONS} operations before replaying any`, () => {
    const text = JSON.stringify({ operations: [{ op: 'bogus' }, ...ops(30_000)] });
    expect(() => parseScenario(text)).toThrow('too many operations: 30001; at most 10000 are replayed');
    expect(() => computeBly({ ...DEFAULT_SCENARIO, operations: ops(10_001) as never }, 'blyan@56e1d0c')).toThrow('too many operations: 10001');
  });
  it('replays the largest accepted scenario; only the first steps, the last and the count travel back', async () => {
    const text = JSON.stringify({ operations: ops(MAX_BLY_OPERATIONS) });
    const full = computeBly(parseScenario(text), 'blyan@56e1d0c');
    expect(full.steps).toHaveLength(MAX_BLY_OPERATIONS);
    const out = await blyOfInput({ file: new Blob([text]) }, 'blyan@56e1d0c', 200);
    expect(out.result.steps).toEqual(full.steps!.slice(0, 200));
    expect(out.lastStep).toEqual(full.steps!.at(-1));
    expect(out.stepCount).toBe(MAX_BLY_OPERATIONS);
    await expect(blyOfInput({ file: { size: 5 * 1048576, text: async () => '' } }, 'blyan@56e1d0c')).rejects.toThrow('too large: 5.0 MiB');
  });
  it('refuses text over 4 MiB and non-objects', () => {
    expect(() => parseScenario(' '.repeat(4 * 1024 * 1024 + 1))).toThrow('too large: 4.0 MiB');
    expect(() => parseScenario('[1]')).toThrow('expected an object');
    expect(() => parseScenario('{"operations": 3}')).toThrow('"operations" must be an array');
    expect(() => parseScenario('{')).toThrow('not valid JSON');
  });
  it('names the operation and field of a bad operation', async () => {
    await expect(
      blyOfInput({ text: JSON.stringify({ operations: [ops(1)[0], { op: 'allocate', bucket: 'nope', amountBly: 1, hour: 2 }] }) }, 'blyan@56e1d0c'),
    ).rejects.toThrow(/^scenario: operation 2 \(row 2\), bucket: expected one of/);
  });
  it('keeps a "__proto__" key a plain key (the prototype of the reward input is unchanged)', () => {
    const s = parseScenario('{"inference": {"__proto__": {"tokens": 5}}}');
    expect(Object.getPrototypeOf(s.inference)).toBe(Object.prototype);
    expect(s.inference.tokens).toBe(1234);
  });
});
