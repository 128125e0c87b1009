/** `preflight packs`: every rule pack with its source, functions and notes. */
import { packs } from '../../core/rules/index.ts';
import { CliError, parseArgs, flag } from '../args.ts';

export const summary = 'list the rule packs, their sources, functions and known contradictions';
export const usage = 'preflight packs [--json] [--pack ID]';
export const help = `options:
  --pack ID   only this pack
  --json      machine-readable: id, mechanism, title, source, default, functions with their input descriptions, notes`;

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['pack'], ['json']);
  if (args.positional.length) throw new CliError(`unexpected argument ${JSON.stringify(args.positional[0])}; usage: ${usage}`);
  const only = flag(args, 'pack');
  const list = packs.filter((p) => only === undefined || p.id === only);
  if (only !== undefined && list.length === 0) throw new CliError(`unknown pack ${JSON.stringify(only)} (known: ${packs.map((p) => p.id).join(', ')})`);
  if (flag(args, 'json')) {
    const out = list.map((p) => ({
      id: p.id,
      mechanism: p.mechanism,
      title: p.title,
      source: p.sourceLine,
      default: !!p.isDefault,
      functions: Object.fromEntries(Object.entries(p.functions).map(([k, f]) => [k, { summary: f.summary, input: f.input.describe() }])),
      notes: p.notes,
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  for (const p of list) {
    process.stdout.write(`${p.id}${p.isDefault ? '  (default)' : ''}\n  ${p.title}\n  source: ${p.sourceLine}\n`);
    process.stdout.write(`  functions: ${Object.keys(p.functions).join(', ')}\n`);
    if (p.notes.length) {
      process.stdout.write('  notes:\n');
      p.notes.forEach((n, i) => process.stdout.write(`    ${i + 1}. [${n.kind}] ${n.text}\n`));
    }
    process.stdout.write('\n');
  }
  return 0;
}
