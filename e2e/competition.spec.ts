/**
 * Competition preview in the built app against `preflight competition` on the same five items from
 * ../shared/reference/clips (540p H.264 encodes against copies of their references, plus a raw y4m output that fails
 * the codec gate): identical item scores, entry score, place, place shares and shares of emission for typed
 * competitor scores; and bad input (a missing output, a malformed competitor list) gets one message naming the item or
 * field, with nothing scored.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures.ts';
import { sharedReference } from '../test-support/index.ts';

const clips = sharedReference('clips/');
const tmp = mkdtempSync(join(tmpdir(), 'preflight-competition-e2e-'));

// Each item needs its own reference (one packet per item): copies under distinct names.
const ITEMS = [
  { id: 'vtest-crf18', ref: 'vtest_540p__ref.mp4', out: 'vtest_540p__x264_crf18.mp4' },
  { id: 'vtest-crf28', ref: 'vtest_540p__ref.mp4', out: 'vtest_540p__x264_crf28.mp4' },
  { id: 'vtest-crf38', ref: 'vtest_540p__ref.mp4', out: 'vtest_540p__x264_crf38.mp4' },
  { id: 'megamind-crf28', ref: 'megamind_540p__ref.mp4', out: 'megamind_540p__x264_crf28.mp4' },
  { id: 'tiny-raw', ref: 'tiny_vtest_320x240__ref.y4m', out: 'tiny_vtest_320x240__x264_crf38.y4m' },
].map((it) => {
  const ref = join(tmp, `${it.id}__input${it.ref.slice(it.ref.lastIndexOf('.'))}`);
  copyFileSync(join(clips, it.ref), ref);
  return { id: it.id, ref, out: join(clips, it.out) };
});
const COMPETITORS = 'hotkey,uid,score\n5Fa,1,0.5\n5Fb,2,0.41\n5Fc,3,0.2';
const BASELINE = '0.4';
const APPLIED = '2026-12-05T00:00:00Z';

interface CliOut {
  items: { id: string; score: number }[];
  summary: {
    entryScore: number;
    place: { kind: string; paidHotkeys: string[]; placeShares: number[]; emissionByHotkey: Record<string, number> };
    self: { rank: number; placeShare: number; emissionShare: number };
  };
}

test('an entry of five items scores the same in the app and in the CLI, with place and shares', async ({ page }) => {
  test.setTimeout(600_000);
  const manifest = join(tmp, 'entry.json');
  writeFileSync(
    manifest,
    JSON.stringify({ track: 'compression', vmafThreshold: 85, items: ITEMS.map((it) => ({ id: it.id, reference: it.ref, output: it.out })) }),
  );
  const competitors = join(tmp, 'competitors.csv');
  writeFileSync(competitors, COMPETITORS);
  const cli = JSON.parse(
    execFileSync(
      'node',
      [
        'bin/preflight.mjs',
        'competition',
        '--manifest',
        manifest,
        '--out',
        join(tmp, 'r.jsonl'),
        '--competitors',
        competitors,
        '--baseline',
        BASELINE,
        '--applied-at',
        APPLIED,
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] },
    ),
  ) as CliOut;

  await page.goto('./#/vidaio/competition');
  const pageEl = page.locator('pf-competition-page');
  await pageEl.locator('input[name="threshold"]').fill('85');
  for (let i = 0; i < ITEMS.length; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Add item' }).click();
    const row = pageEl.locator(`[data-item-row="${i}"]`);
    await row.locator('input[name="item-id"]').fill(ITEMS[i]!.id);
    await row.locator('input[data-role="reference"]').setInputFiles(ITEMS[i]!.ref);
    await row.locator('input[data-role="output"]').setInputFiles(ITEMS[i]!.out);
  }
  await pageEl.locator('input[name="baseline"]').fill(BASELINE);
  await pageEl.locator('textarea[name="competitors"]').fill(COMPETITORS);
  await pageEl.locator('input[name="applied-at"]').fill(APPLIED);
  await page.getByRole('button', { name: 'Score the entry' }).click();
  await expect(page.getByTestId('entry-score')).toBeVisible({ timeout: 540_000 });

  // Numbers agree to the last bits: VMAF means in Chromium and in Node differ by an ulp at most (different V8 builds),
  // so numeric values are compared at 1e-12 relative; kinds, ranks, paid hotkeys and the printed digits exactly.
  const close = (a: number, b: number, what: string) =>
    expect(Math.abs(a - b), `${what}: page ${a} vs CLI ${b}`).toBeLessThanOrEqual(1e-12 * Math.abs(b) + 1e-15);
  const attr = async (sel: string, name: string) => Number(await pageEl.locator(sel).first().getAttribute(name));
  for (const it of cli.items) close(await attr(`tr[data-item="${it.id}"]`, 'data-score'), it.score, `${it.id} score`);
  close(await attr('[data-testid="entry-score"]', 'data-value'), cli.summary.entryScore, 'entry score');
  await expect(page.getByTestId('entry-score')).toHaveText(cli.summary.entryScore.toFixed(6));
  await expect(page.getByTestId('place-kind')).toHaveAttribute('data-value', cli.summary.place.kind);
  await expect(page.getByTestId('self-rank')).toHaveText(String(cli.summary.self.rank));
  close(await attr('[data-testid="self-emission"]', 'data-value'), cli.summary.self.emissionShare, 'your share of emission');
  const paidOnPage = await pageEl
    .locator('tr[data-hotkey]')
    .evaluateAll((rows) => rows.filter((r) => Number(r.getAttribute('data-place-share')) > 0).map((r) => r.getAttribute('data-hotkey')));
  expect(paidOnPage).toEqual(cli.summary.place.paidHotkeys);
  for (const [hotkey, share] of Object.entries(cli.summary.place.emissionByHotkey)) {
    const k = cli.summary.place.paidHotkeys.indexOf(hotkey);
    close(await attr(`tr[data-hotkey="${hotkey}"]`, 'data-emission'), share, `${hotkey} emission`);
    close(await attr(`tr[data-hotkey="${hotkey}"]`, 'data-place-share'), cli.summary.place.placeShares[k]!, `${hotkey} place share`);
  }
  // The items really differ, a gate fails where it should, and the window is the 168 hours from the typed start.
  expect(new Set(cli.items.map((i) => i.score)).size).toBeGreaterThan(2);
  expect(cli.items.find((i) => i.id === 'tiny-raw')!.score).toBe(0);
  await expect(page.getByTestId('window')).toHaveText('[2026-12-05T00:00:00.000Z, 2026-12-12T00:00:00.000Z)');
});

test('bad input: a missing output and a malformed competitor list are named, nothing is scored; fits 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('./#/vidaio/competition');
  const pageEl = page.locator('pf-competition-page');
  await pageEl.locator('[data-item-row="0"] input[name="item-id"]').fill('clip-a');
  await pageEl.locator('[data-item-row="0"] input[data-role="reference"]').setInputFiles(ITEMS[0]!.ref);
  await page.getByRole('button', { name: 'Score the entry' }).click();
  await expect(page.getByRole('alert')).toHaveText('items[0] "clip-a".output: no file chosen (your output)');
  await pageEl.locator('[data-item-row="0"] input[data-role="output"]').setInputFiles(ITEMS[0]!.out);
  await pageEl.locator('textarea[name="competitors"]').fill('hotkey,uid,score\n5Fa,1,high');
  await page.getByRole('button', { name: 'Score the entry' }).click();
  await expect(page.getByRole('alert')).toContainText('competitors line 2.score: expected an entry score from 0 to 1');
  await expect(pageEl.locator('[data-testid="items"]')).toHaveCount(0);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});

test('one progress bar for the entry, cancel stops it; competitors import from a file', async ({ page }) => {
  await page.goto('./#/vidaio/competition');
  const pageEl = page.locator('pf-competition-page');
  const json = join(tmp, 'competitors.json');
  writeFileSync(json, JSON.stringify([{ hotkey: '5Fz', uid: 4, score: 0.7 }]));
  await pageEl.locator('input[name="competitors-file"]').setInputFiles(json);
  await expect(pageEl.locator('textarea[name="competitors"]')).toHaveValue(/5Fz/);
  for (let i = 0; i < 2; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Add item' }).click();
    const row = pageEl.locator(`[data-item-row="${i}"]`);
    await row.locator('input[name="item-id"]').fill(ITEMS[i]!.id);
    await row.locator('input[data-role="reference"]').setInputFiles(ITEMS[i]!.ref);
    await row.locator('input[data-role="output"]').setInputFiles(ITEMS[i]!.out);
  }
  await page.getByRole('button', { name: 'Score the entry' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Item 1 of 2' });
  await expect(status).toBeVisible({ timeout: 60_000 });
  await expect(status.locator('progress')).toHaveCount(1);
  await status.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText(/Cancelled after [01] of 2 item\(s\): no entry score/);
  await expect(page.getByTestId('entry-score')).toHaveCount(0);
});
