/**
 * `preflight packs`: the rule packs as a timeline per mechanism (the dates each was in force and what changed from
 * its predecessor, from the packs' `difference` notes), which pack is in force on a date (today by default), and
 * one pack in full (`--pack`: source, dates, functions, every note).
 */
import { describeInForce, isIsoDay, packInForce, packs, timeline, type Mechanism, type RulePack } from '../../core/rules/index.ts';
import { CliError, flag, parseArgs } from '../args.ts';

export const summary = 'the rule packs: timeline per mechanism with dates and changes, the pack in force on a date, one pack in full';
export const usage = 'preflight packs [--mechanism NAME] [--date YYYY-MM-DD] [--pack ID] [--json]';
export const help = `options:
  --mechanism NAME   only this mechanism's timeline (vidaio, bitmind, yuma, zap, bly)
  --date YYYY-MM-DD  the day whose pack in force is marked (default today)
  --pack ID          one pack in full: source, dates, PIE-APP convention, functions, every note
  --json             machine-readable: per mechanism the pack in force and the timeline with each pack's functions,
                     input descriptions, dates and notes`;

const MECHANISMS: readonly Mechanism[] = ['vidaio', 'bitmind', 'yuma', 'zap', 'bly'];

function packJson(p: RulePack, inForceId: string | undefined) {
  return {
    id: p.id,
    mechanism: p.mechanism,
    title: p.title,
    source: p.sourceLine,
    inForce: p.inForce,
    dates: describeInForce(p),
    inForceOnDate: p.id === inForceId,
    pieapp: p.pieapp ?? null,
    functions: Object.fromEntries(Object.entries(p.functions).map(([k, f]) => [k, { summary: f.summary, input: f.input.describe() }])),
    notes: p.notes,
  };
}

function wrap(text: string, indent: string, width = 110): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width - indent.length) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['pack', 'date', 'mechanism'], ['json']);
  if (args.positional.length) throw new CliError(`unexpected argument ${JSON.stringify(args.positional[0])}; usage: ${usage}`);
  const date = flag(args, 'date');
  if (date !== undefined && !isIsoDay(date)) throw new CliError(`--date: expected a day written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const day = date ?? new Date().toISOString().slice(0, 10);
  const mech = flag(args, 'mechanism');
  if (mech !== undefined && !MECHANISMS.includes(mech as Mechanism))
    throw new CliError(`--mechanism: unknown mechanism ${mech} (known: ${MECHANISMS.join(', ')})`);
  const mechanisms = mech ? [mech as Mechanism] : MECHANISMS;
  const only = flag(args, 'pack');
  const json = args.flags.has('json');

  if (only !== undefined) {
    const p = packs.find((x) => x.id === only);
    if (!p) throw new CliError(`unknown pack ${JSON.stringify(only)} (known: ${packs.map((x) => x.id).join(', ')})`);
    const choice = packInForce(p.mechanism, day);
    if (json) {
      process.stdout.write(JSON.stringify([packJson(p, choice.pack.id)], null, 2) + '\n');
      return 0;
    }
    const out = [
      `${p.id}  [${p.mechanism}]  ${describeInForce(p)}${choice.pack === p ? `  (in force on ${day})` : ''}`,
      `  ${p.title}`,
      `  source: ${p.sourceLine}`,
    ];
    if (p.pieapp) out.push(`  PIE-APP: ${p.pieapp.summary}`);
    out.push(`  functions: ${Object.keys(p.functions).join(', ')}`);
    if (p.notes.length) {
      out.push('  notes:');
      p.notes.forEach((n, i) => out.push(wrap(`${i + 1}. [${n.kind}] ${n.text}`, '    ')));
    }
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  }

  if (json) {
    const result = mechanisms.map((m) => {
      const choice = packInForce(m, day);
      return {
        mechanism: m,
        date: day,
        inForce: { pack: choice.pack.id, status: choice.status, label: choice.label },
        timeline: timeline(m).map((s) => ({ ...packJson(s.pack, choice.pack.id), previous: s.previous?.id ?? null, changes: s.changes })),
      };
    });
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  }

  const out: string[] = [];
  for (const m of mechanisms) {
    const choice = packInForce(m, day);
    out.push(`${m}: ${choice.pack.id}, ${choice.label}${date ? '' : ' (today)'}`);
    for (const step of timeline(m)) {
      const mark = step.pack === choice.pack ? '▶' : ' ';
      out.push(`  ${mark} ${step.dates.padEnd(30)} ${step.pack.id}`);
      out.push(`      ${step.pack.title}`);
      if (step.previous && step.changes.length) {
        out.push(`      changed from ${step.previous.id}:`);
        for (const c of step.changes) out.push(wrap(`- ${c}`, '        '));
      }
    }
    out.push('');
  }
  out.push('One pack in full (source, functions, every note): preflight packs --pack ID. Another day: --date YYYY-MM-DD.');
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
