/**
 * The object-removal page end to end. Small removal items are made in a temporary folder with native ffmpeg from
 * ../shared/reference/clips/megamind_540p__ref.mp4 (160×96, 12 frames, H.264): a reference, a moving 40×32 mask, a
 * served input whose stream 0 is the reference with a green occluder over the mask and whose stream 1 is the mask,
 * an output that re-encodes the reference (a good fill at CRF 18; at CRF 24 it changes the
 * pixels outside the mask by more than 3), one that copies the served input, one that is too short.
 * The expected numbers come from the same files decoded by native ffmpeg (stream 0 as yuv420p, the mask stream as
 * `-pix_fmt gray`) and measured by measureRemovalRegion in Node; H.264 decoding is bit-exact, so the page's
 * WebCodecs decode must give the same PSNR, floor and outside change (≤ 1e-9). Bad inputs show one message naming
 * the file and the problem and leave history untouched; Cancel stops a larger item. The Competition page scores the
 * same items as a removal entry with the same numbers, per-item gates and zero reasons.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { maskFromGray, measureRemovalRegion } from '../src/core/metrics/removal/measure.ts';
import type { I420 } from '../src/core/metrics/removal/color.ts';
import { sharedClip } from '../test-support/index.ts';
import { syntheticLpipsWeights } from '../src/core/lpips/synthetic.ts';
import { writeTorchZip } from '../src/core/lpips/test-pth.ts';

const CLIP = sharedClip('megamind_540p__ref.mp4');
const W = 160,
  H = 96,
  N = 12;
let dir = '';
const at = (name: string) => join(dir, name);

function ffmpeg(...args: string[]) {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

/** Native decode of video stream `stream` as yuv420p frames or gray planes. */
function decode(file: string, stream: number, fmt: 'yuv420p' | 'gray', w = W, h = H): Uint8Array[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', `0:v:${stream}`, '-f', 'rawvideo', '-pix_fmt', fmt, '-'], { maxBuffer: 1 << 28 });
  const size = fmt === 'gray' ? w * h : (w * h * 3) / 2;
  const out: Uint8Array[] = [];
  for (let o = 0; o + size <= raw.length; o += size) out.push(new Uint8Array(raw.subarray(o, o + size)));
  return out;
}
const i420 = (b: Uint8Array): I420 => ({ y: b.subarray(0, W * H), u: b.subarray(W * H, W * H * 1.25), v: b.subarray(W * H * 1.25) });

