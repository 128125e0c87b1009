/**
 * Helpers the page specs share: run one rule-pack function through the `preflight score` CLI (so a page's numbers
 * are compared with the same function run outside the browser), locate the bundled e2e data files, and read the
 * values and history count a page exposes as data attributes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';

const run = promisify(execFile);
let tmp: string | null = null;
let seq = 0;

/** Runs `preflight score PACK FN --input FILE` and returns its JSON result; non-finite numbers travel as the vector schema's strings. */
export async function packCli(packId: string, fn: string, input: unknown): Promise<any> {
  tmp ??= mkdtempSync(join(tmpdir(), 'pf-pack-cli-'));
  const file = join(tmp, `in-${seq++}.json`);
  writeFileSync(
    file,
    JSON.stringify(input, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
  );
  const { stdout } = await run('node', ['bin/preflight.mjs', 'score', packId, fn, '--input', file]);
  return JSON.parse(stdout, (_k, v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));
}

/** Absolute path of a file in e2e/data/. */
export const e2eData = (name: string) => new URL(`./data/${name}`, import.meta.url).pathname;
/** The page's file input (inside pf-file-drop). */
export const fileInput = (page: Page) => page.locator('pf-file-drop input[type=file]');
/** The number a result element exposes as `data-value`, found by its `data-key`. */
export const dataValue = async (page: Page, key: string) => Number(await page.locator(`[data-key="${key}"]`).first().getAttribute('data-value'));
/** The element carrying `data-history-count` (how many runs are stored). */
export const historyCount = (page: Page) => page.locator('[data-history-count]');
