/**
 * `preflight score <pack|mechanism> <fn> [--date YYYY-MM-DD] [--input FILE|-]`: JSON in, JSON out, for any pack
 * function. Given a mechanism instead of a pack id, the pack in force on `--date` (default today) is used, and which
 * one is said on standard error ("validator-vidaio@e76b503, in force since 2026-09-27").
 */
import { getPack, isIsoDay, packInForce, packs, type Mechanism } from '../../core/rules/index.ts';
import { callByName } from '../../core/rules/call.ts';
import { decodeNonFinite, encodeNonFinite } from '../../core/rules/vectors.ts';
import { InputError, UpstreamError } from '../../core/rules/types.ts';
import { CliError, flag, parseArgs, parseJson, readInput } from '../args.ts';

export const summary = 'run one rule-pack function on a JSON input object';
export const usage =
  'preflight score <pack|mechanism> <fn> [--date YYYY-MM-DD] [--input FILE|-]   (a mechanism picks the pack in force on --date, default today; NaN/Infinity may be written as strings)';

export const help = `Reads one JSON object (the function's input; \`preflight packs --json\` describes every input) from --input
FILE or standard input, validates it (unknown, missing or out-of-range keys are errors naming the key) and prints
the function's result as JSON. NaN, Infinity and -Infinity are written as strings, in the input and the output.
The first argument is a pack id, or a mechanism (vidaio, bitmind, yuma, zap, bly) for the pack in force on --date.

options:
  --input FILE|-     the JSON input (default: standard input)
  --date YYYY-MM-DD  with a mechanism: the day whose pack in force is used (default today)

exit status: 0 result printed; 1 the upstream code raises for this input ({"throws": …} printed); 2 bad usage or input.`;

const MECHANISMS: readonly Mechanism[] = ['vidaio', 'bitmind', 'yuma', 'zap', 'bly'];

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['input', 'date']);
  const [packId, fnName] = args.positional;
  if (!packId || !fnName) throw new CliError(`usage: ${usage}`);
  if (args.positional.length > 2) throw new CliError(`unexpected argument ${JSON.stringify(args.positional[2])}; usage: ${usage}`);
  const date = flag(args, 'date');
  if (date !== undefined && !isIsoDay(date)) throw new CliError(`--date: expected a day written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  let pack = getPack(packId);
  if (!pack && MECHANISMS.includes(packId as Mechanism)) {
    const choice = packInForce(packId as Mechanism, date ?? new Date());
    pack = choice.pack;
    process.stderr.write(`preflight: ${pack.id}, ${choice.label}${date ? '' : ' (today)'}\n`);
  } else if (pack && date !== undefined) {
    throw new CliError(`--date picks a pack by date: give a mechanism (${MECHANISMS.join(', ')}) instead of the pack id ${packId}`);
  }
  if (!pack)
    throw new CliError(
      `unknown pack or mechanism ${JSON.stringify(packId)} (packs: ${packs.map((p) => p.id).join(', ')}; mechanisms: ${MECHANISMS.join(', ')})`,
    );
  // Own properties only: `constructor` or `toString` are not functions of a pack.
  if (!Object.hasOwn(pack.functions, fnName))
    throw new CliError(`unknown function ${JSON.stringify(fnName)} in ${pack.id} (known: ${Object.keys(pack.functions).join(', ')})`);
  const source = flag(args, 'input') ?? '-';
  if (source === '-' && process.stdin.isTTY) throw new CliError('no input: pass --input FILE or pipe a JSON object on standard input');
  const what = source === '-' ? 'standard input' : source;
  const input = decodeNonFinite(parseJson(readInput(source), what));
  try {
    const result = callByName(pack, fnName, input);
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
