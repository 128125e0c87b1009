/**
 * Vidaio pages in the built app (Debian Chromium, software WebGPU → the auto engine measures on the CPU twins):
 * dropped clips give the same pooled VMAF and SSIM as the CLI on the same files, the page shows the pack's score and
 * reasons, the bundled sample scores, bad inputs get clear messages, and history is left intact.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { sharedReference } from '../test-support/index.ts';

const clips = sharedReference('clips/');

// These tests pin vidaio-subnet@fea3779's behaviour (its checks, NEG pooling, PIE-APP aggregate): the clock is set
// inside that pack's dates (2026-08-18 – 2026-09-04), so the pages default to it as they default to the pack in force.
const FEA3779_DAY = new Date('2026-08-25T12:00:00Z');
test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(FEA3779_DAY);
});

function cliMetrics(ref: string, dist: string): { pooled: Record<string, { mean: number }>; vidaio: Record<string, number> } {
  const out = execFileSync('node', ['bin/preflight.mjs', 'metrics', '--ref', ref, '--dist', dist, '--engine', 'node-cpu', '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const json = JSON.parse(out) as { pooled_metrics: Record<string, { mean: number }>; preflight: { vidaio: Record<string, number> } };
  return { pooled: json.pooled_metrics, vidaio: json.preflight.vidaio };
}

async function historyCount(page: Page): Promise<number> {
  await page.goto('./#/history');
  const el = page.locator('[data-history-count][data-loaded="true"]');
  await expect(el).toBeVisible();
  return Number(await el.getAttribute('data-history-count'));
}

const value = async (page: Page, selector: string) => Number(await page.locator(selector).first().getAttribute('data-value'));

test('compression: dropped clips match the CLI (1e-6) and the page shows the pack score with its reasons', async ({ page }) => {
  const ref = join(clips, 'vtest_540p__ref.mp4');
  const dist = join(clips, 'vtest_540p__x264_crf28.mp4');
  const cli = cliMetrics(ref, dist);
  await page.goto('./#/vidaio/compression');
  await page.locator('pf-file-drop[data-role="original"] input[type=file]').setInputFiles(ref);
  await page.locator('pf-file-drop[data-role="compressed"] input[type=file]').setInputFiles(dist);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByTestId('score')).toBeVisible({ timeout: 150_000 });
  for (const key of ['vmaf', 'vmaf_neg', 'ssim_all', 'ssim_y']) {
    const ours = await value(page, `[data-metric="${key}.mean"]`);
    expect(Math.abs(ours - cli.pooled[key]!.mean), `${key} mean: page ${ours} vs CLI ${cli.pooled[key]!.mean}`).toBeLessThanOrEqual(1e-6);
  }
  const neg = await value(page, '[data-metric="vidaio.vmaf_neg"]');
  expect(Math.abs(neg - cli.vidaio.vmaf_neg_harmonic_mean_positive!)).toBeLessThanOrEqual(1e-6);
  // H.264 is not the requested AV1: the validator zeroes the result and says why first.
  await expect(page.getByTestId('score')).toHaveAttribute('data-value', '0');
  await expect(page.getByTestId('reasons').locator('li').first()).toContainText('Codec "h264" is not the requested av1');
  await expect(page.getByTestId('formula')).toContainText('VMAF NEG (harmonic mean of frames > 0)');
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible();
  // The auto engine is the CPU engine here (software adapter), with its VMAF thread pool (one per core).
  const cores = await page.evaluate(() => Math.min(8, navigator.hardwareConcurrency || 1));
  await expect(page.getByRole('heading', { name: /^Measured \(/ })).toContainText(`CPU engine, ${cores} thread${cores > 1 ? 's' : ''}`);
});

test('the bundled samples score completely: compression and upscaling with the envelope', async ({ page }) => {
  await page.goto('./#/vidaio/compression');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByTestId('score')).toBeVisible({ timeout: 120_000 });
  expect(await value(page, '[data-testid="score"]')).toBeGreaterThan(0.3);
  await expect(page.getByText('Every check passed.')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible();
  await page.goto('./#/vidaio/upscaling');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByTestId('score')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('pieapp-status')).toContainText('PIE-APP model not installed');
  await expect(page.getByTestId('envelope')).toContainText('P(VMAF below the gate of 50)');
  // Without PIE-APP weights and without a typed S_Q the score is partial, and says why.
  await expect(page.getByTestId('score')).toHaveText('partial');
  await expect(page.getByTestId('reasons')).toContainText('PIE-APP is not available (model not installed) and no S_Q was entered');
  await page.locator('input[name="manualSQ"]').fill('0.6');
  await page.locator('input[name="manualSQ"]').dispatchEvent('change');
  await expect(page.getByTestId('formula')).toContainText('S_F = 0.1·exp(6.979·(S_pre − 0.5))');
  await expect(page.getByTestId('formula')).toContainText('S_Q = 0.6000 (entered)');
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible();
  expect(await historyCount(page)).toBe(2);
});

test('bad inputs get clear messages and leave history intact', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bad-'));
  const text = join(dir, 'notes.mp4');
  writeFileSync(text, 'These are my notes, not a video.\n');
  const truncated = join(dir, 'truncated.mp4');
  const whole = readFileSync(join(clips, 'vtest_540p__x264_crf28.mp4'));
  writeFileSync(truncated, whole.subarray(0, whole.length >> 1));
  const badImport = join(dir, 'history.json');
  writeFileSync(badImport, '{"format":"preflight-history","version":1,"profiles":[],"runs":[{"id":"x"}]}');

  await page.goto('./#/vidaio/compression');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible({ timeout: 120_000 });
  const before = await historyCount(page);
  expect(before).toBe(1);

  const tryPair = async (original: string, compressed: string, message: RegExp) => {
    await page.goto('./#/vidaio/compression');
    await page.locator('pf-file-drop[data-role="original"] input[type=file]').setInputFiles(original);
    await page.locator('pf-file-drop[data-role="compressed"] input[type=file]').setInputFiles(compressed);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(message, { timeout: 60_000 });
  };
  const ref540 = join(clips, 'vtest_540p__ref.mp4');
  await tryPair(ref540, text, /notes\.mp4.*not a video: the file contains plain text/);
  await tryPair(ref540, truncated, /truncated/i);
  await tryPair(ref540, 'public/samples/compressed-av1.mp4', /Resolution mismatch: the original is 960×540 and the compressed clip 640×360/);

  await page.goto('./#/history');
  await page.locator('pf-history-page pf-file-drop input[type=file]').setInputFiles(badImport);
  await expect(page.getByRole('alert')).toContainText('Import failed, history unchanged: runs[0]');
  expect(await historyCount(page)).toBe(before);
});

test('the frame that costs the pooled score most opens in the viewer', async ({ page }) => {
  await page.goto('./#/vidaio/compression');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByTestId('blame')).toBeVisible({ timeout: 120_000 });
  const first = page.getByTestId('blame').locator('button[data-frame]').first();
  const frame = await first.getAttribute('data-frame');
  await first.click();
  await expect(page.getByRole('heading', { name: `Frame ${frame}` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('viewer').locator('canvas')).toBeVisible();
});
