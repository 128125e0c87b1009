/**
 * The one way any caller (CLI, vectors, workers, UI) runs a pack function: validate the input against the
 * function's schema, then call it. Keeping one path guarantees that the vectors test what users run. Function
 * names are looked up among the pack's own functions only.
 */
import { InputError, type RulePack } from './types.ts';
import { collectSoftWarnings } from './schema.ts';

export function callPackFunction(pack: RulePack, fnName: string, input: unknown): unknown {
  // Own properties only: `constructor`, `toString` or `__proto__` name no function of any pack.
  const f = Object.prototype.hasOwnProperty.call(pack.functions, fnName) ? pack.functions[fnName] : undefined;
  if (!f) {
    const known = Object.keys(pack.functions).join(', ');
    throw new InputError('fn', `unknown function ${JSON.stringify(fnName)} in pack ${pack.id} (known: ${known})`);
  }
  // Values outside a pack's documented domain that the upstream code accepts are scored and reported, not rejected.
  const { value: parsed, warnings } = collectSoftWarnings(() => f.input.parse(input, 'inputs'));
  const result = f.run(parsed);
  if (warnings.length === 0 || result === null || typeof result !== 'object' || Array.isArray(result)) return result;
  const own = (result as { warnings?: unknown }).warnings;
  return { ...result, warnings: [...warnings, ...(Array.isArray(own) ? own : [])] };
}
