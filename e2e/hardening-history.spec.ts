/**
 * Hardening of history import/export in the built app (issue 13 items 2, 3 and 10): a CSV export neutralises
 * formula cells, one stored record with an unrepresentable date cannot break it, and runs whose profile is not
 * defined (imported, or stored by an earlier version) are listed under a profile where they can be seen and deleted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';

const run = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  createdAt: Date.UTC(2026, 10, 1),
  profileId: 'default',
  mechanism: 'vidaio',
  task: 'compression',
  packId: 'vidaio-subnet@fea3779',
  engine: 'manual',
  inputs: [{ role: 'output', name: 'out.mp4', sizeBytes: 10, sha256: null }],
  metrics: { vmaf: 91 },
  scores: { score: 0.5 },
  reasons: [],
  ...extra,
});
const historyFile = (runs: unknown[], profiles: unknown[] = []) => JSON.stringify({ format: 'preflight-history', version: 1, exportedAt: 0, profiles, runs });

/** Puts runs straight into the app's IndexedDB, as an earlier Preflight without today's checks could have stored them. */
async function storeRaw(page: import('@playwright/test').Page, runs: unknown[]) {
  await page.evaluate(async (list) => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('preflight');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    await new Promise<void>((ok, ko) => {
      const tx = db.transaction('runs', 'readwrite');
      for (const r of list) tx.objectStore('runs').put(r);
      tx.oncomplete = () => ok();
      tx.onerror = () => ko(tx.error);
    });
    db.close();
  }, runs);
}

const count = (page: import('@playwright/test').Page) => page.locator('[data-history-count][data-loaded="true"]');

test('CSV export neutralises formulas and survives a record with an unrepresentable date', async ({ page }, info) => {
  await page.goto('./#/history');
  await expect(count(page)).toHaveAttribute('data-history-count', '0');
  const evil = '=HYPERLINK("http://evil.example","x")';
  const file = info.outputPath('evil.json');
  writeFileSync(file, historyFile([run('r-evil', { engine: evil, reasons: ["=cmd|' /C calc'!A0"], scores: { zone: '@SUM(1)', note: '+1', neg: '-1' } })]));
  await page.locator('pf-history-page pf-file-drop input[type=file]').setInputFiles(file);
  await expect(page.getByRole('status')).toContainText('Imported 1 run');
  // A record written before the date check existed.
  await storeRaw(page, [run('r-1e300', { createdAt: 1e300 })]);
  await page.reload();
  await expect(count(page)).toHaveAttribute('data-history-count', '2');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV of runs' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines).toHaveLength(3);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  expect(csv).toContain(`"'=cmd|' /C calc'!A0"`);
  expect(csv).toContain(`"'@SUM(1)"`);
  expect(csv).toContain(`"'+1"`);
  expect(csv).toContain(`"'-1"`);
  for (const line of lines) expect(line).not.toMatch(/(^|,)[=+\-@\t\r]/);
  expect(lines.find((l) => l.startsWith('r-1e300,'))).toMatch(/^r-1e300,1e\+300,/);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Importing such a date is refused with the field named; history unchanged.
  const bad = info.outputPath('bad-date.json');
  writeFileSync(bad, historyFile([run('r-new', { createdAt: 1e300 })]));
  await page.locator('pf-history-page pf-file-drop input[type=file]').setInputFiles(bad);
  await expect(page.getByRole('alert')).toContainText('runs[0].createdAt');
  await expect(page.getByRole('alert')).toContainText('outside the dates');
  await expect(count(page)).toHaveAttribute('data-history-count', '2');
});

test('runs whose profile is not defined get a visible profile and can be deleted', async ({ page }, info) => {
  await page.goto('./#/history');
  await expect(count(page)).toHaveAttribute('data-history-count', '0');
  const file = info.outputPath('orphans.json');
  writeFileSync(file, historyFile([run('r-ghost', { profileId: 'ghost' }), run('r-mine')]));
  await page.locator('pf-history-page pf-file-drop input[type=file]').setInputFiles(file);
  await expect(page.getByRole('status')).toContainText('Imported 2 runs. Created profile ghost');
  await expect(page.getByText('2 in all profiles')).toBeVisible();
  await page.locator('select[name="profile"]').selectOption('ghost');
  await expect(count(page)).toHaveAttribute('data-history-count', '1');
  await page.locator('tr[data-run="r-ghost"] button[data-action="delete"]').click();
  await expect(count(page)).toHaveAttribute('data-history-count', '0');
  await expect(page.getByText('1 in all profiles')).toBeVisible();

  // A run stored without its profile record (earlier versions) is listed under a restored profile.
  await storeRaw(page, [run('r-old', { profileId: 'lost-uid' })]);
  await page.reload();
  await page.locator('select[name="profile"]').selectOption('lost-uid');
  await expect(page.locator('select[name="profile"] option[value="lost-uid"]')).toContainText('restored');
  await expect(count(page)).toHaveAttribute('data-history-count', '1');
  await page.locator('tr[data-run="r-old"] button[data-action="delete"]').click();
  await expect(count(page)).toHaveAttribute('data-history-count', '0');
  await expect(page.getByText('1 in all profiles')).toBeVisible();
});
