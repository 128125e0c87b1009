/**
 * Every public vector file through the same code path as `preflight vectors` (registry → schema → function), plus
 * the comparison rule itself. Tolerances are the files' own (`tol`), default rel = abs = 1e-12.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getPack, isIsoDay, packs } from './index.ts';
import { compare, decodeNonFinite, encodeNonFinite, MAX_JSON_DEPTH, runVectorFile, type Mismatch, type VectorFile } from './vectors.ts';
import { callByName } from './call.ts';
import { InputError } from './types.ts';
import { sharedReferenceUrl } from '../../../test-support/index.ts';

const dir = sharedReferenceUrl('vectors/');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('public rule-pack vectors (tolerance per case, default 1e-12)', () => {
  it('finds the vector files', () => expect(files.length).toBeGreaterThanOrEqual(11));
  for (const name of files) {
    it(name, () => {
      const file = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as VectorFile;
      const failures = runVectorFile(packs, file, name).filter((r) => !r.passed);
      expect(failures.map((f) => `${f.id}: ${JSON.stringify(f.mismatches.slice(0, 3))}`)).toEqual([]);
    });
  }
});

// The project's own vector files (vectors/): packs added after the public set, and out-of-domain cases of public
// packs. Their expected values come from scripts/vectors/make-vidaio-vectors.py (an independent Python statement of the
// upstream code); the test also checks the committed files are what that script writes.
const ownDir = new URL('../../../vectors/', import.meta.url);
const ownFiles = readdirSync(ownDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('project vector files (vectors/, tolerance per case, default 1e-12)', () => {
  it('finds them, and every dated Vidaio pack has one', () => {
    const covered = new Set(ownFiles.map((f) => (JSON.parse(readFileSync(new URL(f, ownDir), 'utf8')) as VectorFile).pack));
    for (const id of ['validator-vidaio@e76b503', 'validator-vidaio@f396e47', 'validator-vidaio@688b671']) expect(covered.has(id), id).toBe(true);
  });
  for (const name of ownFiles) {
    it(name, () => {
      const file = JSON.parse(readFileSync(new URL(name, ownDir), 'utf8')) as VectorFile;
      for (const c of file.cases) expect(typeof (c as { source?: unknown }).source, `${c.id} source line`).toBe('string');
      const failures = runVectorFile(packs, file, name).filter((r) => !r.passed);
      expect(failures.map((f) => `${f.id}: ${JSON.stringify(f.mismatches.slice(0, 3))}`)).toEqual([]);
    });
  }
  it('are exactly what scripts/vectors/make-vidaio-vectors.py writes (python3)', () => {
    const script = fileURLToPath(new URL('../../../scripts/vectors/make-vidaio-vectors.py', import.meta.url));
    const run = spawnSync('python3', [script, '--check'], { encoding: 'utf8' });
    expect(run.status, run.stderr || run.stdout).toBe(0);
  });
});

describe('every registered pack', () => {
  it('has an id, a source line, notes as data and documented functions', () => {
    const ids = new Set<string>();
    for (const p of packs) {
      expect(ids.has(p.id), p.id).toBe(false);
      ids.add(p.id);
      expect(p.sourceLine.length).toBeGreaterThan(10);
      for (const n of p.notes) expect(n.text.length, `${p.id} note`).toBeGreaterThan(20);
      for (const [name, f] of Object.entries(p.functions)) expect(f.summary.length, `${p.id} ${name}`).toBeGreaterThan(5);
    }
  });
  it('has in-force dates (ISO days, from < until) and a dates note', () => {
    for (const p of packs) {
      const { from, until } = p.inForce;
      if (from !== null) expect(isIsoDay(from), `${p.id} from`).toBe(true);
      if (until) expect(from !== null && isIsoDay(until) && from < until, `${p.id} until`).toBe(true);
      expect(p.notes.filter((n) => n.kind === 'dates').length, `${p.id} dates note`).toBe(1);
    }
  });
});

describe('comparison rule', () => {
  const tol = { rel: 1e-12, abs: 1e-12 };
  const run = (e: unknown, a: unknown) => {
    const out: Mismatch[] = [];
    compare(e, a, tol, '', out);
    return out.length;
  };
  it('matches numbers within abs + rel·|e| and non-finite values exactly', () => {
    expect(run(1, 1 + 1e-13)).toBe(0);
    expect(run(1, 1 + 1e-11)).toBe(1);
    expect(run(NaN, NaN)).toBe(0);
    expect(run(NaN, 0)).toBe(1);
    expect(run(0, NaN)).toBe(1);
    expect(run(Infinity, Infinity)).toBe(0);
    expect(run(Infinity, -Infinity)).toBe(1);
  });
  it('treats null as absent, ignores extra keys and checks arrays by length', () => {
    expect(run({ a: null, b: 1 }, { b: 1, c: 5 })).toBe(0);
    expect(run({ a: null }, { a: 0 })).toBe(1);
    expect(run([1, 2], [1, 2, 3])).toBe(1);
    expect(run('x', 'x')).toBe(0);
    expect(run(true, 1)).toBe(1);
  });
});

describe('hostile inputs (issue 13, item 7)', () => {
  const pack = getPack('vidaio-subnet@fea3779', 'vidaio')!;
  it('a "__proto__" key cannot smuggle required inputs past the schema', () => {
    const input = decodeNonFinite(JSON.parse('{"compressionRate":0.1,"__proto__":{"vmaf":95,"vmafThreshold":89}}'));
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    expect(() => callByName(pack, 'compression.score', input)).toThrow(InputError);
    expect(() => callByName(pack, 'compression.score', input)).toThrow('inputs.__proto__: unknown key');
  });
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('function name %s is unknown, not an Object method', (name) => {
    expect(() => callByName(pack, name, {})).toThrow(`unknown function "${name}" in pack vidaio-subnet@fea3779`);
  });
  it('decodes only the three non-finite strings; other strings (constructor, toString) stay strings', () => {
    expect(decodeNonFinite({ a: ['NaN', 'Infinity', '-Infinity', 'constructor', 'toString', 'x'] })).toEqual({
      a: [NaN, Infinity, -Infinity, 'constructor', 'toString', 'x'],
    });
    expect(encodeNonFinite({ a: [NaN, -Infinity, 1] })).toEqual({ a: ['NaN', '-Infinity', 1] });
  });
  it('a value nested deeper than MAX_JSON_DEPTH is a RangeError, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(() => decodeNonFinite(deep)).toThrow(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  });
  const file = (tol: unknown): VectorFile => ({
    pack: 'vidaio-subnet@fea3779',
    cases: [
      {
        id: 'wrong',
        fn: 'compression.score',
        inputs: { compressionRate: 0.1, vmaf: 95, vmafThreshold: 89 },
        expected: { score: 123 },
        tol,
      } as VectorFile['cases'][number],
    ],
  });
  it('a wrong expectation fails with a valid tolerance', () => {
    expect(runVectorFile([pack], file({ rel: 1e-9, abs: 0 }), 'f.json')[0]!.passed).toBe(false);
  });
  it.each([
    [{ rel: 'x' }, 'f.json: cases[0] (wrong).tol.rel: expected a finite number ≥ 0, got "x"'],
    [{ abs: -1 }, 'f.json: cases[0] (wrong).tol.abs: expected a finite number ≥ 0, got -1'],
    [{ abs: 'NaN' }, 'f.json: cases[0] (wrong).tol.abs: expected a finite number ≥ 0, got "NaN"'],
    [{ rel: null }, 'f.json: cases[0] (wrong).tol.rel: expected a finite number ≥ 0, got null'],
    ['x', 'f.json: cases[0] (wrong).tol: expected an object with rel and abs, got "x"'],
    [{ relative: 1 }, 'f.json: cases[0] (wrong).tol.relative: unknown key'],
    [{ keys: { score: { abs: 'x' } } }, 'f.json: cases[0] (wrong).tol.keys.score.abs: expected a finite number ≥ 0, got "x"'],
  ])('a malformed tolerance %j is an error, never a pass', (tol, message) => {
    expect(() => runVectorFile([pack], file(tol), 'f.json')).toThrow(message);
  });
});
