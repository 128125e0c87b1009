#!/usr/bin/env node
// Entry point of the `preflight` command: runs the TypeScript CLI through tsx, so no build step is needed.
// A failure that escapes the command (an uncaught exception or rejection: a bug) still ends in one line and exit 1;
// `--debug` or PREFLIGHT_DEBUG=1 prints its stack. A closed stdout (`preflight packs | head -1`) ends quietly.
import { register } from 'tsx/esm/api';

const debug = process.argv.includes('--debug') || process.env.PREFLIGHT_DEBUG === '1';
const escaped = (err) => {
  const text = debug
    ? (err?.stack ?? String(err))
    : `${err?.name ?? 'Error'}: ${String(err?.message ?? err).split('\n')[0]} (a bug in preflight; rerun with --debug for the stack trace)`;
  process.stderr.write(`preflight: internal error: ${text}\n`);
  process.exit(1);
};
process.on('uncaughtException', escaped);
process.on('unhandledRejection', escaped);
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  escaped(err);
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
