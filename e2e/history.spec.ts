/**
 * History in the built app: runs persist across a reload and a new tab, export then import into a fresh browser
 * profile reproduces them, and the multipliers the history page shows equal the rule-pack functions on that history.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { getPack } from '../src/core/rules/index.ts';
import { parseHistoryFile } from '../src/core/history/records.ts';
import { vidaioStanding } from '../src/core/history/vidaio-standing.ts';
import { vidaioRow } from '../src/core/history/vidaio-row.ts';

// The multipliers are vidaio-subnet@fea3779's: the clock is set inside its dates (2026-08-18 – 2026-09-04) so the
// pages default to it as they default to the pack in force.
const FEA3779_DAY = new Date('2026-08-25T12:00:00Z');

test('history persists, round-trips through export/import, and drives the multipliers', async ({ page, browser, baseURL }) => {
  await page.clock.setFixedTime(FEA3779_DAY);
  await page.goto('./#/vidaio/compression');
  for (const threshold of ['89', '93', '85']) {
    await page.locator('select[name="threshold"]').selectOption(threshold);
    await page.getByRole('button', { name: 'Score the bundled sample' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible({ timeout: 120_000 });
    await page.goto('./#/history');
    await page.goto('./#/vidaio/compression');
  }
  await page.goto('./#/history');
  await expect(page.locator('[data-history-count][data-loaded="true"]')).toHaveAttribute('data-history-count', '3');
  await page.reload();
  await expect(page.locator('[data-history-count][data-loaded="true"]')).toHaveAttribute('data-history-count', '3');
  const tab = await page.context().newPage();
  await tab.goto('./#/history');
  await expect(tab.locator('[data-history-count]')).toHaveAttribute('data-history-count', '3');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const exported = parseHistoryFile(readFileSync(file, 'utf8'));
  expect(exported.runs).toHaveLength(3);

  // Multipliers shown = the pack functions on the exported history.
  const pack = getPack('vidaio-subnet@fea3779', 'vidaio')!;
  const standing = vidaioStanding(pack, 'compression', exported.runs.filter((r) => r.task === 'compression').map(vidaioRow));
  const shown = Number(await page.getByTestId('total-compression').getAttribute('data-value'));
  expect(shown).toBe(standing.multiplier!.total);
  expect(Number(await page.getByTestId('acc-compression').getAttribute('data-value'))).toBe(standing.accumulateScore);

  // A fresh profile (new browser context = empty IndexedDB) imports the file and shows the same runs.
  const fresh = await browser.newContext({ baseURL });
  const p2 = await fresh.newPage();
  await p2.clock.setFixedTime(FEA3779_DAY);
  await p2.goto('./#/history');
  await expect(p2.locator('[data-history-count]')).toHaveAttribute('data-history-count', '0');
  await p2.locator('pf-history-page pf-file-drop input[type=file]').setInputFiles(file);
  await expect(p2.getByRole('status')).toContainText('Imported 3 runs');
  await expect(p2.locator('[data-history-count]')).toHaveAttribute('data-history-count', '3');
  for (const r of exported.runs) await expect(p2.locator(`tr[data-run="${r.id}"]`)).toBeVisible();
  expect(Number(await p2.getByTestId('total-compression').getAttribute('data-value'))).toBe(standing.multiplier!.total);
  await fresh.close();
});

test('runs are kept per miner profile', async ({ page }) => {
  await page.goto('./#/vidaio/compression');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible({ timeout: 120_000 });
  await page.goto('./#/history');
  await expect(page.locator('[data-history-count][data-loaded="true"]')).toHaveAttribute('data-history-count', '1');
  await page.locator('input[name="new-profile"]').fill('UID 42');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page.locator('select[name="profile"]')).toHaveValue('uid-42');
  await expect(page.locator('[data-history-count][data-loaded="true"]')).toHaveAttribute('data-history-count', '0');
  await page.goto('./#/vidaio/compression');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible({ timeout: 120_000 });
  await page.goto('./#/history');
  await expect(page.locator('[data-history-count][data-loaded="true"]')).toHaveAttribute('data-history-count', '1');
  await expect(page.getByText('2 in all profiles')).toBeVisible();
  await page.locator('select[name="profile"]').selectOption('default');
  await expect(page.locator('[data-history-count][data-loaded="true"]')).toHaveAttribute('data-history-count', '1');
});
