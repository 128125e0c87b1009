/**
 * Service-worker hardening (issue 13 item 4, issue 14 item 1), on a plain static server that sends none of the
 * isolation headers:
 * - after the worker takes control and the page reloads, the app is cross-origin isolated (the worker adds
 *   COOP/COEP/CORP to what it serves);
 * - a new deploy does not break an open tab: the new worker waits and the page offers "New version available —
 *   Reload" (keyboard operable); after one tab reloads onto the new build, another tab still on the old build
 *   loads a page chunk that the new deploy no longer has (from the old build's cache); the old cache is deleted
 *   once no tab of the old build is open.
 * The second build is the first with a new version hash and one lazily loaded page chunk removed, so the test needs
 * one `vite build` only.
 */
import { createServer, type Server } from 'node:http';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { test, expect } from './fixtures.ts';

const port = Number(process.env.PREFLIGHT_PORT ?? 4173) + 152;
/** The build to serve (`vite build` writes dist/). */
const DIST = process.env.PREFLIGHT_DIST ?? 'dist';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.mp4': 'video/mp4',
  '.y4m': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
};

/** A static file server with no COOP/COEP/CSP headers; `root` can be switched to simulate a deploy. */
function staticServer(state: { root: string }): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(state.root, path));
    if (!file.startsWith(state.root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

/** dist/ copied as a "new deploy": another version hash, and the zap page chunk gone (file and precache entry). */
function nextDeploy(): { root: string; zapChunk: string } {
  const root = join(tmpdir(), `pf-deploy-b-${process.pid}`);
  rmSync(root, { recursive: true, force: true });
  cpSync(DIST, root, { recursive: true });
  const zapChunk = readdirSync(join(root, 'assets')).find((f) => /^zap-page-.*\.js$/.test(f))!;
  rmSync(join(root, 'assets', zapChunk));
  const sw = readFileSync(join(root, 'sw.js'), 'utf8')
    .replace(/const VERSION = "([0-9a-f]+)";/, (_m, v: string) => `const VERSION = "${v.split('').reverse().join('')}";`)
    .replace(`"./assets/${zapChunk}",`, '');
  writeFileSync(join(root, 'sw.js'), sw);
  return { root, zapChunk };
}

test.use({ baseURL: `http://127.0.0.1:${port}/` });

const controlled = () =>
  navigator.serviceWorker.ready.then(() =>
    navigator.serviceWorker.controller
      ? undefined
      : new Promise<void>((r) => navigator.serviceWorker.addEventListener('controllerchange', () => r(), { once: true })),
  );

test('a plain static server gives a cross-origin isolated app once the service worker serves it', async ({ page }) => {
  const state = { root: join(process.cwd(), DIST) };
  const server = await staticServer(state);
  try {
    await page.goto('./#/packs');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
    await page.evaluate(controlled);
    await page.reload();
    await expect(page.locator('pf-packs-page h2').first()).toBeVisible();
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  } finally {
    server.close();
  }
});

test('a new deploy: the update is offered, and an old tab keeps loading its chunks until it closes', async ({ page }) => {
  const state = { root: join(process.cwd(), DIST) };
  const server = await staticServer(state);
  const deploy = nextDeploy();
  try {
    await page.goto('./#/packs');
    await page.evaluate(controlled);
    await page.reload();
    const old = await page.context().newPage();
    await old.goto('./#/packs');
    await expect(old.locator('pf-packs-page h2').first()).toBeVisible();
    const cacheNames = (p: typeof page) => p.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('preflight-')).sort());
    const [first] = await cacheNames(page);

    // Deploy B; the page finds the update, which waits, and offers it.
    state.root = deploy.root;
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toContainText('New version available');
    await expect(old.getByTestId('update-prompt')).toBeVisible();
    // Keyboard: focus the Reload button and press Enter.
    await prompt.getByRole('button', { name: 'Reload' }).focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await expect(page.locator('pf-packs-page h2').first()).toBeVisible();
    const both = await cacheNames(page);
    expect(both).toHaveLength(2);
    expect(both).toContain(first);

    // The old tab (still build A) opens a page whose chunk deploy B no longer has: served from A's cache.
    expect(existsSync(join(deploy.root, 'assets', deploy.zapChunk))).toBe(false);
    await old.goto('./#/zap');
    await expect(old.locator('pf-zap-page h2').first()).toBeVisible();

    // Once the old tab is closed, the next navigation drops A's cache.
    await old.close();
    await page.reload();
    await expect.poll(() => cacheNames(page)).toHaveLength(1);
    expect(await cacheNames(page)).not.toContain(first);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  } finally {
    server.close();
    rmSync(deploy.root, { recursive: true, force: true });
  }
});
