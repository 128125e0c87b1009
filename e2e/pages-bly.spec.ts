/**
 * BLY page on the built app: for a dropped scenario, the rewards and the bucket replay equal what `preflight score`
 * gives for the same input (blyan@56e1d0c), the seed pack shows its own rewards and budget table, and a scenario with
 * a bad operation names it and stores nothing (the page's `data-history-count` stays put).
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { packCli as cli, dataValue as value, e2eData as data, fileInput, historyCount } from './helpers.ts';

const BUCKETS = ['inference', 'learning', 'validation', 'dataset'];

test('bly: code-pack rewards and bucket replay, then seed rewards and budget, equal the pack functions', async ({ page }) => {
  const s = JSON.parse(readFileSync(data('bly-scenario.json'), 'utf8'));
  const { basePoolDayBly: _p, hourSliceShare: _h, ...learningSeed } = s.learning;
  const code = 'blyan@56e1d0c';
  const [inf, learn, val, ds, buckets, seedLearn, seedDs, budget] = await Promise.all([
    cli(code, 'bly.inference', s.inference),
    cli(code, 'bly.learning', s.learning),
    cli(code, 'bly.validation', s.validation),
    cli(code, 'bly.dataset', s.dataset),
    cli(code, 'bly.buckets', { dailyBudgetBly: s.dailyBudgetBly, startHour: s.startHour, operations: s.operations }),
    cli('bly-seed', 'bly.learning', learningSeed),
    cli('bly-seed', 'bly.dataset', s.dataset),
    cli('bly-seed', 'bly.dailyBudget', { dailyBudgetBly: s.dailyBudgetBly }),
  ]);

  await page.goto('./#/bly');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '0');
  await fileInput(page).setInputFiles(data('bly-scenario.json'));
  await expect(page.locator('[data-key="reward.inference"]')).toHaveAttribute('data-value', String(inf.bly));
  expect(await value(page, 'reward.learning')).toBe(learn.bly);
  expect(await value(page, 'reward.validation')).toBe(val.bly);
  expect(await value(page, 'reward.dataset')).toBe(ds.bly);
  expect(ds.bly).toBe(10000); // the code's cap
  for (let i = 0; i < buckets.steps.length; i++)
    for (const b of BUCKETS) expect(await value(page, `step.${i + 1}.available.${b}`), `step ${i + 1} ${b}`).toBe(buckets.steps[i].available[b]);
  expect(await value(page, 'step.2.granted')).toBe(buckets.steps[1].grantedBly);
  await page.getByTestId('save-run').click();
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');

  await page.locator('button[data-pack="bly-seed"]').click();
  await expect(page.locator('[data-key="reward.learning"]')).toHaveAttribute('data-value', String(seedLearn.bly));
  expect(await value(page, 'reward.dataset')).toBe(seedDs.bly);
  for (const b of BUCKETS) {
    expect(await value(page, `budget.floor.${b}`)).toBe(budget.floor[b]);
    expect(await value(page, `budget.ceiling.${b}`)).toBe(budget.ceiling[b]);
  }
  await expect(page.locator('[data-testid="bly-steps"]')).toHaveCount(0);
  await page.getByTestId('save-run').click();
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '2');
});

test('bly: a scenario with a bad operation names it and stores nothing', async ({ page }) => {
  await page.goto('./#/bly');
  await page.getByRole('button', { name: 'Compute' }).click();
  await page.getByTestId('save-run').click();
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');
  await fileInput(page).setInputFiles(data('bly-bad-op.json'));
  await expect(page.locator('pf-bly-page .error[role=alert]')).toContainText('bly-bad-op.json: scenario: operation 2 (row 2), bucket: expected one of');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');
});
