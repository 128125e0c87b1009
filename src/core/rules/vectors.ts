/**
 * Test-vector files (schema in `shared/reference/vectors/README.md`): decoding, the comparison rule, and a runner
 * that calls pack functions exactly as the CLI does. Unknown packs or functions are failures, never skips.
 */
import type { RulePack } from './types.ts';
import { callByName } from './call.ts';

export interface Tolerance {
  rel: number;
  abs: number;
}

export interface VectorCase {
  id: string;
  fn: string;
  title?: string;
  inputs: unknown;
  expected: unknown;
  tol?: Partial<Tolerance> & { keys?: Record<string, Partial<Tolerance>> };
}

export interface VectorFile {
  pack: string;
  title?: string;
  source?: string;
  cases: VectorCase[];
}

export interface Mismatch {
  /** JSON-path-like location inside the expected object, e.g. `weights.12` or `trajectory[2].multiplier`. */
  key: string;
  expected: unknown;
  actual: unknown;
  tol: Tolerance | null;
  message?: string;
}

export interface CaseResult {
  file?: string;
  pack: string;
  id: string;
  fn: string;
  passed: boolean;
  mismatches: Mismatch[];
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Deepest nesting the JSON helpers below walk (a deeper input is an error, never a stack overflow). */
export const MAX_JSON_DEPTH = 512;

function tooDeep(): Error {
  return new RangeError(`the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
}

/**
 * Copies a JSON value, mapping every leaf with `leaf`. Keys are written as own data properties (a `__proto__`
 * key stays a key, it never replaces the copy's prototype), so a schema sees exactly the keys of the input.
 */
function mapJson(value: unknown, leaf: (v: unknown) => unknown, depth: number): unknown {
  if (depth > MAX_JSON_DEPTH) throw tooDeep();
  if (Array.isArray(value)) return value.map((v) => mapJson(v, leaf, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: mapJson(v, leaf, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return leaf(value);
}

/**
 * Replaces the strings "NaN", "Infinity" and "-Infinity" by numbers, recursively.
 * @throws RangeError when the value is nested deeper than MAX_JSON_DEPTH.
 */
export function decodeNonFinite(value: unknown): unknown {
  return mapJson(value, (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v), 0);
}

/** JSON with non-finite numbers written as the vector schema's strings. */
export function encodeNonFinite(value: unknown): unknown {
  return mapJson(value, (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 0);
}

const DEFAULT_TOL: Tolerance = { rel: 1e-12, abs: 1e-12 };

/**
 * Compares `expected` (already decoded) with `actual` by the schema's rule; pushes every mismatch.
 * Keys of `actual` that `expected` does not list are not checked; `null` matches null or absent.
 */
export function compare(expected: unknown, actual: unknown, tol: Tolerance, key: string, out: Mismatch[]): void {
  if (expected === null) {
    if (actual !== null && actual !== undefined) out.push({ key, expected, actual, tol: null });
    return;
  }
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return void out.push({ key, expected, actual, tol });
    if (Number.isNaN(expected)) {
      if (!Number.isNaN(actual)) out.push({ key, expected, actual, tol: null });
      return;
    }
    if (!Number.isFinite(expected)) {
      if (actual !== expected) out.push({ key, expected, actual, tol: null });
      return;
    }
    if (!Number.isFinite(actual) || Math.abs(actual - expected) > tol.abs + tol.rel * Math.abs(expected)) out.push({ key, expected, actual, tol });
    return;
  }
  if (typeof expected === 'string' || typeof expected === 'boolean') {
    if (actual !== expected) out.push({ key, expected, actual, tol: null });
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ key, expected, actual, tol: null, message: Array.isArray(actual) ? `length ${actual.length} ≠ ${expected.length}` : undefined });
      return;
    }
    expected.forEach((e, i) => compare(e, actual[i], tol, `${key}[${i}]`, out));
    return;
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      out.push({ key, expected, actual, tol: null });
      return;
    }
    const a = actual as Record<string, unknown>;
    for (const [k, e] of Object.entries(expected as Record<string, unknown>)) {
      // An expected key that is absent from the result is not checked, unless it pins a value (null is "no value").
      if (!hasOwn(a, k) || a[k] === undefined) {
        if (e !== null) out.push({ key: key ? `${key}.${k}` : k, expected: e, actual: undefined, tol: null, message: 'missing' });
        continue;
      }
      compare(e, a[k], tol, key ? `${key}.${k}` : k, out);
    }
  }
}

function resolveTol(c: VectorCase): { base: Tolerance; keys: Record<string, Tolerance> } {
  const base = { rel: c.tol?.rel ?? DEFAULT_TOL.rel, abs: c.tol?.abs ?? DEFAULT_TOL.abs };
  const keys: Record<string, Tolerance> = {};
  for (const [k, t] of Object.entries(c.tol?.keys ?? {})) keys[k] = { rel: t.rel ?? base.rel, abs: t.abs ?? base.abs };
  return { base, keys };
}

/** Runs one case through `callByName` (its function name is data), the same path as `preflight score`. */
export function runCase(packs: readonly RulePack[], packId: string, c: VectorCase, file?: string): CaseResult {
  const result: CaseResult = { file, pack: packId, id: c.id, fn: c.fn, passed: false, mismatches: [] };
  const expected = decodeNonFinite(c.expected);
  const pack = packs.find((p) => p.id === packId);
  if (!pack) {
    result.mismatches.push({ key: '(pack)', expected: packId, actual: undefined, tol: null, message: `unknown pack ${packId}` });
    return result;
  }
  if (!hasOwn(pack.functions, c.fn)) {
    result.mismatches.push({ key: '(fn)', expected: c.fn, actual: undefined, tol: null, message: `unknown function ${c.fn} in ${packId}` });
    return result;
  }
  const wantsThrow = expected !== null && typeof expected === 'object' && !Array.isArray(expected) && 'throws' in expected;
  let actual: unknown;
  try {
    actual = callByName(pack, c.fn, decodeNonFinite(c.inputs));
  } catch (err) {
    if (wantsThrow) {
      result.passed = true;
      return result;
    }
    const message = err instanceof Error ? err.message : String(err);
    result.mismatches.push({ key: '(throws)', expected: c.expected, actual: `threw: ${message}`, tol: null });
    return result;
  }
  if (wantsThrow) {
    result.mismatches.push({ key: '(throws)', expected: (expected as { throws: unknown }).throws, actual, tol: null, message: 'expected an exception' });
    return result;
  }
  const { base, keys } = resolveTol(c);
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    const a = actual as Record<string, unknown> | null;
    for (const [k, e] of Object.entries(expected as Record<string, unknown>)) {
      if (a === null || typeof a !== 'object') {
        result.mismatches.push({ key: k, expected: e, actual: a, tol: null });
        continue;
      }
      if (!hasOwn(a, k) || a[k] === undefined) {
        if (e !== null) result.mismatches.push({ key: k, expected: e, actual: undefined, tol: null, message: 'missing' });
        continue;
      }
      compare(e, a[k], keys[k] ?? base, k, result.mismatches);
    }
  } else compare(expected, actual, base, '', result.mismatches);
  result.passed = result.mismatches.length === 0;
  return result;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One tolerance object: `rel` and `abs`, when present, are finite numbers ≥ 0 (nothing else is accepted). */
function checkTolerance(t: unknown, where: string, extra: readonly string[]): void {
  if (!isObject(t)) throw new Error(`${where}: expected an object with rel and abs, got ${JSON.stringify(t)}`);
  for (const k of Object.keys(t)) {
    if (k === 'rel' || k === 'abs') {
      const v = t[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${where}.${k}: expected a finite number ≥ 0, got ${JSON.stringify(v)}`);
    } else if (!extra.includes(k)) throw new Error(`${where}.${k}: unknown key (expected rel, abs${extra.map((x) => `, ${x}`).join('')})`);
  }
}

