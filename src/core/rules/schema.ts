/**
 * A small input-schema language for rule-pack functions. It validates the one input object of a function and
 * names the offending field on failure (`inputs.history[3].sF: expected a number, got "abc"`).
 *
 * Why not a schema library: rule packs must accept NaN and ±Infinity as numbers (the seed packs pin NaN where a
 * formula is undefined, and the vectors feed non-finite values on purpose), which zod and valibot reject by
 * default; the rest is forty lines.
 */
import { InputError } from './types.ts';

export interface Schema<T> {
  /** Returns the validated (and defaulted) value or throws `InputError` naming `path`. */
  parse(value: unknown, path: string): T;
  /** Short human description of the expected value, used in error messages and `preflight packs`. */
  describe(): string;
  /** Marks the key optional inside `obj`; `fallback` is used when the key is absent. */
  optional?: boolean;
  fallback?: T;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export interface NumOpts {
  min?: number;
  max?: number;
  /** Minimum is exclusive. */
  minExclusive?: boolean;
  integer?: boolean;
  /** NaN and ±Infinity are accepted unless `finite` is set. */
  finite?: boolean;
  /** Unit or meaning, shown in descriptions ("seconds", "0-100"). */
  unit?: string;
  /**
   * The range and finiteness are the domain the pack documents, not a rule of the upstream code, which accepts other
   * values: a value outside them is kept and reported as a warning (see `collectSoftWarnings`) instead of rejected.
   * A non-number is still rejected.
   */
  soft?: boolean;
}

let softSink: string[] | null = null;

/** Runs `parse`, returning the warnings that `soft` schemas raised instead of errors. */
export function collectSoftWarnings<T>(parse: () => T): { value: T; warnings: string[] } {
  const outer = softSink;
  const warnings: string[] = [];
  softSink = warnings;
  try {
    return { value: parse(), warnings };
  } finally {
    softSink = outer;
  }
}

export function num(opts: NumOpts = {}): Schema<number> {
  const range = opts.min !== undefined || opts.max !== undefined ? ` in ${opts.min ?? '-∞'}${opts.minExclusive ? ' (exclusive)' : ''}…${opts.max ?? '∞'}` : '';
  const what = `${opts.integer ? 'an integer' : opts.finite ? 'a finite number' : 'a number'}${range}${opts.unit ? ` (${opts.unit})` : ''}`;
  return {
    describe: () => what,
    parse(value, path) {
      if (typeof value !== 'number') throw new InputError(path, `expected ${what}, got ${show(value)}`);
      const outside = (): number => {
        if (!opts.soft) throw new InputError(path, `expected ${what}, got ${value}`);
        softSink?.push(`${path}: ${value} is outside the documented domain (${what}); the upstream code accepts it, so it is scored as given`);
        return value;
      };
      if (Number.isNaN(value)) return opts.finite || opts.integer ? outside() : value;
      if ((opts.finite || opts.integer) && !Number.isFinite(value)) return outside();
      if (opts.integer && !Number.isInteger(value)) return outside();
      if (opts.min !== undefined && (opts.minExclusive ? value <= opts.min : value < opts.min)) return outside();
      if (opts.max !== undefined && value > opts.max) return outside();
      return value;
    },
  };
}

export const int = (opts: Omit<NumOpts, 'integer'> = {}) => num({ ...opts, integer: true });

export function bool(): Schema<boolean> {
  return {
    describe: () => 'true or false',
    parse(value, path) {
      if (typeof value !== 'boolean') throw new InputError(path, `expected true or false, got ${show(value)}`);
      return value;
    },
  };
}

export function str(): Schema<string> {
  return {
    describe: () => 'a string',
    parse(value, path) {
      if (typeof value !== 'string') throw new InputError(path, `expected a string, got ${show(value)}`);
      return value;
    },
  };
}

export function oneOf<const T extends readonly (string | number)[]>(...values: T): Schema<T[number]> {
  const what = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    describe: () => what,
    parse(value, path) {
      if (!values.includes(value as T[number])) throw new InputError(path, `expected ${what}, got ${show(value)}`);
      return value as T[number];
    },
  };
}

