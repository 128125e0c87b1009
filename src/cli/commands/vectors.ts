/**
 * `preflight vectors FILE...`: runs vector files against the packs. Prints each failing case and closes with
 * `N passed, M failed`; exit 1 on any failure, including a case whose pack or function is unknown.
 */
import { basename } from 'node:path';
import { packs } from '../../core/rules/index.ts';
import { runVectorFile, encodeNonFinite, type CaseResult, type VectorFile } from '../../core/rules/vectors.ts';
import { CliError, parseArgs, parseJson, readInput } from '../args.ts';

export const summary = 'check vector files (shared/reference/vectors schema) against the rule packs';
export const usage = 'preflight vectors FILE... [--verbose]';
export const help = `Each FILE is a vector file (pack, cases with id, fn, inputs, expected and an optional tol of rel/abs
numbers ≥ 0); a malformed file is an error naming the file, the case and the field, before any case runs.

options:
  --verbose   also list the cases that pass

exit status: 0 every case passed; 1 a case failed; 2 bad usage or a malformed file.`;

const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(encodeNonFinite(v)));

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, [], ['verbose']);
  if (args.positional.length === 0) throw new CliError(`usage: ${usage}`);
  const results: CaseResult[] = [];
  for (const path of args.positional) {
    const file = parseJson(readInput(path), path) as VectorFile;
    try {
      results.push(...runVectorFile(packs, file, basename(path)));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
  }
  let failed = 0;
  for (const r of results) {
    if (r.passed) {
      if (args.flags.has('verbose')) process.stdout.write(`ok   ${r.pack} ${r.id}\n`);
      continue;
    }
    failed++;
    process.stdout.write(`FAIL ${r.pack} ${r.id} (${r.fn})\n`);
    for (const m of r.mismatches.slice(0, 8)) {
      const tol = m.tol ? ` tol rel=${m.tol.rel} abs=${m.tol.abs}` : '';
      process.stdout.write(`     ${m.key}: expected ${show(m.expected)}, actual ${show(m.actual)}${tol}${m.message ? ` (${m.message})` : ''}\n`);
    }
    if (r.mismatches.length > 8) process.stdout.write(`     … ${r.mismatches.length - 8} more\n`);
  }
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
