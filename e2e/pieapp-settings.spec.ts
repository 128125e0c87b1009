/**
 * Settings says how many threads PIE-APP runs with: in the built app served with COOP/COEP (vite preview) one per
 * core, at most 8; when the same page arrives without those headers (stripped here on the way in), one thread, and
 * why. The PIE-APP worker works out the plan (src/core/pieapp/threads.ts) from what it can see itself.
 */
import { test, expect } from './fixtures.ts';

test('Settings shows PIE-APP on every core when cross-origin isolated', async ({ page }) => {
  await page.goto('./#/settings');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const p = page.getByTestId('pieapp-threads');
  await expect(p).toHaveAttribute('data-threads', String(Math.min(8, cores)));
  await expect(p).toHaveAttribute('data-cores', String(cores));
  await expect(p).toContainText(`PIE-APP runs on ${Math.min(8, cores)} WebAssembly thread`);
});

test('Settings says PIE-APP runs one thread, and why, when the page is not cross-origin isolated', async ({ page, context }) => {
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
  const p = page.getByTestId('pieapp-threads');
  await expect(p).toHaveAttribute('data-threads', '1');
  await expect(p).toHaveAttribute('data-limit', 'not-isolated');
  await expect(p).toContainText('not cross-origin isolated');
  await context.unrouteAll({ behavior: 'ignoreErrors' });
});
