/**
 * The built app lists every rule pack with its source and the dates it was in force; the packs page shows each
 * mechanism's timeline and what changed between neighbours; pages default to the pack in force today (the clock is
 * pinned to 2026-12-05) and the pack picker picks any pack or the pack in force on any date.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { sharedReferenceUrl } from '../test-support/index.ts';

const ids = (dir: URL) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { pack: string }).pack);
const packIds = [...new Set([...ids(sharedReferenceUrl('vectors/')), ...ids(new URL('../vectors/', import.meta.url))])];
const TODAY = new Date('2026-12-05T12:00:00Z');

test('the app lists every rule pack with its source', async ({ page }) => {
  await page.clock.setFixedTime(TODAY);
  await page.goto('./#/packs');
  await expect(page.locator('pf-app-shell')).toBeVisible();
  for (const id of packIds) {
    await expect(page.locator(`section[data-pack="${id}"]`), `pack ${id}`).toBeVisible();
  }
  await expect(page.getByText('Source: seed document 000_83e86b5ef461aa2e.txt')).toBeVisible();
});

test('the packs page shows the Vidaio timeline with dates, the pack in force on a day, and what changed', async ({ page }) => {
  await page.clock.setFixedTime(TODAY);
  await page.goto('./#/packs');
  const vidaio = page.locator('section[data-timeline="vidaio"]');
  await expect(page.getByTestId('in-force-vidaio')).toContainText('validator-vidaio@e76b503, in force since 2026-09-27');
  await expect(vidaio.locator('li[data-step]')).toHaveCount(6);
  expect(await vidaio.locator('li[data-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual([
    'vidaio-seed',
    'vidaio-subnet@fea3779',
    'validator-vidaio@b71f22d',
    'validator-vidaio@f396e47',
    'validator-vidaio@688b671',
    'validator-vidaio@e76b503',
  ]);
  await expect(vidaio.locator('li[data-step="vidaio-subnet@fea3779"]')).toContainText('2026-08-18 – 2026-09-04');
  await expect(vidaio.locator('li[data-current="true"]')).toHaveAttribute('data-step', 'validator-vidaio@e76b503');
  // Another day: the launch release, and what it changed from vidaio-subnet.
  await page.locator('input[name="packs-date"]').fill('2026-09-10');
  await page.locator('input[name="packs-date"]').dispatchEvent('change');
  await expect(page.getByTestId('in-force-vidaio')).toContainText('validator-vidaio@b71f22d, in force 2026-09-04 – 2026-09-15');
  const launch = vidaio.locator('li[data-step="validator-vidaio@b71f22d"]');
  await expect(launch).toHaveAttribute('data-current', 'true');
  await launch.getByText('What changed from vidaio-subnet@fea3779').click();
  await expect(launch).toContainText('S_Q = 1/(1 + max(0, PIE-APP))');
  // A mechanism with only a seed document says its pack is undated.
  await expect(page.getByTestId('in-force-zap')).toContainText('zap-seed: the only zap pack; its source is undated');
});

test('the upscaling page defaults to the pack in force today; the picker picks by pack or by date', async ({ page }) => {
  await page.clock.setFixedTime(TODAY);
  await page.goto('./#/vidaio/upscaling');
  const picker = page.locator('pf-pack-select');
  await expect(picker.locator('button[aria-pressed="true"]')).toHaveAttribute('data-pack', 'validator-vidaio@e76b503');
  await expect(picker.getByTestId('pack-status')).toContainText('in force since 2026-09-27');
  await expect(page.getByTestId('pieapp-convention')).toContainText('piq 0.8.0');
  await picker.locator('input[name="pack-date"]').fill('2026-08-20');
  await picker.locator('input[name="pack-date"]').dispatchEvent('change');
  await expect(picker.locator('button[aria-pressed="true"]')).toHaveAttribute('data-pack', 'vidaio-subnet@fea3779');
  await expect(picker.getByTestId('pack-status')).toContainText('Rules in force on 2026-08-20: vidaio-subnet@fea3779, in force 2026-08-18 – 2026-09-04');
  await expect(page.getByTestId('pieapp-convention')).toContainText('pyiqa 0.1.14.1');
  await picker.locator('button[data-pack="validator-vidaio@b71f22d"]').click();
  await expect(picker.getByTestId('pack-status')).toContainText('validator-vidaio@b71f22d: 2026-09-04 – 2026-09-15, not in force today');
  // The picker is reachable by keyboard: Tab onto a pack button and press Enter.
  await picker.locator('button[data-pack="vidaio-seed"]').focus();
  await page.keyboard.press('Enter');
  await expect(picker.locator('button[aria-pressed="true"]')).toHaveAttribute('data-pack', 'vidaio-seed');
});

test('the packs page fits a 390 px phone', async ({ page }) => {
  await page.clock.setFixedTime(TODAY);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./#/packs');
  await expect(page.getByTestId('in-force-vidaio')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('the compression page scores the bundled sample under the pack in force today (v3: rate against the input bytes)', async ({ page }) => {
  await page.clock.setFixedTime(TODAY);
  await page.goto('./#/vidaio/compression');
  await expect(page.locator('pf-pack-select button[aria-pressed="true"]')).toHaveAttribute('data-pack', 'validator-vidaio@e76b503');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByTestId('score')).toBeVisible({ timeout: 120_000 });
  expect(Number.isFinite(Number(await page.getByTestId('score').getAttribute('data-value')))).toBe(true);
  await expect(page.getByTestId('formula')).toContainText('C = output / reference');
  await expect(page.getByTestId('formula')).toContainText('VMAF (arithmetic mean)');
});
