/**
 * Settings says how many workers and threads PIE-APP runs with: in the built app served with COOP/COEP (vite
 * preview) one thread per core, at most 8, in a pool of workers (one per core as far as memory allows); when the
 * same page arrives without those headers (stripped here on the way in), one single-thread worker per core as far
 * as memory allows, and why. The PIE-APP worker works out the plan (src/core/pieapp/threads.ts) from what it can
 * see itself.
 */

/** The pool size of `pieappPoolPlan` for what the page reports. */
const poolWorkers = (cores: number, memory: number | undefined) => Math.max(1, Math.min(4, cores, memory === undefined ? 1 : Math.floor(memory / 3)));
import { test, expect } from './fixtures.ts';

test('Settings shows PIE-APP on every core, in a pool of workers, when cross-origin isolated', async ({ page }) => {
  await page.goto('./#/settings');
  const { cores, memory } = await page.evaluate(() => ({
    cores: navigator.hardwareConcurrency,
    memory: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
  }));
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const p = page.getByTestId('pieapp-threads');
  await expect(p).toHaveAttribute('data-threads', String(Math.min(8, cores)));
  await expect(p).toHaveAttribute('data-workers', String(poolWorkers(cores, memory)));
  await expect(p).toHaveAttribute('data-cores', String(cores));
  await expect(p).toContainText(`PIE-APP runs on ${Math.min(8, cores)} WebAssembly thread`);
  if (cores === 2 && poolWorkers(cores, memory) === 2) await expect(p).toContainText('in 2 workers of 1 thread each.');
});

test('Settings says PIE-APP runs single-thread workers, and why, when the page is not cross-origin isolated', async ({ page, context }) => {
  // Only the document decides isolation; its other responses may keep their headers.
  await context.route('**/*', async (route) => {
    if (!route.request().isNavigationRequest()) return route.continue();
    const res = await route.fetch();
    const headers = { ...res.headers() };
    for (const h of ['cross-origin-opener-policy', 'cross-origin-embedder-policy', 'content-encoding', 'content-length', 'transfer-encoding'])
      delete headers[h];
    await route.fulfill({ response: res, headers });
  });
  await page.goto('./#/settings');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const { cores, memory } = await page.evaluate(() => ({
    cores: navigator.hardwareConcurrency,
    memory: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
  }));
  const p = page.getByTestId('pieapp-threads');
  // Without WebAssembly threads each worker runs one: as many threads as workers.
  await expect(p).toHaveAttribute('data-threads', String(poolWorkers(cores, memory)));
  await expect(p).toHaveAttribute('data-workers', String(poolWorkers(cores, memory)));
  await expect(p).toHaveAttribute('data-limit', 'not-isolated');
  await expect(p).toContainText('not cross-origin isolated');
  await expect(p).toContainText('each PIE-APP worker runs one thread');
  await context.unrouteAll({ behavior: 'ignoreErrors' });
});
