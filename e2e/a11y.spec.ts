/**
 * Accessibility and layout of every page in the built app: at 1280×800 and 390×844, in the light and the dark
 * colour scheme, axe-core (@axe-core/playwright, WCAG 2.x A/AA rules) finds no serious or critical violation, the
 * page does not scroll horizontally, and nothing is logged as a console error. A keyboard-only run (Tab, Enter and
 * Space, no mouse) reaches the file inputs and scores the bundled sample on the compression page. On a phone the
 * navigation collapses behind a disclosure button.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { routes } from '../src/ui/routes.ts';
import { test, expect } from './fixtures.ts';

const viewports = [
  { name: '1280', width: 1280, height: 800 },
  { name: '390', width: 390, height: 844 },
] as const;
const schemes = ['light', 'dark'] as const;

/** Console errors and uncaught exceptions of a page, as text. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

async function openPage(page: Page, path: string, tag: string) {
  await page.goto(`./#${path}`);
  await expect(page.locator(tag)).toBeAttached();
  // Let the page's asynchronous reads (settings, model status, adapter probe) settle into the markup.
  await page.waitForTimeout(400);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ')}]` : ''}`)
          .join('; ')}`,
    );
}

async function context(browser: Browser, width: number, height: number, colorScheme: 'light' | 'dark', baseURL: string) {
  return browser.newContext({ viewport: { width, height }, colorScheme, baseURL });
}

for (const vp of viewports) {
  for (const scheme of schemes) {
    test(`every page at ${vp.name} px, ${scheme}: no serious/critical axe violation, no horizontal scroll, no console error`, async ({ browser, baseURL }) => {
      // Eleven pages with an axe run each: about a minute on an idle machine, three on a loaded 2-core one.
      test.setTimeout(480_000);
      const ctx = await context(browser, vp.width, vp.height, scheme, baseURL!);
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      const problems: string[] = [];
      for (const r of routes) {
        await openPage(page, r.path, r.tag);
        const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        if (width.scroll > width.inner) problems.push(`${r.path}: page is ${width.scroll} px wide in a ${width.inner} px window`);
        for (const v of await seriousViolations(page)) problems.push(`${r.path}: ${v}`);
      }
      await ctx.close();
      expect(problems, problems.join('\n')).toEqual([]);
      expect(errors, errors.join('\n')).toEqual([]);
    });
  }
}

test('390 px: the navigation collapses behind a disclosure button that opens and closes it', async ({ browser, baseURL }) => {
  const ctx = await context(browser, 390, 844, 'light', baseURL!);
  const page = await ctx.newPage();
  await page.goto('./#/packs');
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeHidden();
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Close menu' })).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'History' }).click();
  await expect(page.locator('pf-history-page')).toBeAttached();
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeHidden();
  await ctx.close();
});

/** A description of the element that has keyboard focus, looking through shadow roots. */
async function focused(page: Page): Promise<{ tag: string; type: string; text: string; host: string }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let host = '';
    while (el?.shadowRoot?.activeElement) {
      host = el.tagName.toLowerCase();
      el = el.shadowRoot.activeElement;
    }
    const e = el as HTMLElement | null;
    return { tag: e?.tagName.toLowerCase() ?? '', type: (e as HTMLInputElement | null)?.type ?? '', text: (e?.textContent ?? '').trim(), host };
  });
}

test('keyboard only: Tab reaches both file inputs and the sample button; Space on it scores the compression sample', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./#/vidaio/compression');
  await expect(page.locator('pf-vidaio-compression-page')).toBeAttached();
  const seen: string[] = [];
  let onSample = false;
  for (let i = 0; i < 80 && !onSample; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(`${f.host}>${f.tag}${f.type ? `[${f.type}]` : ''}`);
    onSample = f.tag === 'button' && f.text === 'Score the bundled sample';
  }
  expect(onSample, `focus order: ${seen.join(', ')}`).toBe(true);
  // Keep tabbing: the two drop zones' file inputs are in the tab order after the sample button.
  let fileInputs = 0;
  for (let i = 0; i < 20 && fileInputs < 2; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.host === 'pf-file-drop' && f.tag === 'input' && f.type === 'file') fileInputs++;
  }
  expect(fileInputs).toBe(2);
  // Back to the sample button with Shift+Tab, then Space presses it.
  for (let i = 0; i < 40; i++) {
    const f = await focused(page);
    if (f.tag === 'button' && f.text === 'Score the bundled sample') break;
    await page.keyboard.press('Shift+Tab');
  }
  expect((await focused(page)).text).toBe('Score the bundled sample');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('score')).toBeVisible({ timeout: 150_000 });
  expect(Number(await page.getByTestId('score').getAttribute('data-value'))).toBeGreaterThan(0);
  expect(errors, errors.join('\n')).toEqual([]);
});

test('overview: the landing page, its one-click sample scores completely at 390 px in the dark scheme', async ({ browser, baseURL }) => {
  const ctx = await context(browser, 390, 844, 'dark', baseURL!);
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto('./');
  await expect(page.locator('pf-overview-page')).toBeAttached();
  await expect(page.getByTestId('overview-packs').locator('[data-mechanism="vidaio"]')).toHaveAttribute('data-pack', /.+/);
  await expect(page.getByTestId('overview-pieapp')).toHaveAttribute('data-installed', /true|false/);
  await expect(page.getByTestId('overview-webgpu')).toHaveAttribute('data-ok', /true|false/);
  await page.getByTestId('overview-sample').click();
  await expect(page.locator('pf-vidaio-compression-page')).toBeAttached();
  await expect(page.getByTestId('score')).toBeVisible({ timeout: 150_000 });
  expect(await page.getByTestId('score').textContent()).not.toBe('partial');
  expect(Number(await page.getByTestId('score').getAttribute('data-value'))).toBeGreaterThan(0);
  const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(width.scroll).toBeLessThanOrEqual(width.inner);
  for (const v of await seriousViolations(page)) expect.soft(v).toBe('');
  // History with the stored run: its table scrolls inside itself, the page does not.
  await page.goto('./#/history');
  await expect(page.locator('[data-history-count][data-loaded="true"]').first()).toBeAttached();
  await page.waitForTimeout(400);
  const h = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(h.scroll).toBeLessThanOrEqual(h.inner);
  for (const v of await seriousViolations(page)) expect.soft(v).toBe('');
  await ctx.close();
  expect(errors, errors.join('\n')).toEqual([]);
});
