/**
 * Zap page on the built app: a dropped input file gives the values `preflight score zap-seed zap.score` gives for
 * the same measurements (jitter computed from the frame arrival times as the page says), a malformed file names the
 * line and stores nothing, and VMAF/SSIM can be measured from two dropped clips.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';
import { jitterFromArrivals } from '../src/core/rules/zap/zap-input.ts';

const data = (name: string) => new URL(`./data/${name}`, import.meta.url).pathname;

test('zap: a dropped file scores as the pack function does; a bad file stores nothing; clips fill VMAF and SSIM', async ({ page }) => {
  const input = {
    vmaf: 94,
    ssim: 0.97,
    rttMs: 12,
    jitterMs: jitterFromArrivals([0, 16.7, 33.1, 50.2, 66.5, 83.4]),
    uptime: 0.998,
    sessionCompletion: 0.995,
    challengeResponse: 1,
  };
  const file = join(mkdtempSync(join(tmpdir(), 'pf-zap-')), 'in.json');
  writeFileSync(file, JSON.stringify(input));
  const want = JSON.parse(execFileSync('node', ['bin/preflight.mjs', 'score', 'zap-seed', 'zap.score', '--input', file], { encoding: 'utf8' }));

  await page.goto('./#/zap');
  await page.locator('pf-zap-page pf-file-drop').first().locator('input[type=file]').setInputFiles(data('zap.json'));
  const result = page.getByTestId('zap-result');
  await expect(result).toBeVisible();
  for (const k of ['s', 'q', 'l', 'a']) expect(Number(await result.locator(`[data-value="${k}"]`).innerText()), k).toBeCloseTo(want[k], 4);
  // Nothing is stored until the explicit Save.
  await expect(page.locator('[data-history-count]')).toHaveAttribute('data-history-count', '0');
  await page.getByTestId('save-run').click();
  await expect(page.locator('[data-history-count]')).toHaveAttribute('data-history-count', '1');

  await page.locator('pf-zap-page pf-file-drop').first().locator('input[type=file]').setInputFiles(data('zap-bad.csv'));
  await expect(page.getByRole('alert')).toContainText('zap-bad.csv line 3: "ssim" must be in 0…1, got 1.7');
  await expect(page.locator('[data-history-count]')).toHaveAttribute('data-history-count', '1');

  await page.locator('pf-file-drop[data-role="zap-ref"] input[type=file]').setInputFiles('public/samples/reference.mp4');
  await page.locator('pf-file-drop[data-role="zap-dist"] input[type=file]').setInputFiles('public/samples/compressed-av1.mp4');
  await page.getByRole('button', { name: 'Measure' }).click();
  await expect(page.getByTestId('zap-measured')).toContainText('Measured on 30 frames', { timeout: 120_000 });
  await expect(page.locator('input[name="vmaf"]')).not.toHaveValue('94');
});