function expected(candidate: string) {
  return measureRemovalRegion({
    width: W,
    height: H,
    reference: decode(at('ref.mp4'), 0, 'yuv420p').map(i420),
    served: decode(at('served.mp4'), 0, 'yuv420p').map(i420),
    candidate: decode(at(candidate), 0, 'yuv420p').map(i420),
    masks: decode(at('served.mp4'), 1, 'gray').map(maskFromGray),
  });
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pf-removal-'));
  const enc = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
  ffmpeg('-i', CLIP, '-vf', `scale=192:108,crop=${W}:${H}`, '-frames:v', String(N), ...enc, '-crf', '12', '-an', at('ref.mp4'));
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    `color=black:s=${W}x${H}:r=25`,
    '-f',
    'lavfi',
    '-i',
    'color=white:s=40x32:r=25',
    '-filter_complex',
    "[0:v][1:v]overlay=x='30+4*n':y=32",
    '-frames:v',
    String(N),
    ...enc,
    '-crf',
    '1',
    at('mask.mp4'),
  );
  ffmpeg(
    '-i',
    at('ref.mp4'),
    '-i',
    at('mask.mp4'),
    '-f',
    'lavfi',
    '-i',
    'color=0x30c030:s=40x32:r=25',
    '-filter_complex',
    "[0:v][2:v]overlay=x='30+4*n':y=32:shortest=1[s]",
    '-map',
    '[s]',
    '-map',
    '1:v',
    '-c:v:0',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-crf',
    '12',
    '-c:v:1',
    'copy',
    at('served.mp4'),
  );
  ffmpeg('-i', at('ref.mp4'), ...enc, '-crf', '18', at('out-good.mp4'));
  ffmpeg('-i', at('ref.mp4'), ...enc, '-crf', '24', at('out-lossy.mp4'));
  ffmpeg('-i', at('served.mp4'), '-map', '0:v:0', '-c', 'copy', at('out-copy.mp4'));
  ffmpeg('-i', at('ref.mp4'), '-frames:v', '8', '-c', 'copy', at('out-short.mp4'));
  ffmpeg('-i', at('mask.mp4'), '-vf', 'scale=128:96', ...enc, '-crf', '1', at('mask-128.mp4'));
  // The same two H.264 streams in Matroska: WebCodecs' MP4 path does not apply, so ffmpeg.wasm decodes both (-map 0:v:1, -pix_fmt gray).
  ffmpeg('-i', at('served.mp4'), '-map', '0', '-c', 'copy', at('served.mkv'));
  const good = readFileSync(at('out-good.mp4'));
  writeFileSync(at('out-cut.mp4'), good.subarray(0, Math.floor(good.length / 2)));
  writeFileSync(at('notes.mp4'), 'these are my notes, not a video\n');
  // A larger item for Cancel: 640×352, 48 frames, mask in a separate file.
  ffmpeg('-i', CLIP, '-vf', 'scale=640:360,crop=640:352', '-frames:v', '48', ...enc, '-crf', '20', '-an', at('big.mp4'));
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'color=black:s=640x352:r=25',
    '-f',
    'lavfi',
    '-i',
    'color=white:s=160x120:r=25',
    '-filter_complex',
    "[0:v][1:v]overlay=x='100+4*n':y=100",
    '-frames:v',
    '48',
    ...enc,
    '-crf',
    '1',
    at('big-mask.mp4'),
  );
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(page: Page) {
  await page.goto('./#/vidaio/removal');
  await expect(page.locator('pf-vidaio-removal-page h2')).toHaveText('Vidaio object-removal check');
}

async function drop(page: Page, files: { served: string; mask?: string; output: string; reference?: string }) {
  await page.locator('pf-file-drop[data-role="served"] input[type=file]').setInputFiles(files.served);
  if (files.mask) await page.locator('pf-file-drop[data-role="mask"] input[type=file]').setInputFiles(files.mask);
  await page.locator('pf-file-drop[data-role="output"] input[type=file]').setInputFiles(files.output);
  if (files.reference) await page.locator('pf-file-drop[data-role="reference"] input[type=file]').setInputFiles(files.reference);
  await page.getByTestId('check').click();
}

/** The page's numbers (the results card's `data-result` JSON). */
async function pageResult(page: Page) {
  const card = page.getByTestId('removal-result');
  await expect(card).toBeVisible({ timeout: 120_000 });
  return JSON.parse((await card.getAttribute('data-result'))!) as {
    measurement: {
      frames: number;
      maskedFrames: number;
      candidate: { psnrDb: number; ssim: number; lpipsVgg: number | null };
      floor: { psnrDb: number };
      outside: { change: number; worstFrame: number; passed: boolean };
      psnrBelowFloorMargin: boolean;
      partial: boolean;
      missing: string[];
    };
    verdict: { score: unknown; reasons: string[] };
  };
}

async function runCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open('preflight');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    try {
      if (!db.objectStoreNames.contains('runs')) return 0;
      return await new Promise<number>((ok, ko) => {
        const q = db.transaction('runs').objectStore('runs').count();
        q.onsuccess = () => ok(q.result);
        q.onerror = () => ko(q.error);
      });
    } finally {
      db.close();
    }
  });
}