export function arr<T>(item: Schema<T>, opts: { minLength?: number; maxLength?: number } = {}): Schema<T[]> {
  const what = `an array of ${item.describe()}${opts.minLength ? ` (at least ${opts.minLength})` : ''}`;
  return {
    describe: () => what,
    parse(value, path) {
      if (!Array.isArray(value)) throw new InputError(path, `expected ${what}, got ${show(value)}`);
      if (opts.minLength !== undefined && value.length < opts.minLength)
        throw new InputError(path, `expected at least ${opts.minLength} entries, got ${value.length}`);
      if (opts.maxLength !== undefined && value.length > opts.maxLength)
        throw new InputError(path, `expected at most ${opts.maxLength} entries, got ${value.length}`);
      return value.map((v, i) => item.parse(v, `${path}[${i}]`));
    },
  };
}

type Shape = Record<string, Schema<any>>;
type Required<S extends Shape> = { [K in keyof S as S[K]['optional'] extends true ? never : K]: ReturnType<S[K]['parse']> };
type Optional<S extends Shape> = { [K in keyof S as S[K]['optional'] extends true ? K : never]?: ReturnType<S[K]['parse']> };
export type Infer<S extends Shape> = Required<S> & Optional<S>;

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * An object with known keys; unknown keys are rejected so that a typo never silently changes a result. Only own
 * properties count, on both sides: an input key `__proto__`, `constructor` or `toString` is an unknown key, and
 * keys an input inherits (a replaced prototype) are not read, so no required key can be smuggled in that way.
 */
export function obj<S extends Shape>(shape: S): Schema<Infer<S>> {
  const keys = Object.keys(shape);
  return {
    describe: () => `an object with ${keys.join(', ')}`,
    parse(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new InputError(path, `expected an object with keys ${keys.join(', ')}, got ${show(value)}`);
      const input = value as Record<string, unknown>;
      for (const k of Object.keys(input)) if (!hasOwn(shape, k)) throw new InputError(`${path}.${k}`, `unknown key (expected one of ${keys.join(', ')})`);
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const s = shape[k]!;
        if (!hasOwn(input, k) || input[k] === undefined) {
          if (s.optional) {
            if (s.fallback !== undefined) out[k] = s.fallback;
            continue;
          }
          throw new InputError(`${path}.${k}`, `missing (expected ${s.describe()})`);
        }
        out[k] = s.parse(input[k], `${path}.${k}`);
      }
      return out as Infer<S>;
    },
  };
}

/** A map keyed by decimal UID strings (`{"1": 0.16}`). */
export function uidMap<T>(item: Schema<T>): Schema<Record<string, T>> {
  const what = `an object keyed by UID of ${item.describe()}`;
  return {
    describe: () => what,
    parse(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(path, `expected ${what}, got ${show(value)}`);
      const out: Record<string, T> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (!/^\d+$/.test(k)) throw new InputError(`${path}.${k}`, 'expected a decimal UID as key');
        out[k] = item.parse(v, `${path}.${k}`);
      }
      return out;
    },
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    describe: () => `${inner.describe()} or null`,
    parse: (value, path) => (value === null ? null : inner.parse(value, path)),
  };
}

/** Makes a key optional inside `obj`, with an optional default. */
export function optional<T>(inner: Schema<T>, fallback?: T): Schema<T> & { optional: true } {
  return { ...inner, optional: true, fallback, parse: inner.parse, describe: () => `${inner.describe()} (optional)` };
}

/** Accepts any JSON value (used only where a function inspects the value itself). */
export function any(): Schema<unknown> {
  return { describe: () => 'any value', parse: (value) => value };
}
