/** The CLI's shared input checks: JSON depth and overflow, output paths, option parsing, one-line errors. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPath, CliError, jsonNesting, MAX_JSON_NESTING, parseArgs, parseJson, readInput } from './args.ts';
import { oneLine } from './main.ts';

const tmp = mkdtempSync(join(tmpdir(), 'preflight-args-'));

describe('parseJson', () => {
  it('measures nesting without recursion, ignoring brackets inside strings', () => {
    expect(jsonNesting('{"a":[1,{"b":"[[[[{{{"}]}')).toBe(3);
    expect(jsonNesting('"\\"[[[" ')).toBe(0);
    expect(jsonNesting('['.repeat(100000), 600)).toBe(601);
  });
  it('refuses nesting beyond the bound with the source named, before JSON.parse', () => {
    expect(() => parseJson('['.repeat(3000) + ']'.repeat(3000), 'in.json')).toThrow(`in.json is nested deeper than ${MAX_JSON_NESTING} levels`);
    expect(parseJson('['.repeat(MAX_JSON_NESTING) + ']'.repeat(MAX_JSON_NESTING), 'ok.json')).toBeInstanceOf(Array);
  });
  it('refuses numbers that overflow to Infinity, names the key', () => {
    expect(() => parseJson('{"a":{"stake":[1,-1e999]}}', 'w.json')).toThrow('w.json: the number at key "1" is too large');
    expect(() => parseJson('{"stake":1e400}', 'w.json')).toThrow('key "stake"');
    expect(parseJson('{"stake":1e308}', 'w.json')).toEqual({ stake: 1e308 });
  });
  it('strips a BOM, names empty and invalid texts, hints at NaN strings', () => {
    expect(parseJson('\ufeff{"a":1}', 'b.json')).toEqual({ a: 1 });
    expect(() => parseJson('  \n', 'e.json')).toThrow('e.json is empty');
    expect(() => parseJson('{"a":NaN}', 'n.json')).toThrow(/n\.json is not valid JSON: .*write NaN and Infinity as the strings/);
  });
  it('keeps a __proto__ key as an own key (JSON.parse semantics), never as the prototype', () => {
    const v = parseJson('{"__proto__":{"x":1}}', 'p.json') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect((v as { x?: number }).x).toBeUndefined();
  });
});

describe('readInput and checkOutputPath', () => {
  it('name directories and missing files', () => {
    expect(() => readInput(tmp)).toThrow(`cannot read ${tmp}: it is a directory`);
    expect(() => readInput(join(tmp, 'nope.json'))).toThrow(/nope\.json: no such file or directory \(ENOENT\)/);
  });
  it('accepts a new file in an existing directory and an existing file', () => {
    expect(() => checkOutputPath(join(tmp, 'new.json'), '--json')).not.toThrow();
    writeFileSync(join(tmp, 'old.json'), '{}');
    expect(() => checkOutputPath(join(tmp, 'old.json'), '--json')).not.toThrow();
  });
  it('refuses a directory, a missing directory and a path through a file', () => {
    mkdirSync(join(tmp, 'dir'), { recursive: true });
    expect(() => checkOutputPath(join(tmp, 'dir'), '--json')).toThrow(/--json .*dir: it is a directory/);
    expect(() => checkOutputPath(join(tmp, 'missing', 'x.json'), '--json')).toThrow(/its directory .*missing does not exist/);
    expect(() => checkOutputPath(join(tmp, 'old.json', 'x.json'), '--json')).toThrow(CliError);
  });
});

describe('parseArgs and oneLine', () => {
  it('parses valued and boolean flags, -- ends the options, unknown options are errors', () => {
    const a = parseArgs(['--a', '1', '--b=2', '--v', 'pos', '--', '--not-a-flag'], ['a', 'b'], ['v']);
    expect(a.positional).toEqual(['pos', '--not-a-flag']);
    expect(a.flags.get('b')).toEqual(['2']);
    expect(() => parseArgs(['--zz'], [])).toThrow('unknown option --zz (--help lists the options)');
    expect(() => parseArgs(['--a'], ['a'])).toThrow('--a needs a value');
  });
  it('folds a multi-line message into one bounded line', () => {
    expect(oneLine('a\n\n  b  c\r\nd')).toBe('a | b c | d');
    expect(oneLine('x'.repeat(5000)).length).toBe(600);
  });
});
