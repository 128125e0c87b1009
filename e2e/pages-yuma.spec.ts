/**
 * Yuma page on the built app: for a dropped stake/weights CSV, the seed's rank and incentive and the chain epoch's
 * consensus, incentive, validator trust and dividends equal what `preflight score` gives for the same input; the
 * out-of-consensus validator is highlighted; a ragged matrix and a negative stake name the row and cell and store
 * nothing (the page's `data-history-count` stays put).
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { packCli as cli, dataValue as value, e2eData as data, fileInput, historyCount } from './helpers.ts';

/** yuma.csv read by the spec: first cell stake, then one weight per miner. */
function stakeWeights() {
  const [, ...lines] = readFileSync(data('yuma.csv'), 'utf8').trim().split('\n');
  const rows = lines.map((l) => l.split(',').map(Number));
  return { stake: rows.map((r) => r[0]!), weights: rows.map((r) => r.slice(1)) };
}

test('yuma: seed incentive and chain epoch equal the pack functions; out-of-consensus validator highlighted', async ({ page }) => {
  const sw = stakeWeights();
  const V = sw.stake.length;
  const M = sw.weights[0]!.length;
  const [seed, u16Row1] = await Promise.all([
    cli('yuma-seed', 'incentive.rank', sw),
    cli('bitmind-v3.3.1', 'weights.toU16', { uids: Array.from({ length: M }, (_, j) => V + j), weights: sw.weights[0] }),
  ]);

  await page.goto('./#/yuma');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '0');
  // Default pack: the chain epoch.
  await fileInput(page).setInputFiles(data('yuma.csv'));
  const inputText = await page.locator('pre[data-pack-input="yuma.epoch"]').textContent();
  const epochInput = JSON.parse(inputText!);
  // The page's epoch input: validators first (permits), miners with stake 0, rows quantised like set_weights.
  expect(epochInput.stake).toEqual([...sw.stake, ...new Array(M).fill(0)]);
  expect(epochInput.validatorPermit).toEqual([true, true, true, false, false, false, false]);
  const row1 = new Array(V + M).fill(null);
  u16Row1.uids.forEach((u: number, k: number) => (row1[u] = u16Row1.values[k]));
  expect(epochInput.weightsU16[0]).toEqual(row1);
  expect(epochInput.params.kappaU16).toBe(32767);
  const epoch = await cli('yuma-subtensor', 'yuma.epoch', epochInput);
  for (let j = 0; j < M; j++) {
    expect(await value(page, `incentive.${j + 1}`), `incentive m${j + 1}`).toBe(epoch.incentive[V + j]);
    expect(await value(page, `consensus.${j + 1}`), `consensus m${j + 1}`).toBe(epoch.consensus[V + j]);
  }
  for (let i = 0; i < V; i++) {
    expect(await value(page, `validatorTrust.${i + 1}`)).toBe(epoch.validatorTrust[i]);
    expect(await value(page, `dividends.${i + 1}`)).toBe(epoch.dividends[i]);
  }
  // Validator 3 (stake 100, weight on m4) is the most out of consensus; v2 exceeds it slightly on m2 (0.35 > 0.3).
  await expect(page.locator('[data-testid="out-of-consensus"] li').first()).toHaveAttribute('data-validator', '3');
  await expect(page.locator('[data-testid="out-of-consensus"] li')).toHaveCount(2);
  await expect(page.locator('pf-heatmap rect.hl')).toHaveCount(2);
  // Clipped mass of the typed weights = 1 − trust of the chain's u16-quantised weights, within the u16 step (1e-4).
  expect(await value(page, 'clippedMass.3')).toBeCloseTo(1 - epoch.validatorTrust[2], 4);
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '0'); // nothing stored before Save
  await page.getByTestId('save-run').click();
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');

  // Edit κ and recompute: the page's input carries the new κ and the CLI agrees.
  await page.locator('input[name="kappaU16"]').fill('40000');
  await page.locator('input[name="kappaU16"]').dispatchEvent('change');
  await page.getByRole('button', { name: 'Compute' }).click();
  await expect(page.locator('pre[data-pack-input="yuma.epoch"]')).toContainText('"kappaU16":40000');
  const epoch2 = await cli('yuma-subtensor', 'yuma.epoch', JSON.parse((await page.locator('pre[data-pack-input="yuma.epoch"]').textContent())!));
  expect(await value(page, 'incentive.1')).toBe(epoch2.incentive[V]);
  await page.getByTestId('save-run').click();
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '2');

  await page.locator('button[data-pack="yuma-seed"]').click();
  await expect(page.locator('[data-key="incentive.4"]')).toHaveAttribute('data-value', String(seed.incentive[3]));
  for (let j = 0; j < M; j++) {
    expect(await value(page, `incentive.${j + 1}`)).toBe(seed.incentive[j]);
    expect(await value(page, `rank.${j + 1}`)).toBe(seed.rank[j]);
  }
  await page.getByTestId('save-run').click();
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '3');
});

test('yuma: a ragged matrix and a negative stake name the row and cell and store nothing', async ({ page }) => {
  await page.goto('./#/yuma');
  await fileInput(page).setInputFiles(data('yuma.csv'));
  await page.getByTestId('save-run').click();
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');
  const alert = page.locator('pf-yuma-page .error[role=alert]');
  await fileInput(page).setInputFiles(data('yuma-ragged.csv'));
  await expect(alert).toContainText('yuma-ragged.csv: row 3: ragged row, 2 weights where row 1 has 3');
  await fileInput(page).setInputFiles(data('yuma-negative.json'));
  await expect(alert).toContainText('yuma-negative.json: row 2: negative stake -5');
  await page.locator('textarea[name="matrix"]').fill('stake,m1\n10,0.5\n5,abc\n');
  await page.getByRole('button', { name: 'Compute' }).click();
  await expect(alert).toContainText('row 3, cell 2: weight "abc" is not a number');
  await expect(page.locator('[data-testid="yuma-result"]')).toHaveCount(0);
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');
});
