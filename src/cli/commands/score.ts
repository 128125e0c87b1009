/** `preflight score <pack> <fn> [--input FILE|-]`: JSON in, JSON out, for any pack function. */
import { getPack, packs } from '../../core/rules/index.ts';
import { callPackFunction } from '../../core/rules/call.ts';
import { decodeNonFinite, encodeNonFinite } from '../../core/rules/vectors.ts';
import { InputError, UpstreamError } from '../../core/rules/types.ts';
import { CliError, flag, parseArgs, parseJson, readInput } from '../args.ts';

export const summary = 'run one rule-pack function on a JSON input object';
export const usage = 'preflight score <pack> <fn> [--input FILE|-]   (NaN/Infinity may be written as strings)';
export const help = `Reads one JSON object (the function's input; \`preflight packs --json\` describes every input) from --input
FILE or standard input, validates it (unknown, missing or out-of-range keys are errors naming the key) and prints
the function's result as JSON. NaN, Infinity and -Infinity are written as strings, in the input and the output.

options:
  --input FILE|-   the JSON input (default: standard input)

exit status: 0 result printed; 1 the upstream code raises for this input ({"throws": …} printed); 2 bad usage or input.`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['input']);
  const [packId, fnName] = args.positional;
  if (!packId || !fnName) throw new CliError(`usage: ${usage}`);
  if (args.positional.length > 2) throw new CliError(`unexpected argument ${JSON.stringify(args.positional[2])}; usage: ${usage}`);
  const pack = getPack(packId);
  if (!pack) throw new CliError(`unknown pack ${JSON.stringify(packId)} (known: ${packs.map((p) => p.id).join(', ')})`);
  // Own properties only: `constructor` or `toString` are not functions of a pack.
  if (!Object.hasOwn(pack.functions, fnName)) throw new CliError(`unknown function ${JSON.stringify(fnName)} in ${packId} (known: ${Object.keys(pack.functions).join(', ')})`);
  const source = flag(args, 'input') ?? '-';
  if (source === '-' && process.stdin.isTTY) throw new CliError('no input: pass --input FILE or pipe a JSON object on standard input');
  const what = source === '-' ? 'standard input' : source;
  const input = decodeNonFinite(parseJson(readInput(source), what));
  try {
    const result = callPackFunction(pack, fnName, input);
    process.stdout.write(JSON.stringify(encodeNonFinite(result), null, 2) + '\n');
    return 0;
  } catch (err) {
    if (err instanceof InputError) throw new CliError(`${what}: invalid input: ${err.message}`);
    if (err instanceof UpstreamError) {
      // The upstream code raises for these inputs; report it as the validator would fail.
      process.stdout.write(JSON.stringify({ throws: err.message }, null, 2) + '\n');
      process.stderr.write(`preflight: ${pack.id} ${fnName} raises for this input: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
