/**
 * Settings, "LPIPS-VGG weights" card on the built app: a fresh profile says what is missing and where the two files
 * come from; each file is validated as soon as it is chosen (the heads file in the VGG16 zone, a PIE-APP-shaped
 * checkpoint and a truncated zip each get a message naming the file and the problem, and nothing is installed);
 * the two valid files (full-size synthetic weights written here as torch.save zips by src/core/lpips/test-pth.ts)
 * install as one graph, shown with each file's size and sha256; it survives a reload, leaves the PIE-APP record
 * alone, its graph computes the CPU twin's distances within 1e-5 in the LPIPS worker (through engine.html), and
 * Remove deletes it. The drop zones are reached by their accessible names (keyboard/screen reader).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';
import { syntheticLpipsWeights } from '../src/core/lpips/synthetic.ts';
import { writeTorchZip } from '../src/core/lpips/test-pth.ts';
import { lpipsDistance } from '../src/core/lpips/network.ts';
import { lpipsTestPair } from '../src/core/lpips/test-images.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pf-lpips-'));
const weights = syntheticLpipsWeights(3);
const vggPath = join(tmp, 'vgg16-397923af.pth');
const headsPath = join(tmp, 'vgg.pth');
const pieappPath = join(tmp, 'PieAPPv0.1.pth');
const truncatedPath = join(tmp, 'vgg-truncated.pth');
writeFileSync(vggPath, writeTorchZip(new Map([...weights].filter(([k]) => k.startsWith('features.')))));
const headsBytes = writeTorchZip(new Map([...weights].filter(([k]) => k.startsWith('lin'))));
writeFileSync(headsPath, headsBytes);
writeFileSync(truncatedPath, headsBytes.subarray(0, headsBytes.length - 64));
writeFileSync(
  pieappPath,
  writeTorchZip(
    new Map([
      ['conv1.weight', { shape: [64, 3, 3, 3], data: new Float32Array(1728) }],
      ['fc1_score.weight', { shape: [512, 4], data: new Float32Array(2048) }],
    ]),
  ),
);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

const card = (page: Page) => page.locator('pf-settings-page pf-lpips-weights [data-testid=lpips-card]');
const status = (page: Page) => card(page).getByTestId('lpips-status');
const vggInput = (page: Page) => card(page).getByLabel(/VGG16 trunk: drop vgg16-397923af\.pth/);
const headsInput = (page: Page) => card(page).getByLabel(/lpips v0\.1 heads: drop vgg\.pth/);

async function openSettings(page: Page) {
  await page.goto('./#/settings');
  await expect(status(page)).not.toHaveAttribute('data-installed', 'unknown');
}

test('LPIPS weights: explained, validated per file, installed with size and sha256, kept across a reload, removed', async ({ page }) => {
  test.setTimeout(420_000);
  await openSettings(page);
  await expect(status(page)).toHaveAttribute('data-installed', 'false');
  await expect(card(page).getByTestId('lpips-howto')).toContainText('vgg16-397923af.pth');
  await expect(card(page).getByTestId('lpips-howto')).toContainText('lpips/weights/v0.1/vgg.pth');

  // Wrong files: each named with its problem; nothing is installed.
  await headsInput(page).setInputFiles(pieappPath);
  await expect(card(page).getByTestId('lpips-error-heads')).toContainText('PieAPPv0.1.pth: lpips heads: this is the PIE-APP checkpoint');
  await vggInput(page).setInputFiles(headsPath);
  await expect(card(page).getByTestId('lpips-error-vgg16')).toContainText("vgg.pth: vgg16 weights: this is lpips's heads file (vgg.pth), not the VGG16 trunk");
  await headsInput(page).setInputFiles(truncatedPath);
  await expect(card(page).getByTestId('lpips-error-heads')).toContainText('vgg-truncated.pth: lpips heads: the zip archive is truncated');
  await expect(status(page)).toHaveAttribute('data-installed', 'false');

  // The keyboard reaches each file input by Tab.
  await vggInput(page).focus();
  await page.keyboard.press('Tab');
  await expect(headsInput(page)).toBeFocused();

  // The two valid files: the first is staged, the second completes the install.
  await vggInput(page).setInputFiles(vggPath);
  await expect(card(page).getByTestId('lpips-staged-vgg16')).toContainText('vgg16-397923af.pth is valid', { timeout: 60_000 });
  await expect(card(page).getByTestId('lpips-error-vgg16')).toHaveCount(0);
  await headsInput(page).setInputFiles(headsPath);
  await expect(card(page).getByTestId('lpips-message')).toContainText('Installed', { timeout: 120_000 });
  await expect(status(page)).toHaveAttribute('data-installed', 'true');
  await expect(status(page)).toContainText('14.7 M parameters');
  const sources = card(page).getByTestId('lpips-sources');
  await expect(sources).toContainText(`vgg16-397923af.pth, 58.9 MB, sha256 ${sha(vggPath)}`);
  await expect(sources).toContainText(`vgg.pth`);
  await expect(sources).toContainText(sha(headsPath));

  // Stored: a reload still shows it; PIE-APP's record is untouched (still not installed).
  await page.reload();
  await openSettings(page);
  await expect(status(page)).toHaveAttribute('data-installed', 'true');
  await expect(page.locator('pf-settings-page [data-testid=pieapp-status]')).toHaveAttribute('data-installed', 'false');

  // The stored graph runs in the LPIPS worker (onnxruntime-web) and agrees with the CPU twin within 1e-5.
  const pairs = [lpipsTestPair(32, 24, 1), lpipsTestPair(32, 24, 2), lpipsTestPair(20, 40, 3)];
  const twin = pairs.map((p) => lpipsDistance(weights, p.a, p.b, p.width, p.height));
  const host = await page.context().newPage();
  await host.goto('./engine.html');
  type LpipsHost = { lpips(p: { a: number[]; b: number[]; width: number; height: number }[]): Promise<{ distances: number[]; label: string } | null> };
  await host.waitForFunction(() => !!(window as unknown as { preflightEngine?: LpipsHost }).preflightEngine);
  const r = await host.evaluate(
    (ps) => (window as unknown as { preflightEngine: LpipsHost }).preflightEngine.lpips(ps),
    pairs.map((p) => ({ a: [...p.a], b: [...p.b], width: p.width, height: p.height })),
  );
  expect(r?.label).toMatch(/^onnxruntime-web .*(wasm|webgpu)/);
  r!.distances.forEach((d, i) => expect(Math.abs(d - twin[i]!), `pair ${i}`).toBeLessThanOrEqual(1e-5));
  await host.close();

  // A wrong file dropped later does not touch the installed weights.
  await vggInput(page).setInputFiles(pieappPath);
  await expect(card(page).getByTestId('lpips-error-vgg16')).toContainText('this is the PIE-APP checkpoint, not VGG16');
  await expect(status(page)).toHaveAttribute('data-installed', 'true');

  await card(page).getByRole('button', { name: 'Remove the LPIPS weights' }).click();
  await expect(status(page)).toHaveAttribute('data-installed', 'false');
  await expect(card(page).getByTestId('lpips-message')).toContainText('removed');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`LPIPS card at 390 px, ${scheme}: no serious axe violation, no horizontal scroll, an error shown`, async ({ browser, baseURL }) => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: scheme, baseURL });
    const page = await ctx.newPage();
    await openSettings(page);
    await vggInput(page).setInputFiles(headsPath);
    await expect(card(page).getByTestId('lpips-error-vgg16')).toBeVisible();
    const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
    const box = await card(page).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(serious).toEqual([]);
    await ctx.close();
  });
}
