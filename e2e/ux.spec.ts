/**
 * What a new user sees on the Vidaio pages beyond the score: the frame-shift hint (an output one frame early aligns
 * at offset +1 and the page says so), the upscaling envelope without S_Q ("needs S_Q", not 0.0000) and the range
 * next to each score. The shifted clip is made here with Debian's native ffmpeg from the bundled sample.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';

test('compression: an output missing its first frame gets the frame-shift hint with offset +1', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-shift-'));
  const shifted = join(dir, 'shifted-by-one.mp4');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-i',
    'public/samples/reference.mp4',
    '-vf',
    'select=gte(n\\,1),setpts=N/FRAME_RATE/TB',
    '-c:v',
    'libx264',
    '-crf',
    '12',
    '-pix_fmt',
    'yuv420p',
    shifted,
  ]);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./#/vidaio/compression');
  await page.locator('pf-file-drop[data-role="original"] input[type=file]').setInputFiles('public/samples/reference.mp4');
  await page.locator('pf-file-drop[data-role="compressed"] input[type=file]').setInputFiles(shifted);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByTestId('evaluation')).toBeVisible({ timeout: 150_000 });
  const hint = page.getByTestId('frame-shift');
  await expect(hint).toBeVisible();
  await expect(hint).toHaveAttribute('data-offset', '1');
  await expect(hint).toContainText('shifted by 1 frame');
  await expect(page.getByTestId('score-range')).toHaveText('range 0–1');
  expect(errors).toEqual([]);
});

test('upscaling sample without PIE-APP: the envelope says "needs S_Q" for S_F, then shows it once S_Q is typed', async ({ page }) => {
  // The envelope is vidaio-subnet@fea3779's (its validator skips a random number of frames); validator-vidaio packs
  // pool every frame and draw no envelope. Pin a day when fea3779 was in force, as e2e/vidaio.spec.ts does.
  await page.clock.setFixedTime(new Date('2026-08-25T12:00:00Z'));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./#/vidaio/upscaling');
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByTestId('envelope')).toBeVisible({ timeout: 150_000 });
  await expect(page.getByTestId('envelope-sf')).toContainText('needs S_Q');
  await expect(page.getByTestId('envelope-sf')).not.toContainText('0.0000');
  // 30 frames at 29.97 fps: the skip K ≤ 28 always leaves a frame, so no draw is empty.
  await expect(page.getByTestId('envelope-empty')).toHaveCount(0);
  await expect(page.getByTestId('frame-shift')).toHaveCount(0);
  await page.locator('input[name="manualSQ"]').fill('0.6');
  await page.locator('input[name="manualSQ"]').dispatchEvent('change');
  await expect(page.getByTestId('envelope-sf')).not.toContainText('needs S_Q');
  await expect(page.getByTestId('score-range')).toContainText('range 0–3.277');
  expect(errors).toEqual([]);
});
