/**
 * BitMind pages on the built app: the detector page shows, for a dropped predictions file, the numbers the rule-pack
 * functions give for the same data (run through the `preflight score` CLI here), and the segmenter page scores mask
 * pairs in workers with the packs' IoU; malformed inputs name the row, field or file and store nothing (the page's
 * `data-history-count` stays put). Masks are generated here as 8-bit grey PNGs.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { test, expect } from './fixtures.ts';
import { packCli as cli, dataValue as value, e2eData as data, fileInput, historyCount } from './helpers.ts';

/** The detector CSV as the spec reads it: label → class id, probabilities as numbers. */
function detectorRows() {
  const [, ...lines] = readFileSync(data('detector.csv'), 'utf8').trim().split('\n');
  const cls: Record<string, number> = { real: 0, synthetic: 1, 'semi-synthetic': 2 };
  return lines.map((l) => {
    const [id, modality, label, ...p] = l.split(',');
    return { id, modality, label: cls[label!]!, probabilities: p.map(Number) };
  });
}

test('detector: v3.3.1 reward and MCCs, gas sn34 and Brier, seed MCC equal the pack functions', async ({ page }) => {
  const rows = detectorRows();
  const hist = (m: string) => ({
    labels: rows.filter((r) => r.modality === m).map((r) => r.label),
    probabilities: rows.filter((r) => r.modality === m).map((r) => r.probabilities),
  });
  const argmax = (p: number[]) => p.indexOf(Math.max(...p));
  const img = rows.filter((r) => r.modality === 'image');
  const [v331, gas, seedMcc] = await Promise.all([
    cli('bitmind-v3.3.1', 'detector.reward', { image: hist('image'), video: hist('video'), challengeModality: 'image', errored: false }),
    cli('bitmind-gas', 'sn34.score', { labels: rows.map((r) => (r.label > 0 ? 1 : 0)), probabilities: rows.map((r) => r.probabilities) }),
    cli('bitmind-seed', 'mcc.multiclass', { labels: img.map((r) => r.label), predictions: img.map((r) => argmax(r.probabilities)) }),
  ]);
  const ema = await cli('bitmind-v3.3.1', 'ema.update', { score: 0, reward: v331.reward });

  await page.goto('./#/bitmind/detector');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '0');
  await page.locator('button[data-pack="bitmind-v3.3.1"]').click();
  await fileInput(page).setInputFiles(data('detector.csv'));
  await expect(page.locator('[data-key="total.reward"]')).toHaveAttribute('data-value', String(v331.reward));
  expect(await value(page, 'image.reward')).toBe(v331.imageReward);
  expect(await value(page, 'video.reward')).toBe(v331.videoReward);
  expect(await value(page, 'image.binaryMcc')).toBe(v331.image.binaryMcc);
  expect(await value(page, 'video.multiclassMcc')).toBe(v331.video.multiclassMcc);
  expect(await value(page, 'ema.1')).toBe(ema.score);
  // Confusion matrix (true semi-synthetic i6 predicted synthetic) and a reliability diagram are drawn.
  await expect(page.locator('pf-confusion-matrix [data-cell="2,1"]')).toHaveAttribute('data-value', '1');
  await expect(page.locator('pf-reliability-diagram [data-bin]').first()).toBeVisible();
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');

  await page.locator('button[data-pack="bitmind-gas"]').click();
  await expect(page.locator('[data-key="total.sn34"]')).toHaveAttribute('data-value', String(gas.sn34));
  expect(await value(page, 'total.brier')).toBe(gas.brier);
  expect(await value(page, 'total.binaryMcc')).toBe(gas.mcc);

  await page.locator('button[data-pack="bitmind-seed"]').click();
  await expect(page.locator('[data-key="image.multiclassMcc"]')).toHaveAttribute('data-value', String(seedMcc.mcc));
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '3');
});

