/**
 * The `preflight` command line: the same core code as the app, in Node. Each command lives in
 * `src/cli/commands/<name>.ts` and exports `summary`, `usage` and `run(argv) → exit status`.
 */
import { CliError } from './args.ts';
import * as packs from './commands/packs.ts';
import * as score from './commands/score.ts';
import * as vectors from './commands/vectors.ts';
import * as metrics from './commands/metrics.ts';
import * as pieapp from './commands/pieapp.ts';
import * as competition from './commands/competition.ts';

interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

const commands: Record<string, Command> = { packs, score, vectors, metrics, pieapp, competition };

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}\n            ${c.usage}`);
  return `preflight: see the validator's score before you submit\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`preflight: unknown command ${name}\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`preflight ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`preflight ${name}: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