/**
 * Checks the shape of a vector file before anything runs: `pack`, `cases`, each case's `id`/`fn` strings and its
 * tolerances. A malformed tolerance would otherwise compare as NaN and pass every case.
 * @throws Error naming the file, the case and the field.
 */
export function validateVectorFile(file: unknown, fileName = 'vector file'): asserts file is VectorFile {
  if (!isObject(file) || typeof file.pack !== 'string' || !Array.isArray(file.cases))
    throw new Error(`${fileName}: not a vector file (expected {"pack": string, "cases": [...]})`);
  file.cases.forEach((c: unknown, i) => {
    const at = `${fileName}: cases[${i}]`;
    if (!isObject(c)) throw new Error(`${at}: expected an object, got ${JSON.stringify(c)}`);
    if (typeof c.id !== 'string') throw new Error(`${at}.id: expected a string, got ${JSON.stringify(c.id)}`);
    if (typeof c.fn !== 'string') throw new Error(`${at} (${c.id}).fn: expected a string, got ${JSON.stringify(c.fn)}`);
    if (!hasOwn(c, 'inputs')) throw new Error(`${at} (${c.id}).inputs: missing`);
    if (!hasOwn(c, 'expected')) throw new Error(`${at} (${c.id}).expected: missing`);
    if (c.tol === undefined) return;
    checkTolerance(c.tol, `${at} (${c.id}).tol`, ['keys']);
    const keys = (c.tol as Record<string, unknown>).keys;
    if (keys === undefined) return;
    if (!isObject(keys)) throw new Error(`${at} (${c.id}).tol.keys: expected an object keyed by result key, got ${JSON.stringify(keys)}`);
    for (const [k, t] of Object.entries(keys)) checkTolerance(t, `${at} (${c.id}).tol.keys.${k}`, []);
  });
}

/**
 * Runs every case of a parsed vector file.
 * @throws Error when the file is malformed (see validateVectorFile).
 */
export function runVectorFile(packs: readonly RulePack[], file: VectorFile, fileName?: string): CaseResult[] {
  validateVectorFile(file, fileName);
  return file.cases.map((c) => runCase(packs, file.pack, c, fileName));
}