test('detector: malformed files name the row and field and store nothing', async ({ page }) => {
  await page.goto('./#/bitmind/detector');
  await fileInput(page).setInputFiles(data('detector.csv'));
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');
  const alert = page.locator('pf-bitmind-detector-page .error[role=alert]');

  await fileInput(page).setInputFiles(data('detector-bad-label.csv'));
  await expect(alert).toContainText('row 2 (line 3), id "a2", label: expected "real", "synthetic", "semi-synthetic"');
  await fileInput(page).setInputFiles(data('detector-missing-column.csv'));
  await expect(alert).toContainText('missing column label');
  await fileInput(page).setInputFiles(data('detector-bad-sum.json'));
  await expect(alert).toContainText('row 3, id "bad", probabilities: the probabilities sum to 1.2');
  await expect(page.locator('[data-testid="detector-result"]')).toHaveCount(0);
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');
});

// ---- segmenter -------------------------------------------------------------------------------------------

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf: Buffer): number {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
/** An 8-bit greyscale PNG of `w × h` grey levels (row-major, 0…255). */
function greyPng(w: number, h: number, grey: (x: number, y: number) => number): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const tb = Buffer.concat([Buffer.from(type, 'ascii'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(tb));
    return Buffer.concat([len, tb, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = grey(x, y);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const grid = (w: number, h: number, f: (x: number, y: number) => number) => Array.from({ length: h }, (_, y) => Array.from({ length: w }, (_, x) => f(x, y)));

test('segmenter: IoU per pair and the mean equal the pack functions; bad pairs store nothing', async ({ page }) => {
  const W = 16;
  // Pair a: PNG confidences around the 0.5 threshold (127/255 < 0.5 < 128/255); pair b: JSON confidences; pair c: both empty.
  const aPred = (x: number, y: number) => (x < 8 ? (y < 8 ? 255 : 128) : y < 4 ? 127 : 20);
  const aGt = (x: number, y: number) => (x < 10 && y < 12 ? 255 : 0);
  const bPred = grid(W, W, (x, y) => ((x + y) % 5) / 4);
  const bGt = (x: number) => (x > 4 ? 255 : 0);
  const files = [
    { name: 'a.pred.png', mimeType: 'image/png', buffer: greyPng(W, W, aPred) },
    { name: 'a.gt.png', mimeType: 'image/png', buffer: greyPng(W, W, aGt) },
    { name: 'b.pred.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bPred)) },
    { name: 'b.gt.png', mimeType: 'image/png', buffer: greyPng(W, W, bGt) },
    { name: 'c.pred.png', mimeType: 'image/png', buffer: greyPng(W, W, () => 0) },
    { name: 'c.gt.png', mimeType: 'image/png', buffer: greyPng(W, W, () => 0) },
  ];
  const truth = (f: (x: number, y: number) => number) => grid(W, W, (x, y) => (f(x, y) !== 0 ? 1 : 0));
  const pack = 'bitmind-v3.3.1';
  const [ia, ib, ic] = await Promise.all([
    cli(pack, 'iou.mask', { prediction: grid(W, W, (x, y) => aPred(x, y) / 255), groundTruth: truth(aGt) }),
    cli(pack, 'iou.mask', { prediction: bPred, groundTruth: truth(bGt) }),
    cli(pack, 'iou.mask', { prediction: grid(W, W, () => 0), groundTruth: grid(W, W, () => 0) }),
  ]);
  const reward = await cli(pack, 'segmenter.reward', { ious: [ia.iou, ib.iou, ic.iou] });
  expect(Number.isNaN(ic.iou)).toBe(true);

  await page.goto('./#/bitmind/segmenter');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '0');
  await fileInput(page).setInputFiles(files);
  await expect(page.locator('[data-key="iou.a"]')).toHaveAttribute('data-value', String(ia.iou));
  expect(await value(page, 'iou.b')).toBe(ib.iou);
  await expect(page.locator('[data-key="iou.c"]')).toHaveAttribute('data-value', 'NaN');
  await expect(page.locator('[data-key="reward"]')).toHaveAttribute('data-value', String(reward.reward));
  await expect(page.locator('[data-key="emaInput"]')).toHaveAttribute('data-value', String(reward.emaInput));
  await expect(page.locator('[data-testid="progress-text"]')).toHaveText('3 / 3 pairs');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '1');
  // The overlay canvas takes the chosen pair's size.
  await expect(page.locator('canvas[data-testid="overlay"]')).toHaveAttribute('width', String(W));

  // Seed pack: same pairs, the seed's IoU for pair a.
  const seedA = await cli('bitmind-seed', 'iou.mask', { prediction: grid(W, W, (x, y) => aPred(x, y) / 255), groundTruth: truth(aGt) });
  await page.locator('button[data-pack="bitmind-seed"]').click();
  await expect(page.locator('[data-key="iou.a"]')).toHaveAttribute('data-value', String(seedA.iou));
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '2');

  const alert = page.locator('pf-bitmind-segmenter-page .error[role=alert]');
  await fileInput(page).setInputFiles([
    { name: 'd.pred.png', mimeType: 'image/png', buffer: greyPng(16, 16, () => 200) },
    { name: 'd.gt.png', mimeType: 'image/png', buffer: greyPng(16, 12, () => 255) },
  ]);
  await expect(alert).toContainText('pair "d": d.pred.png is 16×16 but d.gt.png is 16×12');
  await fileInput(page).setInputFiles([
    { name: 'e.pred.json', mimeType: 'application/json', buffer: Buffer.from('[[0.1, 0.2], [0.3]]') },
    { name: 'e.gt.png', mimeType: 'image/png', buffer: greyPng(2, 2, () => 255) },
    { name: 'f.pred.png', mimeType: 'image/png', buffer: greyPng(2, 2, () => 255) },
  ]);
  await expect(alert).toContainText('f.pred.png: no ground-truth mask f.gt.png');
  await fileInput(page).setInputFiles([
    { name: 'e.pred.json', mimeType: 'application/json', buffer: Buffer.from('[[0.1, 0.2], [0.3]]') },
    { name: 'e.gt.png', mimeType: 'image/png', buffer: greyPng(2, 2, () => 255) },
  ]);
  await expect(alert).toContainText('e.pred.json: row 2 has 1 values, row 1 has 2');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '2');
});

test('segmenter: a large batch of 512×512 pairs runs in workers with progress, keeps the page responsive and cancels', async ({ page }) => {
  const N = 300;
  const pred = greyPng(512, 512, (x, y) => (((x >> 5) + (y >> 5)) % 2 ? 230 : 10));
  const gt = greyPng(512, 512, (x) => (x < 256 ? 255 : 0));
  const files = [];
  for (let i = 0; i < N; i++) {
    const key = `m${String(i).padStart(4, '0')}`;
    files.push({ name: `${key}.pred.png`, mimeType: 'image/png', buffer: pred }, { name: `${key}.gt.png`, mimeType: 'image/png', buffer: gt });
  }
  await page.goto('./#/bitmind/segmenter');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '0');
  await fileInput(page).setInputFiles(files);
  const progress = page.locator('progress[data-total]');
  await expect(progress).toHaveAttribute('data-total', String(N));
  await expect.poll(async () => Number(await progress.getAttribute('data-done')), { timeout: 20_000 }).toBeGreaterThan(0);
  // While the workers run, the main thread answers timers promptly (largest gap of a 10 ms interval over 1 s).
  const maxGapMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        let max = 0;
        const t = setInterval(() => {
          const now = performance.now();
          max = Math.max(max, now - last);
          last = now;
        }, 10);
        setTimeout(() => {
          clearInterval(t);
          resolve(max);
        }, 1000);
      }),
  );
  expect(maxGapMs).toBeLessThan(250);
  const done = Number(await progress.getAttribute('data-done'));
  expect(done).toBeLessThan(N);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('pf-bitmind-segmenter-page .error[role=alert]')).toContainText('Cancelled: nothing was stored.');
  await expect(historyCount(page)).toHaveAttribute('data-history-count', '0');
});
