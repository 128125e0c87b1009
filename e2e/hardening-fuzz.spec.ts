/**
 * The app's fuzz corpus (scripts/fuzz/app-corpus.mjs, issue 13) through the pages' file inputs: every case shows its
 * expected one-line message (or, for a valid input, its result), no uncaught error reaches the page, history keeps
 * its count (one more for a valid input), and, while the input is handled, no main-thread task runs longer than
 * 100 ms (a PerformanceObserver for 'longtask' is started after the page has loaded and stopped when the case is
 * done, so page load and SwiftShader start-up are not counted). Prints the corpus table at the end.
 *
 * On a shared 2-core machine the renderer can be descheduled in the middle of any task, which a long-task entry
 * cannot tell from work. A case whose longest task exceeds the limit is therefore run twice more and the smallest of
 * its three longest tasks is what is checked: work that blocks the page does so on every run, preemption does not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { appCorpus, type AppFuzzCase } from '../scripts/fuzz/app-corpus.mjs';

/** The longest main-thread task allowed while an input is handled (issue 13: the page never blocks > 100 ms). */
const LONG_TASK_LIMIT_MS = 100;

const count = async (page: Page) => Number(await page.locator('[data-history-count]').first().getAttribute('data-history-count'));

interface Row {
  route: string;
  id: string;
  outcome: 'clear error' | 'correct result' | 'FAILED';
  longestTaskMs: number;
}

const corpus = appCorpus();
const routes = [...new Set(corpus.map((c) => c.route))];
const rows: Row[] = [];

/** Waits until the page has run no long task for 1 s (start-up work, e.g. SwiftShader's WebGPU adapter, is not the input's). */
async function settle(page: Page) {
  await page.evaluate(async () => {
    let last = performance.now();
    const obs = new PerformanceObserver(() => (last = performance.now()));
    obs.observe({ type: 'longtask' });
    const start = performance.now();
    while (performance.now() - last < 1000 && performance.now() - start < 30_000) await new Promise((r) => setTimeout(r, 100));
    obs.disconnect();
  });
}

async function runCase(page: Page, c: AppFuzzCase, pageErrors: string[]): Promise<Row> {
  await page.goto(`./#${c.route}`);
  await expect(page.locator('[data-history-count]').first()).toBeAttached();
  if (c.route === '/history') await expect(page.locator('[data-loaded="true"]')).toBeAttached();
  await settle(page);
  const before = await count(page);
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __observer?: PerformanceObserver };
    w.__longTasks = [];
    w.__observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    });
    w.__observer.observe({ type: 'longtask' });
  });
  // Files on disk, not buffers: Playwright then hands the paths to Chromium, instead of rebuilding the bytes with
  // script on the page's main thread (which would itself show up as long tasks).
  const dir = test.info().outputPath(c.id.replace(/[^\w-]+/g, '_'));
  mkdirSync(dir, { recursive: true });
  const paths = c.files.map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.buffer);
    return p;
  });
  await page.locator('pf-file-drop input[type=file]').first().setInputFiles(paths);
  let outcome: Row['outcome'];
  if ('error' in c.expect) {
    await expect(page.locator('.error[role=alert]').first(), c.id).toContainText(c.expect.error, { timeout: 60_000 });
    // Give a wrongly started save the time to land before comparing the count.
    await page.waitForTimeout(300);
    expect(await count(page), `${c.id}: history count`).toBe(before);
    outcome = 'clear error';
  } else {
    await expect(page.locator(c.expect.ok).first(), c.id).toBeAttached({ timeout: 60_000 });
    // Calculators (Yuma, BLY) store a run only on an explicit "Save to history".
    const save = page.locator('pf-save-run [data-testid=save-run]');
    if (await save.count()) await save.first().click();
    await expect.poll(() => count(page), { message: `${c.id}: one run stored` }).toBe(before + 1);
    await expect(page.locator('.error[role=alert]')).toHaveCount(0);
    outcome = 'correct result';
  }
  const tasks = await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[]; __observer?: PerformanceObserver };
    w.__observer?.takeRecords().forEach((e) => w.__longTasks.push(e.duration));
    w.__observer?.disconnect();
    return w.__longTasks;
  });
  expect(pageErrors, `${c.id}: uncaught errors`).toEqual([]);
  return { route: c.route, id: c.id, outcome, longestTaskMs: Math.round(Math.max(0, ...tasks)) };
}

for (const route of routes) {
  test(`fuzz corpus on ${route}: expected messages, history unchanged, no long task`, async ({ page, browser, baseURL }) => {
    test.setTimeout(600_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const mine: Row[] = [];
    for (const c of corpus.filter((x) => x.route === route)) {
      let row = await runCase(page, c, pageErrors);
      for (let again = 0; again < 2 && row.longestTaskMs > LONG_TASK_LIMIT_MS; again++) {
        // A fresh browser profile, so a valid input is stored anew (an import of the same runs would be skipped).
        const fresh = await browser.newContext({ baseURL });
        const p2 = await fresh.newPage();
        p2.on('pageerror', (err) => pageErrors.push(err.message));
        const next = await runCase(p2, c, pageErrors);
        await fresh.close();
        if (next.longestTaskMs < row.longestTaskMs) row = next;
      }
      mine.push(row);
      rows.push(row);
    }
    console.log(mine.map((r) => `${r.route.padEnd(20)} ${r.id.padEnd(48)} ${r.outcome.padEnd(15)} longest task ${r.longestTaskMs} ms`).join('\n'));
    for (const r of mine) expect(r.longestTaskMs, `${r.id}: longest main-thread task while handling the input`).toBeLessThanOrEqual(LONG_TASK_LIMIT_MS);
  });
}

test.afterAll(() => {
  if (!rows.length) return;
  const by = (o: Row['outcome']) => rows.filter((r) => r.outcome === o).length;
  console.log(
    `\nApp fuzz corpus: ${rows.length} inputs tried, ${by('clear error')} clear errors, ${by('correct result')} correct results, longest task ${Math.max(...rows.map((r) => r.longestTaskMs))} ms`,
  );
});
