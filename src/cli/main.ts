/**
 * The `preflight` command line: the same core code as the app, in Node. Each command lives in
 * `src/cli/commands/<name>.ts` and exports `summary`, `usage` and `run(argv) → exit status`, and may export `help`
 * (the option list `preflight <command> --help` prints).
 *
 * Errors: an input or usage problem (`CliError`) prints one line, `preflight <command>: <file or flag>: <problem>`,
 * exit 2 (or the error's own status). Anything else is a bug: one line saying so, exit 1. No stack trace is ever
 * printed unless `--debug` (anywhere on the line) or PREFLIGHT_DEBUG=1 asks for it.
 */
import { CliError } from './args.ts';

interface Command {
  summary: string;
  usage: string;
  help?: string;
  run(argv: string[]): Promise<number>;
}

/** Commands are loaded on demand: `score` need not load the video engines (seconds of start-up under tsx). */
const commands: Record<string, () => Promise<Command>> = {
  packs: () => import('./commands/packs.ts'),
  score: () => import('./commands/score.ts'),
  vectors: () => import('./commands/vectors.ts'),
  metrics: () => import('./commands/metrics.ts'),
  pieapp: () => import('./commands/pieapp.ts'),
  competition: () => import('./commands/competition.ts'),
  removal: () => import('./commands/removal.ts'),
};

async function help(): Promise<string> {
  const loaded = await Promise.all(Object.entries(commands).map(async ([name, load]) => [name, await load()] as const));
  const lines = loaded.map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}\n            ${c.usage}`);
  return (
    `preflight: see the validator's score before you submit\n\ncommands:\n${lines.join('\n')}\n\n` +
    `preflight <command> --help shows a command's options; --debug prints the stack trace of an error.\n`
  );
}

function commandHelp(name: string, c: Command): string {
  return `preflight ${name}: ${c.summary}\n\nusage: ${c.usage}\n${c.help ? `\n${c.help.replace(/\n*$/, '\n')}` : ''}`;
}

/** Longest error line printed (a decoder's log can be kilobytes); the rest is cut with an ellipsis. */
const MAX_ERROR_CHARS = 600;

/** One line: newlines folded to " | ", runs of blanks to one space, cut at MAX_ERROR_CHARS. */
export function oneLine(message: string): string {
  const s = message
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' | ')
    .replace(/\s+/g, ' ');
  return s.length > MAX_ERROR_CHARS ? s.slice(0, MAX_ERROR_CHARS - 1) + '…' : s;
}

/** True when the stack of errors should be printed. */
export function debugEnabled(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--debug') || process.env.PREFLIGHT_DEBUG === '1';
}

/** Prints an error that no command turned into a CliError (a bug): one line, or the stack with --debug. */
export function reportInternalError(where: string, err: unknown, debug: boolean): void {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (debug) process.stderr.write(`${where}: internal error: ${(err as Error)?.stack ?? message}\n`);
  else process.stderr.write(`${where}: internal error: ${oneLine(message)} (a bug in preflight; rerun with --debug for the stack trace)\n`);
}

export async function main(argv: string[]): Promise<number> {
  const debug = debugEnabled(argv);
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && Object.hasOwn(commands, rest[0])) {
      process.stdout.write(commandHelp(rest[0], await commands[rest[0]]!()));
      return 0;
    }
    (name ? process.stdout : process.stderr).write(await help());
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(commands, name) ? await commands[name]!() : undefined;
  if (!command) {
    process.stderr.write(`preflight: unknown command ${JSON.stringify(name)} (known: ${Object.keys(commands).join(', ')}; preflight --help lists them)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(name, command));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`preflight ${name}: ${oneLine(err.message)}\n`);
      if (debug && err.stack) process.stderr.write(err.stack + '\n');
      return err.exitCode;
    }
    reportInternalError(`preflight ${name}`, err, debug);
    return 1;
  }
}