test('a good fill: PSNR, floor and outside change equal the native-ffmpeg decode measured in Node; partial without LPIPS; viewer, plots, save to history', async ({
  page,
}) => {
  const want = expected('out-good.mp4');
  await open(page);
  await expect(page.getByTestId('lpips-status')).toContainText('LPIPS-VGG weights not installed (Settings)');
  await drop(page, { served: at('served.mp4'), output: at('out-good.mp4'), reference: at('ref.mp4') });
  const r = await pageResult(page);
  const m = r.measurement;
  expect(m.frames).toBe(N);
  expect(m.maskedFrames).toBe(N);
  expect(Math.abs(m.candidate.psnrDb - want.metrics.psnrDb)).toBeLessThanOrEqual(1e-9);
  expect(Math.abs(m.candidate.ssim - want.metrics.ssim)).toBeLessThanOrEqual(1e-9);
  expect(Math.abs(m.floor.psnrDb - want.floor.psnrDb)).toBeLessThanOrEqual(1e-9);
  expect(Math.abs(m.outside.change - want.outsideChange)).toBeLessThanOrEqual(1e-9);
  expect(m.outside.worstFrame).toBe(want.outsideWorstFrame);
  expect(m.psnrBelowFloorMargin).toBe(want.psnrBelowFloorMargin);
  expect(m.psnrBelowFloorMargin).toBe(false);
  expect(want.outsideGate.passed).toBe(true);
  expect(m.partial).toBe(true);
  expect(m.candidate.lpipsVgg).toBeNull();
  await expect(page.getByTestId('removal-score')).toHaveAttribute('data-value', 'partial');
  await expect(page.getByTestId('lpips')).toContainText('not measured');
  await expect(page.getByTestId('missing')).toContainText('lpips_vgg');
  await expect(page.getByTestId('psnr')).toContainText('beats the floor');
  await expect(page.getByTestId('outside')).toContainText('passes');
  await expect(page.getByTestId('viewer')).toBeVisible();
  await expect(page.getByTestId('plot-psnr')).toBeVisible();
  await expect(page.getByTestId('plot-outside')).toBeVisible();
  const before = await runCount(page);
  await page.getByTestId('save-run').click();
  await expect(page.locator('pf-run-saved')).toContainText('Saved to history');
  expect(await runCount(page)).toBe(before + 1);
});

test('a copy of the input does not beat the floor (REGION_BASELINE_NOT_BEATEN); a lossy output fails the outside gate; same numbers as Node', async ({
  page,
}) => {
  const want = expected('out-copy.mp4');
  await open(page);
  await drop(page, { served: at('served.mp4'), output: at('out-copy.mp4'), reference: at('ref.mp4') });
  const r = await pageResult(page);
  expect(Math.abs(r.measurement.candidate.psnrDb - want.metrics.psnrDb)).toBeLessThanOrEqual(1e-9);
  expect(Math.abs(r.measurement.floor.psnrDb - want.floor.psnrDb)).toBeLessThanOrEqual(1e-9);
  expect(r.measurement.psnrBelowFloorMargin).toBe(true);
  expect(r.measurement.outside.change).toBe(0);
  await expect(page.getByTestId('reasons')).toContainText('REGION_BASELINE_NOT_BEATEN');

  const lossy = expected('out-lossy.mp4');
  expect(lossy.outsideGate.passed).toBe(false);
  await page.reload();
  await open(page);
  await drop(page, { served: at('served.mp4'), output: at('out-lossy.mp4'), reference: at('ref.mp4') });
  const l = await pageResult(page);
  expect(Math.abs(l.measurement.outside.change - lossy.outsideChange)).toBeLessThanOrEqual(1e-9);
  expect(l.measurement.outside.worstFrame).toBe(lossy.outsideWorstFrame);
  expect(l.measurement.outside.passed).toBe(false);
  await expect(page.getByTestId('outside')).toContainText('OUTSIDE_REGION_MODIFIED');
  await expect(page.getByTestId('reasons')).toContainText('OUTSIDE_REGION_MODIFIED');
});

