/** `preflight packs`: every rule pack with its source, functions and notes. */
import { packInForce, packs } from '../../core/rules/index.ts';
import { parseArgs, flag } from '../args.ts';

export const summary = 'list the rule packs, their sources, functions and known contradictions';
export const usage = 'preflight packs [--json] [--pack ID]';

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['pack'], ['json']);
  const only = flag(args, 'pack');
  const list = packs.filter((p) => !only || p.id === only);
  if (only && list.length === 0) {
    process.stderr.write(`preflight: unknown pack ${only} (known: ${packs.map((p) => p.id).join(', ')})\n`);
    return 2;
  }
  if (flag(args, 'json')) {
    const out = list.map((p) => ({
      id: p.id,
      mechanism: p.mechanism,
      title: p.title,
      source: p.sourceLine,
      inForce: p.inForce,
      inForceToday: packInForce(p.mechanism).pack === p,
      functions: Object.fromEntries(Object.entries(p.functions).map(([k, f]) => [k, { summary: f.summary, input: f.input.describe() }])),
      notes: p.notes,
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  for (const p of list) {
    process.stdout.write(`${p.id}${packInForce(p.mechanism).pack === p ? '  (in force today)' : ''}\n  ${p.title}\n  source: ${p.sourceLine}\n`);
    process.stdout.write(`  functions: ${Object.keys(p.functions).join(', ')}\n`);
    if (p.notes.length) {
      process.stdout.write('  notes:\n');
      p.notes.forEach((n, i) => process.stdout.write(`    ${i + 1}. [${n.kind}] ${n.text}\n`));
    }
    process.stdout.write('\n');
  }
  return 0;
}
