/**
 * The one AbortError (src/core/abort.ts) and the NaN-keeping JSON of the engine page (src/core/json-non-finite.ts).
 */
import { describe, expect, it } from 'vitest';
import { abortError, isAbortError, throwIfAborted } from './abort.ts';
import { nonFiniteReplacer, nonFiniteReviver } from './json-non-finite.ts';

describe('abortError / throwIfAborted', () => {
  it('gives back the signal’s own AbortError, so the caller sees the error it aborted with', () => {
    const ac = new AbortController();
    ac.abort();
    expect(abortError('The scoring', ac.signal)).toBe(ac.signal.reason);
    expect(() => throwIfAborted(ac.signal, 'The scoring')).toThrow(ac.signal.reason as Error);
  });

  it('makes a DOMException named AbortError saying what was cancelled when the reason is not one', () => {
    const ac = new AbortController();
    ac.abort('user pressed stop');
    const e = abortError('The Yuma computation', ac.signal);
    expect(e).toBeInstanceOf(DOMException);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('AbortError');
    expect(e.message).toBe('The Yuma computation was cancelled');
    expect(abortError().message).toBe('The operation was cancelled');
  });

  it('throwIfAborted does nothing for a live or missing signal; isAbortError tells cancellations from failures', () => {
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    expect(isAbortError(abortError())).toBe(true);
    expect(isAbortError(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isAbortError(new Error('frame 15 is truncated'))).toBe(false);
    expect(isAbortError(null)).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
  });
});

describe('non-finite JSON', () => {
  it('NaN and ±Infinity survive a JSON round trip (plain JSON turns them into null)', () => {
    const value = { vmaf: NaN, psnr: [Infinity, -Infinity, 42.5], note: 'ok', nested: { x: null } };
    const text = JSON.stringify(value, nonFiniteReplacer);
    expect(JSON.parse(JSON.stringify(value))).toEqual({ vmaf: null, psnr: [null, null, 42.5], note: 'ok', nested: { x: null } });
    expect(JSON.parse(text, nonFiniteReviver)).toEqual(value);
  });

  it('ordinary strings, including ones that spell a number, stay strings', () => {
    const value = { a: 'NaN', b: 'Infinity', c: '\u0000not-a-tag' };
    expect(JSON.parse(JSON.stringify(value, nonFiniteReplacer), nonFiniteReviver)).toEqual(value);
  });
});
