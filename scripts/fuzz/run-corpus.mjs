#!/usr/bin/env node
/**
 * Runs the CLI fuzz corpus (./make-corpus.mjs) through `node bin/preflight.mjs`, a few cases at a time, and judges
 * each: the exit status expected, no stack trace on stderr (no "    at " line), no hang (killed after its timeout),
 * stderr one line for an error, and the expected message or output matched. Prints the table of issue 13's closing
 * note: inputs tried, clear errors, correct results, and every case that missed.
 *
 *   node scripts/fuzz/run-corpus.mjs [--browser] [--jobs N]
 *
 * Browser cases (headless Chromium on dist/) run with --browser or when dist/ is up to date; else they are
 * listed as skipped. src/cli/fuzz.test.ts runs the same cases under Vitest.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCorpus, REPO } from './make-corpus.mjs';

const STACK_LINE = /^\s+at .+/m;

/** Runs one case; resolves with what happened and the list of problems (empty = as expected). */
export function runCase(c, { timeoutMs = 90_000 } = {}) {
  const limit = c.timeoutMs ?? timeoutMs;
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/preflight.mjs'), ...c.args], {
      cwd: REPO,
      env: { ...process.env, PREFLIGHT_DEBUG: '', ...(c.env ?? {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => {
      if (stdout.length < 1 << 20) stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s) => {
      if (stderr.length < 1 << 20) stderr += s;
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(c.stdin ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limit);
    child.on('close', (code) => {
      clearTimeout(timer);
      const problems = [];
      if (timedOut) problems.push(`hang: killed after ${limit} ms`);
      else if (code !== c.code) problems.push(`exit ${code}, expected ${c.code}`);
      if (STACK_LINE.test(stderr)) problems.push('stack trace on stderr');
      // Progress lines ("preflight: building…", "wrote …") may precede an error; the error itself is one line.
      const errorLines = stderr.split('\n').filter((l) => /^preflight[^:]*: /.test(l) && !/^preflight: (building|WebGPU adapter)/.test(l));
      if (c.code === 2 && errorLines.length !== 1) problems.push(`${errorLines.length} error lines on stderr, expected 1`);
      if (c.stderr && !c.stderr.test(stderr)) problems.push(`stderr does not match ${c.stderr}`);
      if (c.stdout && !c.stdout.test(stdout)) problems.push(`stdout does not match ${c.stdout}`);
      done({ id: c.id, what: c.what, expected: c.code, code, timedOut, ms: Date.now() - started, stdout, stderr, problems });
    });
  });
}

/** Runs cases `jobs` at a time, in order of the list. */
export async function runAll(cases, { jobs = 2, timeoutMs } = {}) {
  const results = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], { timeoutMs });
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, cases.length) }, worker));
  return results;
}

/** True when dist/engine.html exists and is newer than every web source (what the CLI would otherwise rebuild). */
export function distIsFresh() {
  const page = join(REPO, 'dist/engine.html');
  if (!existsSync(page)) return false;
  const built = statSync(page).mtimeMs;
  let newest = 0;
  const visit = (p, rel) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const n of readdirSync(p)) if (!n.startsWith('.') && `${rel}/${n}` !== 'src/cli') visit(join(p, n), `${rel}/${n}`.replace(/^\//, ''));
    } else if (!/\.test\.ts$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of ['src', 'workers', 'public', 'index.html', 'engine.html', 'vite.config.ts', 'package.json']) visit(join(REPO, s), s);
  return built >= newest;
}

/** The summary table (markdown) and the list of misses. */
export function table(results, skipped = []) {
  const ran = results.length;
  const errors = results.filter((r) => r.expected === 2);
  const outcomes = results.filter((r) => r.expected !== 2);
  const ok = (r) => r.problems.length === 0;
  const stacks = results.filter((r) => r.problems.some((p) => p.startsWith('stack'))).length;
  const hangs = results.filter((r) => r.timedOut).length;
  const accepted = errors.filter((r) => r.code === 0).length;
  const lines = [
    '| inputs tried | clear errors (exit 2, one line, message matched) | correct results (exit 0/1, output matched) | stack traces | hangs | silently accepted | missed | skipped |',
    '|---|---|---|---|---|---|---|---|',
    `| ${ran} | ${errors.filter(ok).length} of ${errors.length} | ${outcomes.filter(ok).length} of ${outcomes.length} | ${stacks} | ${hangs} | ${accepted} | ${results.filter((r) => !ok(r)).length} | ${skipped.length} |`,
  ];
  const misses = results
    .filter((r) => !ok(r))
    .map((r) => `MISS ${r.id} (${r.what}): ${r.problems.join('; ')}\n     stderr: ${r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`);
  return {
    text: lines.join('\n'),
    misses,
    skippedText: skipped.map((c) => `skipped ${c.id} (${c.what}): dist/ is not up to date (run with --browser or after vite build)`),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const jobs = argv.includes('--jobs') ? Number(argv[argv.indexOf('--jobs') + 1]) : 2;
  const dir = mkdtempSync(join(tmpdir(), 'preflight-fuzz-'));
  const t0 = Date.now();
  const all = makeCorpus(dir);
  const browser = argv.includes('--browser') || distIsFresh();
  const cases = all.filter((c) => browser || !c.browser);
  const skipped = all.filter((c) => !cases.includes(c));
  const results = await runAll(cases, { jobs });
  for (const r of results)
    process.stdout.write(
      `${r.problems.length ? 'MISS' : 'ok  '} ${r.id.padEnd(26)} exit ${String(r.code).padEnd(4)} ${String(r.ms).padStart(6)} ms  ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 140)}\n`,
    );
  const t = table(results, skipped);
  process.stdout.write(`\n${t.text}\n\n${[...t.misses, ...t.skippedText].join('\n')}\n${((Date.now() - t0) / 1000).toFixed(1)} s with ${jobs} jobs\n`);
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = t.misses.length ? 1 : 0;
}
