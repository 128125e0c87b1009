/**
 * Rule-pack types. A rule pack is one versioned set of scoring rules: a seed document read literally, or an
 * upstream repository file at a commit transcribed line by line. Every pack function is pure, takes one
 * input object (camelCase keys, validated by its schema) and returns one plain result object.
 */
import type { Schema } from './schema.ts';

/** Where a pack's rules come from. */
export type PackSource =
  | { kind: 'seed'; documents: string[] }
  | { kind: 'code'; repos: { repo: string; paths: string[]; commit: string }[] };

/** A known contradiction, gap or difference, kept as data so the CLI and the UI can show it. */
export interface PackNote {
  /** `contradiction`: the source disagrees with itself; `gap`: the source leaves something undefined and the
   * pack chose; `difference`: how this pack differs from a sibling pack of the same mechanism. */
  kind: 'contradiction' | 'gap' | 'difference';
  /** One paragraph, plain text. */
  text: string;
}

export type Mechanism = 'vidaio' | 'bitmind' | 'yuma' | 'zap' | 'bly';

/** Every result may carry `warnings`: human-readable reasons for a NaN, an infinity or a sentinel value. */
export interface ResultBase {
  warnings?: string[];
}

export interface PackFunction<I = any, O = any> {
  /** One line: what the function computes, with units. */
  summary: string;
  /** Validates and documents the single input object. */
  input: Schema<I>;
  /** The pure computation. Throws `UpstreamError` where the upstream code raises. */
  run(input: I): O;
}

export interface RulePack {
  /** Stable id, e.g. `vidaio-subnet@fea3779` or `bitmind-seed`. */
  id: string;
  mechanism: Mechanism;
  title: string;
  source: PackSource;
  /** Human-readable source line, identical to the vectors' `source` field. */
  sourceLine: string;
  /** True for the pack the UI picks by default for its mechanism (the current upstream code). */
  isDefault?: boolean;
  notes: PackNote[];
  functions: Record<string, PackFunction>;
}

/**
 * Raised where the upstream code raises (Python ZeroDivisionError, ValueError, an index error...). The vectors pin
 * these as `{"throws": ...}`; callers show `message` to the user.
 */
export class UpstreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** Raised for input that does not match a function's schema; `path` names the field. */
export class InputError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'InputError';
    this.path = path;
  }
}

/** Helper to keep the input type of a function inferred from its schema. */
export function fn<I, O>(summary: string, input: Schema<I>, run: (input: I) => O): PackFunction<I, O> {
  return { summary, input, run };
}
