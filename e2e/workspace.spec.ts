/**
 * History as a workspace, in the built app: a run reopens with its per-frame plot and, once its files are
 * dropped again, its frames; two runs compare side by side; one run exports as an HTML report that opens from
 * a file:// URL making no request besides the file itself; ✕ deletes with "Undo". Compare candidates ranks three
 * shared clips (vtest_540p x264 CRF 18/28/38) as the pack functions score them on libvmaf's pooled VMAF
 * (../shared/reference/scores/index.json).
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { getPack } from '../src/core/rules/index.ts';
import { callPackFunction } from '../src/core/rules/call.ts';

const count = (page: Page) => page.locator('[data-history-count][data-loaded="true"]');

async function scoreSample(page: Page, threshold: string) {
  await page.goto('./#/vidaio/compression');
  await page.locator('select[name="threshold"]').selectOption(threshold);
  await page.getByRole('button', { name: 'Score the bundled sample' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible({ timeout: 150_000 });
}

test('reopen a run with its plot and frames, compare two runs, export a report that opens offline, undo a delete', async ({ page }) => {
  // These runs are scored under vidaio-subnet@fea3779 (its codec checks and pooling): pin a day it was in force.
  await page.clock.setFixedTime(new Date('2026-08-25T12:00:00Z'));
  await scoreSample(page, '89');
  await scoreSample(page, '93');
  await page.goto('./#/history');
  await expect(count(page)).toHaveAttribute('data-history-count', '2');
  const rows = page.locator('tr[data-run]');
  // Key results start with VMAF.
  await expect(rows.first().locator('[data-key-results]')).toContainText(/^\s*VMAF \d+(\.\d+)?/);

  // Reopen: plot from the stored per-frame data; frames after dropping the files again (a wrong file is refused).
  await rows.first().locator('button[data-action="open"]').click();
  const view = page.locator('pf-run-view');
  await expect(view.getByTestId('run-plot').locator('canvas')).toBeVisible();
  await expect(view).toContainText('30 frames kept with the run.');
  await view.locator('pf-file-drop[data-role="again-original"] input[type=file]').setInputFiles('public/samples/compressed-av1.mp4');
  await expect(view.getByRole('alert')).toContainText('is not the original of this run');
  await view.locator('pf-file-drop[data-role="again-original"] input[type=file]').setInputFiles('public/samples/reference.mp4');
  await view.locator('pf-file-drop[data-role="again-compressed"] input[type=file]').setInputFiles('public/samples/compressed-av1.mp4');
  await expect(view.locator('pf-file-drop[data-role="again-compressed"]')).toHaveAttribute('label', /✓$/);
  const over = view.getByTestId('run-plot').locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
  await expect(view.getByTestId('run-viewer').locator('canvas').first()).toBeVisible({ timeout: 60_000 });
  const shownVmaf = Number(await view.locator('[data-result="vmaf"]').innerText());
  // The same pair opens in its page, with the run's pack and threshold, and scores again (a third run).
  await view.locator('button[data-action="open-page"]').click();
  await expect(page).toHaveURL(/#\/vidaio\/compression$/);
  await expect(page.locator('pf-file-drop[data-role="compressed"]')).toHaveAttribute('label', 'Compressed: compressed-av1.mp4');
  await expect(page.locator('select[name="threshold"]')).toHaveValue('93');
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible({ timeout: 150_000 });
  await page.goto('./#/history');
  await expect(count(page)).toHaveAttribute('data-history-count', '3');

  // Compare: tick both runs; the table has VMAF (same clips: same VMAF, delta 0) and the thresholds differ.
  await rows.nth(1).locator('input[type=checkbox]').check();
  await rows.nth(2).locator('input[type=checkbox]').check();
  const compare = page.getByTestId('compare');
  await expect(compare.locator('tr[data-compare="VMAF"] [data-delta]')).toHaveAttribute('data-delta', '0');
  await expect(compare.locator('tr[data-compare="vmafThreshold"] [data-delta]')).toHaveAttribute('data-delta', /^-?4$/);
  await expect(compare.getByTestId('compare-plot').locator('canvas')).toBeVisible();

  // Report: a self-contained file; opened from file:// it requests nothing but itself.
  const download = page.waitForEvent('download');
  await rows.first().locator('button[data-action="report"]').click();
  const dl = await download;
  expect(dl.suggestedFilename()).toMatch(/^preflight-vidaio-compression-.*\.html$/);
  const file = join(mkdtempSync(join(tmpdir(), 'pf-report-')), dl.suggestedFilename());
  await dl.saveAs(file);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toMatch(/<script|\bsrc=|\bhref=|https?:\/\//i);
  const offline = await page.context().newPage();
  const requests: string[] = [];
  offline.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await offline.goto(url);
  await expect(offline.locator('h1')).toContainText('Preflight report: vidaio compression');
  await expect(offline.locator('[data-field="pack"]')).toHaveText('vidaio-subnet@fea3779');
  // The run view rounds to 3 decimals, the report to 4: they differ by at most 0.0005 + 0.00005.
  expect(Math.abs(Number(await offline.locator('[data-field="vmaf"]').innerText()) - shownVmaf)).toBeLessThanOrEqual(0.00055);
  await expect(offline.locator('figure svg path[data-series="VMAF"]')).toHaveCount(1);
  await offline.waitForLoadState('networkidle');
  expect(requests).toEqual([url]);
  await offline.close();

  // Undo: ✕ removes the run at once and offers Undo, which restores it with its per-frame data.
  await rows.first().locator('button[data-action="delete"]').click();
  await expect(count(page)).toHaveAttribute('data-history-count', '2');
  await expect(page.getByTestId('undo')).toBeFocused();
  await page.getByTestId('undo').click();
  await expect(count(page)).toHaveAttribute('data-history-count', '3');
  await rows.first().locator('button[data-action="open"]').click();
  await expect(page.locator('pf-run-view').getByTestId('run-plot').locator('canvas')).toBeVisible();
  // Without Undo the deletion stands (and survives a reload).
  await rows.first().locator('button[data-action="delete"]').click();
  await expect(page.getByTestId('deleted')).toBeVisible();
  await page.reload();
  await expect(count(page)).toHaveAttribute('data-history-count', '2');
});

test('compare candidates ranks 3 shared clips as the pack functions do; cancel, re-rank under another pack, open in full view', async ({ page }) => {
  // These runs are scored under vidaio-subnet@fea3779 (its codec checks and pooling): pin a day it was in force.
  await page.clock.setFixedTime(new Date('2026-08-25T12:00:00Z'));
  const clips = join('..', 'shared', 'reference', 'clips');
  const names = ['vtest_540p__x264_crf18.mp4', 'vtest_540p__x264_crf28.mp4', 'vtest_540p__x264_crf38.mp4'];
  const refBytes = statSync(join(clips, 'vtest_540p__ref.mp4')).size;
  const index = JSON.parse(readFileSync(join('..', 'shared', 'reference', 'scores', 'index.json'), 'utf8')) as {
    pair: string;
    vmaf_neg_harmonic_mean: number;
    vmaf_harmonic_mean: number;
  }[];
  /** The pack function on (C, libvmaf's pooled VMAF): fea3779 scores NEG (harmonic mean of frames > 0; every frame is > 0 here), the seed v0.6.1 (libvmaf harmonic mean). */
  const expected = (packId: string, key: 'vmaf_neg_harmonic_mean' | 'vmaf_harmonic_mean') =>
    names.map((n) => {
      const vmaf = index.find((x) => x.pair === n.replace('.mp4', ''))![key];
      const sizeBytes = statSync(join(clips, n)).size;
      const r = callPackFunction(getPack(packId, 'vidaio')!, 'compression.score', { compressionRate: sizeBytes / refBytes, vmaf, vmafThreshold: 89 }) as {
        score: number;
      };
      return { name: n, score: r.score, sizeBytes };
    });

  await page.goto('./#/vidaio/compare');
  await page.locator('pf-file-drop[data-role="reference"] input[type=file]').setInputFiles(join(clips, 'vtest_540p__ref.mp4'));
  await page.locator('pf-file-drop[data-role="candidates"] input[type=file]').setInputFiles(names.map((n) => join(clips, n)));
  await expect(page.locator('[data-testid="candidates"] li')).toHaveCount(3);

  // Cancel while the first candidate is measured, then compare again.
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.locator('[data-testid="candidates"] li[data-status="measuring"]')).toHaveCount(1, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('Cancelled.');
  await expect(page.locator('[data-testid="candidates"] li[data-status="cancelled"]')).not.toHaveCount(0);
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.locator('[data-testid="candidates"] li[data-status="done"]')).toHaveCount(3, { timeout: 170_000 });

  // Default pack (fea3779): H.264 fails the codec check, so every final score is 0; the order is the formula score's.
  const rows = page.locator('[data-testid="ranking"] tr[data-candidate]');
  const fea = expected('vidaio-subnet@fea3779', 'vmaf_neg_harmonic_mean').sort((a, b) => b.score - a.score || a.sizeBytes - b.sizeBytes);
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-candidate')))).toEqual(fea.map((e) => e.name));
  for (const e of fea) {
    const shown = Number(await page.locator(`tr[data-candidate="${e.name}"] [data-formula-score]`).getAttribute('data-formula-score'));
    // Measured VMAF vs libvmaf's pooled value moves the score by well under 1e-3.
    expect(Math.abs(shown - e.score), e.name).toBeLessThan(1e-3);
    expect(Number(await page.locator(`tr[data-candidate="${e.name}"] [data-score]`).getAttribute('data-score'))).toBe(0);
  }
  await expect(page.getByTestId('recommendation')).toContainText('No candidate scores above 0 (checks fail');
  await expect(page.getByTestId('score-size').locator('canvas')).toBeVisible();

  // The seed pack (no media checks, VMAF v0.6.1): final scores, a recommendation, no re-measuring.
  await page.locator('button[data-pack="vidaio-seed"]').click();
  const seed = expected('vidaio-seed', 'vmaf_harmonic_mean').sort((a, b) => b.score - a.score || a.sizeBytes - b.sizeBytes);
  await expect(rows.first()).toHaveAttribute('data-candidate', seed[0]!.name);
  expect(await rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-candidate')))).toEqual(seed.map((e) => e.name));
  for (const e of seed)
    expect(Math.abs(Number(await page.locator(`tr[data-candidate="${e.name}"] [data-score]`).getAttribute('data-score')) - e.score), e.name).toBeLessThan(1e-3);
  if (seed[0]!.score > 0) await expect(page.getByTestId('recommendation')).toContainText(`Recommended: ${seed[0]!.name}`);

  // The leading candidate opens in the full compression view with its pair.
  await rows.first().locator('button[data-action="open-full"]').click();
  await expect(page).toHaveURL(/#\/vidaio\/compression$/);
  await expect(page.locator('pf-file-drop[data-role="compressed"]')).toHaveAttribute('label', `Compressed: ${seed[0]!.name}`);
  await expect(page.getByRole('status').filter({ hasText: 'Saved to history' })).toBeVisible({ timeout: 120_000 });
});

