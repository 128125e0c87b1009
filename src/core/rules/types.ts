/**
 * Rule-pack types. A rule pack is one versioned set of scoring rules: a seed document read literally, or an
 * upstream repository file at a commit transcribed line by line. Every pack function is pure, takes one
 * input object (camelCase keys, validated by its schema) and returns one plain result object.
 */
import type { Schema } from './schema.ts';
import { InputError, PreflightError } from '../errors.ts';

/** Where a pack's rules come from. */
export type PackSource = { kind: 'seed'; documents: string[] } | { kind: 'code'; repos: { repo: string; paths: string[]; commit: string }[] };

/** A known contradiction, gap or difference, kept as data so the CLI and the UI can show it. */
export interface PackNote {
  /** `contradiction`: the source disagrees with itself; `gap`: the source leaves something undefined and the
   * pack chose; `difference`: how this pack differs from a sibling pack of the same mechanism (the timeline shows
   * these between neighbours); `dates`: where the pack's `inForce` dates come from. */
  kind: 'contradiction' | 'gap' | 'difference' | 'dates';
  /** One paragraph, plain text. */
  text: string;
}

export type Mechanism = 'vidaio' | 'bitmind' | 'yuma' | 'zap' | 'bly';

/** The dates a pack was in force; see `RulePack.inForce`. */
export interface InForce {
  /** First day in force (inclusive), or null when the source is undated. */
  from: string | null;
  /** First day no longer in force (exclusive); absent or null while in force. */
  until?: string | null;
  /**
   * True when `from` is only a lower bound: the release is known to come after `from` (release order) but its own
   * date is not known, so on dates between `from` and `until` either this pack or its predecessor was in force.
   */
  fromIsBound?: boolean;
}

/**
 * The PIE-APP library a validator runs, and what follows from it (shared/reference/rules/vidaio-v3.md §3.1):
 * pyiqa 0.1.14.1 flips the RGB input to BGR before the network (the order the PieAPP weights were trained on);
 * piq 0.8.0 feeds the network RGB as given. Scaling (×255), the 64×64 stride-27 patch grid without the edge patch,
 * ref − dist differences and the weighted patch mean are identical in both.
 */
export interface PieappConvention {
  id: 'pyiqa-0.1.14.1' | 'piq-0.8.0';
  /** Channel order of the tensor the network's first convolution sees. */
  networkChannelOrder: 'bgr' | 'rgb';
  /** How frames are picked and the per-frame scores pooled. */
  frames: 'random-window-abs-mean-cap-2' | 'start-frame-4-signed-mean';
  /** One line for the UI and the CLI. */
  summary: string;
}

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

/**
 * A mechanism's function table: function name → `PackFunction<Input, Output>`. Each mechanism declares its tables
 * once, in `src/core/rules/<mechanism>/functions.ts`, and every pack of that mechanism implements one of them, so
 * that callers get the input and result types of `callPackFunction(pack, 'zap.score', …)` without a cast. Tables are
 * type aliases (not interfaces) so that they stay assignable to the untyped `Record<string, PackFunction>`.
 */
export type FunctionTable = Record<string, PackFunction>;

/** The input a caller passes to a pack function (optional keys may be left out; the schema fills defaults). */
export type InputOf<F> = F extends PackFunction<infer I, any> ? I : never;
/** The result a pack function returns. */
export type OutputOf<F> = F extends PackFunction<any, infer O> ? O : never;

export interface RulePack<F extends object = FunctionTable, M extends Mechanism = Mechanism> {
  /** Stable id, e.g. `vidaio-subnet@fea3779` or `bitmind-seed`. */
  id: string;
  mechanism: M;
  title: string;
  source: PackSource;
  /** Human-readable source line, identical to the vectors' `source` field. */
  sourceLine: string;
  /**
   * When validators ran these rules, as ISO dates (YYYY-MM-DD, UTC): `from` inclusive, `until` exclusive (absent or
   * null while still in force). `from` is null for an undated source (a seed document): such a pack is chosen by date
   * only when its mechanism has no dated pack. A `dates` note says where the dates come from. The app and the CLI
   * default to the pack in force on today's date (`packInForce` in ./in-force.ts).
   */
  inForce: InForce;
  /** How PIE-APP is computed under this pack (Vidaio packs whose validator runs PIE-APP). */
  pieapp?: PieappConvention;
  notes: PackNote[];
  functions: F;
}

/**
 * Raised where the upstream code raises (Python ZeroDivisionError, ValueError, an index error...). The vectors pin
 * these as `{"throws": ...}`; callers show `message` to the user.
 */
export class UpstreamError extends PreflightError {
  override readonly name = 'UpstreamError';
}

/** Raised for input that does not match a function's schema; `path` (and `field`) names the field. */
export { InputError };

/** Helper to keep the input type of a function inferred from its schema. */
export function fn<I, O>(summary: string, input: Schema<I>, run: (input: I) => O): PackFunction<I, O> {
  return { summary, input, run };
}