test('bad inputs: one message naming the file and the problem; history untouched', async ({ page }) => {
  await open(page);
  const before = await runCount(page);
  const cases: [Parameters<typeof drop>[1], RegExp][] = [
    [{ served: at('ref.mp4'), output: at('out-good.mp4') }, /^mask: ref\.mp4 has 1 video stream, so it carries no mask .*separate video/],
    [
      { served: at('served.mp4'), output: at('out-short.mp4') },
      /^candidate: out-short\.mp4: the output is shorter than the input: 8 frames, the served input served\.mp4 has 12/,
    ],
    [
      { served: at('ref.mp4'), mask: at('mask-128.mp4'), output: at('out-good.mp4') },
      /^mask: mask-128\.mp4: the mask is 128x96, the served input ref\.mp4 is 160x96/,
    ],
    [{ served: at('served.mp4'), output: at('notes.mp4') }, /^candidate: notes\.mp4: not a video: the file contains plain text/],
    [{ served: at('served.mp4'), output: at('out-cut.mp4'), reference: at('ref.mp4') }, /^candidate: out-cut\.mp4: truncated/],
  ];
  for (const [files, message] of cases) {
    await page.reload();
    await open(page);
    await drop(page, files);
    await expect(page.getByTestId('removal-error')).toHaveText(message);
    await expect(page.getByTestId('removal-result')).toHaveCount(0);
  }
  expect(await runCount(page)).toBe(before);
});

test('a separate mask video, and a Matroska served input decoded by ffmpeg.wasm, give the same numbers; Cancel stops a larger item', async ({ page }) => {
  const want = expected('out-good.mp4');
  await open(page);
  await drop(page, { served: at('served.mp4'), mask: at('mask.mp4'), output: at('out-good.mp4'), reference: at('ref.mp4') });
  const r = await pageResult(page);
  expect(Math.abs(r.measurement.candidate.psnrDb - want.metrics.psnrDb)).toBeLessThanOrEqual(1e-9);

  await page.reload();
  await open(page);
  await drop(page, { served: at('served.mkv'), output: at('out-good.mp4'), reference: at('ref.mp4') });
  const k = await pageResult(page);
  expect(k.measurement.frames).toBe(N);
  expect(Math.abs(k.measurement.candidate.psnrDb - want.metrics.psnrDb)).toBeLessThanOrEqual(1e-9);
  expect(Math.abs(k.measurement.floor.psnrDb - want.floor.psnrDb)).toBeLessThanOrEqual(1e-9);
  expect(Math.abs(k.measurement.outside.change - want.outsideChange)).toBeLessThanOrEqual(1e-9);

  await page.reload();
  await open(page);
  await drop(page, { served: at('big.mp4'), mask: at('big-mask.mp4'), output: at('big.mp4'), reference: at('big.mp4') });
  const progress = page.locator('pf-progress-task');
  await expect(progress.getByRole('status')).toContainText('Measuring', { timeout: 60_000 });
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('removal-error')).toHaveText('Cancelled.');
  await expect(page.getByTestId('removal-result')).toHaveCount(0);
  await expect(page.getByTestId('check')).toBeEnabled();
});

