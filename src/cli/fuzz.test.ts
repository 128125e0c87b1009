/**
 * The CLI fuzz corpus of issue 13 (scripts/fuzz/make-corpus.mjs generates the inputs into a temp dir with the
 * native ffmpeg): every case runs as `node bin/preflight.mjs …` (two at a time) and must end with its expected
 * exit status, no stack trace, no hang, one error line and its expected message (or output for valid inputs).
 * The table of issue 13's closing note is printed at the end. Browser cases (headless Chromium) run when dist/ is
 * up to date or PREFLIGHT_FUZZ_BROWSER=1; otherwise they are reported as skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM scripts without type declarations
import { makeCorpus } from '../../scripts/fuzz/make-corpus.mjs';
// @ts-expect-error plain ESM scripts without type declarations
import { distIsFresh, runAll, table } from '../../scripts/fuzz/run-corpus.mjs';

interface FuzzCase {
  id: string;
  what: string;
  args: string[];
  code: number;
  browser?: boolean;
}
interface FuzzResult {
  id: string;
  problems: string[];
  stderr: string;
  code: number | null;
}

const dir = mkdtempSync(join(tmpdir(), 'preflight-fuzz-'));
const all = makeCorpus(dir) as FuzzCase[];
const browser = process.env.PREFLIGHT_FUZZ_BROWSER === '1' || (distIsFresh() as boolean);
const cases = all.filter((c) => browser || !c.browser);
const skipped = all.filter((c) => !cases.includes(c));
let results: FuzzResult[] = [];

beforeAll(async () => {
  results = (await runAll(cases, { jobs: 2 })) as FuzzResult[];
}, 900_000);

afterAll(() => {
  const t = table(results, skipped) as { text: string; misses: string[]; skippedText: string[] };
  console.log(`\nCLI fuzz corpus (issue 13)\n${t.text}\n${[...t.misses, ...t.skippedText].join('\n')}`);
  rmSync(dir, { recursive: true, force: true });
});

describe('CLI fuzz corpus: exit status, one line, no stack trace, no hang, expected message', () => {
  it('has a case for every item of issue 13 the CLI owns', () => {
    const ids = all.map((c) => c.id);
    for (const id of [
      'y4m-trunc-dist',
      'y4m-trunc-ref',
      'mp4-h264-10bit',
      'mp4-hevc-main10',
      'mp4-422',
      'mp4-444',
      'txt-readme',
      'mp4-audio-only',
      'y4m-W99999',
      'y4m-W2147483647',
      'json-into-directory',
      'json-missing-directory',
      'score-fn-constructor',
      'score-fn-toString',
      'score-deep-3000',
      'engine-cpu-bit-flipped',
      'metrics-help',
      'pieapp-help',
      'score-proto',
      'vectors-tol-x',
      'mp4-half',
    ])
      expect(ids).toContain(id);
  });
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = results.find((x) => x.id === c.id);
    expect(r, 'ran').toBeDefined();
    expect(r!.problems, `${c.what}; stderr: ${r!.stderr.trim().slice(-400)}`).toEqual([]);
  });
});