test('history written by Preflight v2 opens in the app after the upgrade: its runs are listed, reopen says no plot was kept, report and delete work', async ({
  page,
}) => {
  // A blank page on the app's origin, so the v2 database is written before the app first opens it.
  await page.route('**/v2-writer.html', (r) => r.fulfill({ body: '<!doctype html><title>v2</title>', contentType: 'text/html' }));
  await page.goto('./v2-writer.html');
  await page.evaluate(async () => {
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('preflight', 2);
      req.onupgradeneeded = () => {
        const db = req.result;
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byProfileTask', ['profileId', 'mechanism', 'task', 'createdAt']);
        runs.createIndex('byCreated', 'createdAt');
        db.createObjectStore('profiles', { keyPath: 'id' }).put({ id: 'default', name: 'My miner', createdAt: 0 });
        db.createObjectStore('settings');
        db.createObjectStore('models');
        runs.put({
          id: 'run-v2',
          createdAt: 1_760_000_000_000,
          profileId: 'default',
          mechanism: 'vidaio',
          task: 'compression',
          packId: 'vidaio-subnet@fea3779',
          engine: 'cpu',
          inputs: [
            { role: 'original', name: 'ref.mp4', sizeBytes: 1000, sha256: null },
            { role: 'compressed', name: 'out.mp4', sizeBytes: 100, sha256: null },
          ],
          metrics: { vmaf: 93.5, vmaf_neg: 92.25 },
          scores: { score: 0.5, zone: 'above-threshold', vmafPooled: 92.25, vmafThreshold: 89 },
          reasons: [],
        });
      };
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
  });
  await page.goto('./#/history');
  await expect(count(page)).toHaveAttribute('data-history-count', '1');
  const row = page.locator('tr[data-run="run-v2"]');
  await expect(row.locator('[data-key-results]')).toHaveText('VMAF 92.25 · score 0.5 · zone above-threshold · vmafThreshold 89');
  await row.locator('button[data-action="open"]').click();
  await expect(page.locator('pf-run-view').getByTestId('no-frames')).toHaveText('This run was stored before Preflight kept per-frame data, so it has no plot.');
  const download = page.waitForEvent('download');
  await row.locator('button[data-action="report"]').click();
  const text = readFileSync((await (await download).path())!, 'utf8');
  expect(text).toContain('No per-frame data was kept for this run.');
  expect(text).toContain('<span data-field="vmaf">92.25</span>');
  await row.locator('button[data-action="delete"]').click();
  await expect(count(page)).toHaveAttribute('data-history-count', '0');
  await page.getByTestId('undo').click();
  await expect(count(page)).toHaveAttribute('data-history-count', '1');
});