for (const [width, height, colorScheme] of [
  [390, 844, 'dark'],
  [1280, 800, 'light'],
] as const) {
  test(`with results at ${width} px, ${colorScheme}: no serious/critical axe violation, no horizontal scroll; the inputs are reachable by Tab`, async ({
    browser,
    baseURL,
  }) => {
    const ctx = await browser.newContext({ viewport: { width, height }, colorScheme, baseURL: baseURL! });
    const page = await ctx.newPage();
    await open(page);
    // Keyboard: Tab from the page heading reaches the four file inputs and the challenge id field.
    const reached = new Set<string>();
    await page.locator('pf-vidaio-removal-page h2').click();
    for (let i = 0; i < 30 && reached.size < 5; i++) {
      await page.keyboard.press('Tab');
      const what = await page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        const drop = (el?.getRootNode() as ShadowRoot | null)?.host?.getAttribute('data-role');
        return el?.getAttribute('name') ?? (drop ? `file:${drop}` : (el?.tagName ?? ''));
      });
      if (/^file:|challengeId/.test(what)) reached.add(what);
    }
    expect([...reached].sort()).toEqual(['challengeId', 'file:mask', 'file:output', 'file:reference', 'file:served']);
    await drop(page, { served: at('served.mp4'), output: at('out-good.mp4'), reference: at('ref.mp4') });
    await pageResult(page);
    await expect(page.getByTestId('viewer')).toBeVisible();
    const scroll = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll.scroll).toBeLessThanOrEqual(scroll.inner);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join('; ')}`,
      );
    expect(serious).toEqual([]);
    await ctx.close();
  });
}

test('the page and `preflight removal --json` give the same numbers on the same files (PSNR, SSIM, floor, warp error and its bound, outside change, LPIPS frames)', async ({
  page,
}) => {
  const cli = JSON.parse(
    execFileSync(
      'node',
      [
        'bin/preflight.mjs',
        'removal',
        '--input',
        at('served.mp4'),
        '--output',
        at('out-good.mp4'),
        '--reference',
        at('ref.mp4'),
        '--challenge',
        'c-7',
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    ),
  );
  await open(page);
  await page.locator('input[name="challengeId"]').fill('c-7');
  await drop(page, { served: at('served.mp4'), output: at('out-good.mp4'), reference: at('ref.mp4') });
  const m = (await pageResult(page)).measurement as unknown as Record<string, any>;
  const same = (a: number | null, b: number | null, what: string) => {
    if (a === null || b === null) return expect(a, what).toBe(b);
    expect(Math.abs(a - b), `${what}: page ${a} vs CLI ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
  };
  expect(m.frames).toBe(cli.frames);
  expect(m.maskedFrames).toBe(cli.maskedFrames);
  for (const k of ['candidate', 'medianFill', 'unchanged', 'floor'])
    for (const f of ['psnrDb', 'ssim', 'warpError', 'lpipsVgg']) same(m[k][f], cli[k][f], `${k}.${f}`);
  expect(cli.candidate.warpError).not.toBeNull();
  same(m.warpReference, cli.warpReference, 'warpReference');
  same(m.outside.change, cli.outside.change, 'outside.change');
  expect(m.outside.worstFrame).toBe(cli.outside.worstFrame);
  expect(m.lpipsFrames).toEqual(cli.lpipsFrames);
  expect(m.missing).toEqual(cli.missing);
});

test('with LPIPS-VGG weights installed (Settings), the page scores the item completely and equals `preflight removal --engine wasm` on the same weights', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const weights = syntheticLpipsWeights(3);
  const vgg = at('vgg16-397923af.pth'),
    heads = at('vgg.pth');
  writeFileSync(vgg, writeTorchZip(new Map([...weights].filter(([k]) => k.startsWith('features.')))));
  writeFileSync(heads, writeTorchZip(new Map([...weights].filter(([k]) => k.startsWith('lin')))));
  await page.goto('./#/settings');
  const card = page.locator('pf-settings-page pf-lpips-weights [data-testid=lpips-card]');
  await card.getByLabel(/VGG16 trunk: drop vgg16-397923af\.pth/).setInputFiles(vgg);
  await expect(card.getByTestId('lpips-staged-vgg16')).toContainText('is valid', { timeout: 120_000 });
  await card.getByLabel(/lpips v0\.1 heads: drop vgg\.pth/).setInputFiles(heads);
  await expect(card.getByTestId('lpips-status')).toHaveAttribute('data-installed', 'true', { timeout: 180_000 });

  const cli = JSON.parse(
    execFileSync(
      'node',
      [
        'bin/preflight.mjs',
        'removal',
        '--input',
        at('served.mp4'),
        '--output',
        at('out-good.mp4'),
        '--reference',
        at('ref.mp4'),
        '--challenge',
        'c-7',
        '--lpips-vgg16',
        vgg,
        '--lpips-heads',
        heads,
        '--engine',
        'wasm',
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    ),
  );
  expect(cli.partial).toBe(false);
  await open(page);
  await page.locator('input[name="challengeId"]').fill('c-7');
  await drop(page, { served: at('served.mp4'), output: at('out-good.mp4'), reference: at('ref.mp4') });
  const m = (await pageResult(page)).measurement as unknown as Record<string, any>;
  expect(m.partial).toBe(false);
  expect(m.lpipsFrames).toEqual(cli.lpipsFrames);
  for (const k of ['candidate', 'medianFill', 'unchanged', 'floor'])
    expect(Math.abs(m[k].lpipsVgg - cli[k].lpipsVgg), `${k}.lpipsVgg`).toBeLessThanOrEqual(1e-5);
  expect(Math.abs(m.score.final - cli.score.final)).toBeLessThanOrEqual(1e-5);
  expect(m.score.zeroReason).toBe(cli.score.zeroReason);
  await expect(page.getByTestId('removal-score')).not.toHaveAttribute('data-value', 'partial');
  await expect(page.getByTestId('lpips')).toContainText('vs floor');
});

