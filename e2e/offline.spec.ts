/**
 * Offline PWA: after a first load the service worker serves the whole app, so a reload works with the server
 * stopped (a real stop of a private `vite preview`, not only `setOffline`), and the page stays cross-origin isolated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { test, expect } from './fixtures.ts';

// A private preview per run (4391 with the default PREFLIGHT_PORT), so helpers running e2e side by side do not collide.
const port = Number(process.env.PREFLIGHT_PORT ?? 4173) + 218;

async function startPreview(): Promise<ChildProcess> {
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('vite preview did not start');
}

test.use({ baseURL: `http://127.0.0.1:${port}/` });

test('reload works and the sample still scores with the server stopped after the first load', async ({ page }) => {
  const server = await startPreview();
  try {
    await page.goto('./');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise<void>((r) => navigator.serviceWorker.addEventListener('controllerchange', () => r(), { once: true }));
    });
  } finally {
    process.kill(-server.pid!, 'SIGTERM');
  }
  await expect
    .poll(async () =>
      fetch(`http://127.0.0.1:${port}/`).then(
        () => 'up',
        () => 'down',
      ),
    )
    .toBe('down');
  await page.goto('./#/packs');
  await page.reload();
  await expect(page.locator('pf-app-shell')).toBeVisible();
  await expect(page.locator('section[data-pack="bitmind-gas"]')).toBeVisible();
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  // The whole pipeline (workers, wasm, models, sample clips) is precached: the sample still scores offline.
  await page.goto('./#/vidaio/compression');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByTestId('score')).toBeVisible({ timeout: 120_000 });
  expect(Number(await page.getByTestId('score').getAttribute('data-value'))).toBeGreaterThan(0.3);
  const page2 = await page.context().newPage();
  await page2.goto('./#/packs');
  await expect(page2.locator('section[data-pack="yuma-subtensor"]')).toBeVisible();
});
