/** The built app starts in Chromium and lists every rule pack with its source. */
import { readdirSync, readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';

const vectorsDir = new URL('../../shared/reference/vectors/', import.meta.url);
const packIds = readdirSync(vectorsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(new URL(f, vectorsDir), 'utf8')) as { pack: string }).pack);

test('the app lists every rule pack with its source', async ({ page }) => {
  await page.goto('./#/packs');
  await expect(page.locator('pf-app-shell')).toBeVisible();
  for (const id of packIds) {
    await expect(page.locator(`section[data-pack="${id}"]`), `pack ${id}`).toBeVisible();
  }
  await expect(page.getByText('Source: seed document 000_83e86b5ef461aa2e.txt')).toBeVisible();
});
