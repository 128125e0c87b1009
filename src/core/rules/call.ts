/**
 * The one way any caller (CLI, vectors, workers, UI) runs a pack function: validate the input against the
 * function's schema, then call it. Keeping one path guarantees that the vectors test what users run. Function
 * names are looked up among the pack's own functions only.
 *
 * `callPackFunction(pack, 'zap.score', input)` is typed by the mechanism's function table
 * (`src/core/rules/<mechanism>/functions.ts`): the name must be one the pack's table has, the input is checked
 * against it and the result type is inferred. `hasFunction(pack, name)` narrows a pack of a mechanism with several
 * tables to those that have `name` (a capability check; code never branches on pack ids). `callByName` is for
 * callers whose function name is data (`preflight score`, the vectors runner): it returns `unknown`.
 */
import { InputError, type InputOf, type OutputOf, type PackFunction, type RulePack } from './types.ts';
import { collectSoftWarnings } from './schema.ts';

/** The function table(s) of a pack type; a union of packs gives the union of their tables. */
type TableOf<P> = P extends RulePack<infer F, any> ? F : never;
/** The function names every table of `P` has. */
type Name<P> = keyof TableOf<P> & string;
type Fn<P, K extends Name<P>> = TableOf<P>[K];

/** Typed call of a function the pack's table declares; the result type is the table's. */
export function callPackFunction<P extends RulePack<object, any>, K extends Name<P>>(pack: P, fnName: K, input: InputOf<Fn<P, K>>): OutputOf<Fn<P, K>> {
  return run(pack, fnName, input) as OutputOf<Fn<P, K>>;
}

/** Untyped call for a function name that is data (CLI argument, vector file). */
export function callByName(pack: RulePack<object, any>, fnName: string, input: unknown): unknown {
  return run(pack, fnName, input);
}

/** Narrows `pack` to the tables that have function `name` (for mechanisms whose packs implement different tables). */
export function hasFunction<P extends RulePack<object, any>, K extends string>(
  pack: P,
  name: K,
): pack is Extract<P, { functions: { [N in K]: PackFunction } }> {
  return Object.prototype.hasOwnProperty.call(pack.functions, name);
}

function run(pack: RulePack<object, any>, fnName: string, input: unknown): unknown {
  const table = pack.functions as Record<string, PackFunction>;
  // Own properties only: `constructor`, `toString` or `__proto__` name no function of any pack.
  const f = Object.prototype.hasOwnProperty.call(table, fnName) ? table[fnName] : undefined;
  if (!f) {
    const known = Object.keys(table).join(', ');
    throw new InputError('fn', `unknown function ${JSON.stringify(fnName)} in pack ${pack.id} (known: ${known})`);
  }
  // Values outside a pack's documented domain that the upstream code accepts are scored and reported, not rejected.
  const { value: parsed, warnings } = collectSoftWarnings(() => f.input.parse(input, 'inputs'));
  const result = f.run(parsed);
  if (warnings.length === 0 || result === null || typeof result !== 'object' || Array.isArray(result)) return result;
  const own = (result as { warnings?: unknown }).warnings;
  return { ...result, warnings: [...warnings, ...(Array.isArray(own) ? own : [])] };
}
