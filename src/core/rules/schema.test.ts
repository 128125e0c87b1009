import { describe, expect, it } from 'vitest';
import { arr, int, num, obj, oneOf, optional, uidMap, nullable } from './schema.ts';
import { InputError } from './types.ts';

const s = obj({
  vmaf: num({ min: 0, max: 100 }),
  count: int({ min: 0 }),
  mode: oneOf('image', 'video'),
  history: arr(obj({ sF: num() })),
  map: optional(uidMap(num()), {}),
  maybe: optional(nullable(num())),
});

describe('input schemas', () => {
  it('accepts valid input and fills defaults', () => {
    expect(s.parse({ vmaf: 90, count: 2, mode: 'image', history: [{ sF: NaN }] }, 'inputs')).toEqual({
      vmaf: 90,
      count: 2,
      mode: 'image',
      history: [{ sF: NaN }],
      map: {},
    });
  });

  it.each([
    [{ vmaf: 101, count: 2, mode: 'image', history: [] }, 'inputs.vmaf: expected a number in 0…100, got 101'],
    [{ vmaf: 90, count: 1.5, mode: 'image', history: [] }, 'inputs.count: expected an integer in 0…∞, got 1.5'],
    [{ vmaf: 90, count: 1, mode: 'audio', history: [] }, 'inputs.mode: expected one of "image", "video", got "audio"'],
    [{ vmaf: 90, count: 1, mode: 'image', history: [{ sF: 'x' }] }, 'inputs.history[0].sF: expected a number, got "x"'],
    [{ vmaf: 90, count: 1, mode: 'image' }, 'inputs.history: missing (expected an array of an object with sF)'],
    [{ vmaf: 90, count: 1, mode: 'image', history: [], extra: 1 }, 'inputs.extra: unknown key'],
    [{ vmaf: 90, count: 1, mode: 'image', history: [], map: { a: 1 } }, 'inputs.map.a: expected a decimal UID as key'],
  ])('names the field of a bad input %#', (input, message) => {
    expect(() => s.parse(input, 'inputs')).toThrow(InputError);
    expect(() => s.parse(input, 'inputs')).toThrow(message);
  });
});

describe('prototype keys (issue 13, item 7)', () => {
  const t = obj({ a: num(), b: optional(num(), 7) });
  it('a "__proto__" key read from JSON is an unknown key, and does not smuggle required keys in', () => {
    const input = JSON.parse('{"__proto__": {"a": 1}}');
    expect(() => t.parse(input, 'inputs')).toThrow('inputs.__proto__: unknown key (expected one of a, b)');
  });
  it('keys inherited through a replaced prototype are not read', () => {
    const input = Object.create({ a: 1 });
    expect(() => t.parse(input, 'inputs')).toThrow('inputs.a: missing');
  });
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('an input key %s is an unknown key', (k) => {
    expect(() => t.parse({ a: 1, [k]: 2 }, 'inputs')).toThrow(`inputs.${k}: unknown key`);
  });
});
