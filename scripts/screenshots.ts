/**
 * `npm run screenshots`: builds the app, serves it with `vite preview`, and writes a full-page PNG of every page
 * (src/ui/routes.ts) at 1280 and 390 px wide, in the light and the dark colour scheme, to screenshots/ (gitignored)
 * as `<page>-<width>-<scheme>.png`, so a reviewer can look at every layout without running the app. Debian's
 * Chromium (CHROMIUM_PATH overrides /usr/bin/chromium) with the flags of src/cli/browser/chromium.ts. Options:
 * `--no-build` reuses dist/, `--only=<substring>` limits the pages, PREFLIGHT_SHOT_PORT picks the port (4380).
 * Besides the empty pages, the compression page is also shot after scoring its bundled sample
 * (`vidaio-compression-scored-…`: score card, table, per-frame chart), unless `--no-run`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { routes } from '../src/ui/routes.ts';
import { chromiumArgs, chromiumPath } from '../src/cli/browser/chromium.ts';

const port = Number(process.env.PREFLIGHT_SHOT_PORT ?? 4380);
const base = `http://127.0.0.1:${port}/`;
const out = 'screenshots';
const args = chromiumArgs();
const widths = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];
const schemes = ['light', 'dark'] as const;
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  mkdirSync(out, { recursive: true });
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args });
  const written: string[] = [];
  try {
    await waitUp(base);
    for (const vp of widths) {
      for (const colorScheme of schemes) {
        const ctx = await browser.newContext({ viewport: vp, colorScheme, deviceScaleFactor: 1 });
        const page = await ctx.newPage();
        for (const r of routes) {
          if (only && !r.path.includes(only)) continue;
          await page.goto(`${base}#${r.path}`);
          await page.locator(r.tag).waitFor({ state: 'attached' });
          await page.waitForTimeout(1500);
          const name = `${r.path.replace(/^\//, '').replace(/\//g, '-')}-${vp.width}-${colorScheme}.png`;
          await page.screenshot({ path: join(out, name), fullPage: true });
          written.push(name);
        }
        if (!process.argv.includes('--no-run') && (!only || 'vidaio/compression'.includes(only))) {
          await page.goto(`${base}#/vidaio/compression`);
          await page.getByRole('button', { name: 'Score the bundled sample' }).click();
          await page.getByTestId('score').waitFor({ timeout: 180_000 });
          await page.waitForTimeout(700);
          const name = `vidaio-compression-scored-${vp.width}-${colorScheme}.png`;
          await page.screenshot({ path: join(out, name), fullPage: true });
          written.push(name);
        }
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
  console.log(`${written.length} screenshots in ${out}/:\n${written.join('\n')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
