/**
 * PIE-APP in the built app: installing the weights from a PyTorch .pth (full PieAPP architecture with synthetic
 * values written by scripts/fixtures/make-pth.py, 273 MB), a failed import that leaves the installed model in
 * place, and the upscaling sample scored with PIE-APP (quick estimate: 8 patches per frame, seeded) so the score
 * is complete, not partial.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';

test.setTimeout(240_000);

// These tests pin vidaio-subnet@fea3779's behaviour (its checks, NEG pooling, PIE-APP aggregate): the clock is set
// inside that pack's dates (2026-08-18 – 2026-09-04), so the pages default to it as they default to the pack in force.
const FEA3779_DAY = new Date('2026-08-25T12:00:00Z');
test.beforeEach(async ({ page }) => {
  await page.clock.setFixedTime(FEA3779_DAY);
});

test('install weights, survive a bad import, score the upscaling sample with PIE-APP', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-pth-'));
  const pth = join(dir, 'PieAPPv0.1-synthetic.pth');
  execFileSync('python3', ['scripts/fixtures/make-pth.py', 'pieapp', pth, '--seed', '5']);
  const junk = join(dir, 'broken.pth');
  writeFileSync(junk, Buffer.from('PK\u0003\u0004 this is not a complete zip archive'));

  await page.goto('./#/settings');
  await expect(page.getByTestId('pieapp-status')).toHaveAttribute('data-installed', 'false');
  await page.locator('select[name="pieapp-patches"]').selectOption('quick');
  await page.locator('input[name="pieapp-patches-n"]').fill('8');
  await page.locator('input[name="pieapp-patches-n"]').dispatchEvent('change');
  const drop = page.getByTestId('pieapp-card').locator('pf-file-drop input[type=file]');
  await drop.setInputFiles(pth);
  await expect(page.getByTestId('pieapp-status')).toHaveAttribute('data-installed', 'true', { timeout: 120_000 });
  await drop.setInputFiles(junk);
  await expect(page.getByTestId('pieapp-error')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('pieapp-status')).toHaveAttribute('data-installed', 'true');
  await expect(page.getByTestId('pieapp-status')).toContainText('PieAPPv0.1-synthetic.pth');

  await page.goto('./#/vidaio/upscaling');
  await expect(page.getByTestId('pieapp-status')).toContainText('PIE-APP: PieAPPv0.1-synthetic.pth');
  await page.locator('input[name="pieStart"]').fill('3');
  await page.locator('input[name="pieStart"]').dispatchEvent('change');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByTestId('pieapp-result')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('pieapp-result')).toContainText('frames 3–6');
  // The app's pool (src/core/pieapp/threads.ts): one WASM thread per core in all (the preview server sends
  // COOP/COEP), at most 8, in one worker per core as far as memory allows (at most 4, one per 3 GB).
  const { cores, memory } = await page.evaluate(() => ({
    cores: navigator.hardwareConcurrency,
    memory: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
  }));
  const threads = Math.min(8, cores);
  const workers = Math.max(1, Math.min(4, cores, memory === undefined ? 1 : Math.floor(memory / 3)));
  await expect(page.getByTestId('pieapp-result')).toContainText(
    `onnxruntime-web wasm, ${threads} thread${threads === 1 ? '' : 's'}${workers > 1 ? ` in ${workers} workers` : ''},`,
  );
  await expect(page.getByTestId('pieapp-result')).toContainText(/,\s+8 patches per frame/);
  const score = page.getByTestId('score');
  await expect(score).not.toHaveText('partial');
  expect(Number.isFinite(Number(await score.getAttribute('data-value')))).toBe(true);
  await expect(page.getByTestId('formula')).toContainText('PIE-APP = min(2, mean |frame|) over 4 frames');
});
