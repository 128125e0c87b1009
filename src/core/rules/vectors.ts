/**
 * Test-vector files (schema in `shared/reference/vectors/README.md`): decoding, the comparison rule, and a runner
 * that calls pack functions exactly as the CLI does. Unknown packs or functions are failures, never skips.
 */
import type { RulePack } from './types.ts';
import { callPackFunction } from './call.ts';

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

const NONFINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Replaces the strings "NaN", "Infinity" and "-Infinity" by numbers, recursively. */
export function decodeNonFinite(value: unknown): unknown {
  if (typeof value === 'string' && value in NONFINITE) return NONFINITE[value];
  if (Array.isArray(value)) return value.map(decodeNonFinite);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decodeNonFinite(v);
    return out;
  }
  return value;
}

/** JSON with non-finite numbers written as the vector schema's strings. */
export function encodeNonFinite(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(encodeNonFinite);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeNonFinite(v);
    return out;
  }
  return value;
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
    if (!Number.isFinite(actual) || Math.abs(actual - expected) > tol.abs + tol.rel * Math.abs(expected))
      out.push({ key, expected, actual, tol });
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
      if (!(k in a) || a[k] === undefined) {
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

/** Runs one case through `callPackFunction`, the same path as `preflight score`. */
export function runCase(packs: readonly RulePack[], packId: string, c: VectorCase, file?: string): CaseResult {
  const result: CaseResult = { file, pack: packId, id: c.id, fn: c.fn, passed: false, mismatches: [] };
  const expected = decodeNonFinite(c.expected);
  const pack = packs.find((p) => p.id === packId);
  if (!pack) {
    result.mismatches.push({ key: '(pack)', expected: packId, actual: undefined, tol: null, message: `unknown pack ${packId}` });
    return result;
  }
  if (!pack.functions[c.fn]) {
    result.mismatches.push({ key: '(fn)', expected: c.fn, actual: undefined, tol: null, message: `unknown function ${c.fn} in ${packId}` });
    return result;
  }
  const wantsThrow = expected !== null && typeof expected === 'object' && !Array.isArray(expected) && 'throws' in expected;
  let actual: unknown;
  try {
    actual = callPackFunction(pack, c.fn, decodeNonFinite(c.inputs));
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
      if (!(k in a) || a[k] === undefined) {
        if (e !== null) result.mismatches.push({ key: k, expected: e, actual: undefined, tol: null, message: 'missing' });
        continue;
      }
      compare(e, a[k], keys[k] ?? base, k, result.mismatches);
    }
  } else compare(expected, actual, base, '', result.mismatches);
  result.passed = result.mismatches.length === 0;
  return result;
}

/** Runs every case of a parsed vector file. */
export function runVectorFile(packs: readonly RulePack[], file: VectorFile, fileName?: string): CaseResult[] {
  if (!file || typeof file !== 'object' || typeof file.pack !== 'string' || !Array.isArray(file.cases))
    throw new Error(`${fileName ?? 'vector file'}: not a vector file (expected {"pack": string, "cases": [...]})`);
  return file.cases.map((c) => runCase(packs, file.pack, c, fileName));
}