test('the Competition page scores a removal entry: the same numbers as Node, the gates and zero reasons per item, incomplete without LPIPS; fits a phone', async ({
  page,
}) => {
  // An entry holds one packet per (reference, served input) pair: the three items get copies of the same reference.
  const items = [
    { id: 'good', output: 'out-good.mp4', ref: 'ref.mp4' },
    { id: 'copy', output: 'out-copy.mp4', ref: 'ref-copy.mp4' },
    { id: 'lossy', output: 'out-lossy.mp4', ref: 'ref-lossy.mp4' },
  ];
  for (const it of items) if (it.ref !== 'ref.mp4') copyFileSync(at('ref.mp4'), at(it.ref));
  await page.goto('./#/vidaio/competition');
  const pageEl = page.locator('pf-competition-page');
  await pageEl.locator('select[name="track"]').selectOption('removal');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Add item' }).click();
    const row = pageEl.locator(`[data-item-row="${i}"]`);
    await row.locator('input[name="item-id"]').fill(items[i]!.id);
    await row.locator('input[data-role="reference"]').setInputFiles(at(items[i]!.ref));
    await row.locator('input[data-role="input"]').setInputFiles(at('served.mp4'));
    await row.locator('input[data-role="output"]').setInputFiles(at(items[i]!.output));
  }
  await page.getByRole('button', { name: 'Score the entry' }).click();
  const table = page.getByTestId('items');
  await expect(table.locator('tr[data-item]')).toHaveCount(3, { timeout: 180_000 });
  const metrics = async (id: string) => {
    const tr = table.locator(`tr[data-item="${id}"]`);
    return { score: await tr.getAttribute('data-score'), m: JSON.parse((await tr.getAttribute('data-metrics'))!) as Record<string, number | null>, tr };
  };
  for (const it of items) {
    const want = expected(it.output);
    const { m } = await metrics(it.id);
    expect(Math.abs(m.psnrDb! - want.metrics.psnrDb)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(m.floorPsnrDb! - want.floor.psnrDb)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(m.outsideChange! - want.outsideChange)).toBeLessThanOrEqual(1e-9);
    expect(m.lpipsVgg).toBeNull();
  }
  // The good fill passes every gate but needs LPIPS-VGG: incomplete. The copy does not beat the floor and the lossy
  // output changes pixels outside the mask: both are zero whatever LPIPS would say.
  const good = await metrics('good');
  expect(good.score).toBe('null');
  await expect(good.tr).toContainText('incomplete');
  const copy = await metrics('copy');
  expect(copy.score).toBe('0');
  await expect(copy.tr).toContainText('REGION_BASELINE_NOT_BEATEN');
  const lossy = await metrics('lossy');
  expect(lossy.score).toBe('0');
  await expect(lossy.tr).toContainText('failed: OUTSIDE_REGION_MODIFIED');
  await expect(page.getByTestId('summary')).toContainText('No entry score: incomplete good');
  await expect(page.getByTestId('summary')).toContainText('LPIPS-VGG weights are not installed');
  // The removal rows and results fit a phone and pass the axe scan.
  await page.setViewportSize({ width: 390, height: 844 });
  const scroll = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll.scroll).toBeLessThanOrEqual(scroll.inner);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
