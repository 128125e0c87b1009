/**
 * Settings page on the built app (`#/settings`, tag pf-settings-page): a fresh profile says "model not installed"
 * and how to get the official weights; a dropped file that is not PyTorch, a truncated zip archive and a valid
 * PyTorch file of the wrong architecture (made by scripts/fixtures/make-pth.py small) each give the PIE-APP
 * worker's message and leave the status "not installed"; a wrong extension is refused before the worker; the
 * defaults persist across a reload; storage usage, the persistence request and the privacy statement are shown.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pf-settings-'));
const script = new URL('../scripts/fixtures/make-pth.py', import.meta.url).pathname;

/** A valid zip-layout .pth with five small tensors (a.weight, …): PyTorch, but not PieAPP. */
function smallPth(): string {
  const out = join(tmp, 'small-wrong-arch.pth');
  if (!existsSync(out)) execFileSync('python3', [script, 'small', out]);
  return out;
}

/** Deterministic pseudo-random bytes whose first byte is neither a zip ('P') nor a pickle (0x80) signature. */
function randomPth(): string {
  const out = join(tmp, 'random.pth');
  const b = new Uint8Array(4096);
  let s = 12345;
  for (let i = 0; i < b.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    b[i] = s >>> 24;
  }
  b[0] = 0x13;
  writeFileSync(out, b);
  return out;
}

/** The small .pth cut to 60% of its length: a zip archive without its central directory. */
function truncatedPth(): string {
  const out = join(tmp, 'truncated.pth');
  const full = readFileSync(smallPth());
  writeFileSync(out, full.subarray(0, Math.floor(full.length * 0.6)));
  return out;
}

async function openSettings(page: Page) {
  await page.goto('./#/settings');
  await page.waitForFunction(() => !!customElements.get('pf-settings-page'));
  await expect(page.locator('pf-settings-page [data-testid=pieapp-status]')).not.toHaveAttribute('data-installed', 'unknown');
}

const status = (page: Page) => page.locator('pf-settings-page [data-testid=pieapp-status]');
const drop = (page: Page) => page.locator('pf-settings-page [data-testid=pieapp-card] pf-file-drop input[type=file]');
const error = (page: Page) => page.locator('pf-settings-page [data-testid=pieapp-error]');

async function expectFailedInstall(page: Page, file: string, message: RegExp, installedBefore: boolean) {
  const before = await status(page).textContent();
  await drop(page).setInputFiles(file);
  await expect(error(page)).toContainText(message);
  await expect(error(page)).toContainText(installedBefore ? 'The installed model is unchanged' : 'No model is installed');
  await expect(page.locator('pf-settings-page pf-progress-task [role=status]')).toHaveCount(0);
  await expect(status(page)).toHaveAttribute('data-installed', String(installedBefore));
  if (installedBefore) await expect(status(page)).toHaveText(before!);
  else await expect(status(page)).toContainText('Model not installed');
}

test('settings: fresh profile explains how to install the PIE-APP model', async ({ page }) => {
  await openSettings(page);
  await expect(status(page)).toHaveAttribute('data-installed', 'false');
  await expect(status(page)).toContainText('Model not installed');
  const howto = page.locator('pf-settings-page [data-testid=pieapp-howto]');
  await expect(howto).toContainText('PieAPPv0.1-0937b014.pth');
  await expect(howto).toContainText('pyiqa');
  await expect(howto).toContainText('piq');
  await expect(howto).toContainText('public/models/pieapp.onnx');
  await expect(howto).toContainText('preflight pieapp --weights');
  await expect(page.locator('pf-settings-page [data-testid=pieapp-remove]')).toHaveCount(0);
});

test("settings: invalid, truncated and wrong-architecture files give the worker's error and install nothing", async ({ page }) => {
  await openSettings(page);
  await expect(status(page)).toHaveAttribute('data-installed', 'false');
  await expectFailedInstall(page, randomPth(), /not a PyTorch file: neither a zip archive/, false);
  await expectFailedInstall(page, truncatedPth(), /zip archive is truncated .*incomplete/, false);
  await expectFailedInstall(
    page,
    smallPth(),
    /not PieAPP weights: tensor conv1\.weight \[64, 3, 3, 3\] is missing \(the file has 5 tensors, e\.g\. a\.weight/,
    false,
  );
  // A wrong extension is refused by the page itself.
  const txt = join(tmp, 'notes.txt');
  writeFileSync(txt, 'hello');
  await drop(page).setInputFiles(txt);
  await expect(error(page)).toContainText('notes.txt is not a PIE-APP model file');
  await expect(status(page)).toHaveAttribute('data-installed', 'false');
  // After a reload (fresh worker) the store is still empty.
  await page.reload();
  await openSettings(page);
  await expect(status(page)).toHaveAttribute('data-installed', 'false');
});

test('settings: defaults persist across a reload; WebGPU adapter reported', async ({ page }) => {
  await openSettings(page);
  const root = page.locator('pf-settings-page');
  await expect(root.locator('select[name=engine]')).toHaveValue('auto');
  await expect(root.locator('select[name=pieapp-patches]')).toHaveValue('all');
  await root.locator('select[name=engine]').selectOption('cpu');
  await expect(root.locator('select[name=cpu-threads]')).toHaveValue('auto');
  await root.locator('select[name=cpu-threads]').selectOption('3');
  const packSelect = root.locator('select[name=pack-vidaio]');
  const options = await packSelect.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(options.length).toBeGreaterThan(1);
  // By default no pack is pinned: pages follow the pack in force on the day.
  expect(options[0]).toBe('');
  await expect(packSelect).toHaveValue('');
  await packSelect.selectOption(options[1]!);
  await root.locator('select[name=pieapp-patches]').selectOption('quick');
  await expect(root.locator('input[name=pieapp-patches-n]')).toHaveValue('64');
  await root.locator('input[name=pieapp-patches-n]').fill('32');
  await root.locator('input[name=pieapp-patches-n]').dispatchEvent('change');
  await expect(root.locator('[data-testid=settings-note]')).toHaveCount(0);
  // Reload only once every IndexedDB put has landed (a reload aborts a transaction still in flight).
  await expect(root.locator('[data-testid=settings-saved]')).toHaveAttribute('data-state', 'saved');
  // What the page saved is in IndexedDB (database `preflight`, store `settings`, one record per key).
  const stored = () =>
    page.evaluate(
      () =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const open = indexedDB.open('preflight');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const out: Record<string, unknown> = {};
            const tx = db.transaction('settings');
            const req = tx.objectStore('settings').openCursor();
            req.onsuccess = () => {
              const c = req.result;
              if (c) {
                out[String(c.key)] = c.value;
                c.continue();
              }
            };
            tx.oncomplete = () => (db.close(), resolve(out));
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
  expect(await stored()).toMatchObject({ engine: 'cpu', cpuThreads: 3, pieappPatches: 32, defaultPack: { vidaio: options[1] } });
  await page.reload();
  await openSettings(page);
  await expect(root.locator('select[name=engine]')).toHaveValue('cpu');
  await expect(root.locator('select[name=cpu-threads]')).toHaveValue('3');
  await expect(packSelect).toHaveValue(options[1]!);
  await expect(root.locator('input[name=pieapp-patches-n]')).toHaveValue('32');
  const adapter = root.locator('[data-testid=webgpu-adapter]');
  await expect(adapter).not.toHaveAttribute('data-found', 'unknown');
  await expect(adapter).toContainText(/WebGPU adapter: (.+(hardware adapter|software fallback)|.*no adapter|.*does not expose|requestAdapter failed: .+)/);
});

test('settings: storage estimate, persistence request and privacy statement', async ({ page }) => {
  await openSettings(page);
  const root = page.locator('pf-settings-page');
  await expect(root.locator('[data-testid=storage-estimate]')).toContainText(/This site uses [\d.]+ [MG]B of [\d.]+ [MG]B/);
  await root.locator('[data-testid=persist]').click();
  await expect(root.locator('[data-testid=storage-card] [role=status]')).toContainText(/Persistent storage (granted|declined)|declined persistent storage/);
  await expect(root.locator('[data-testid=privacy]')).toContainText('never leave this browser');
  await expect(root.locator('[data-testid=privacy]')).toContainText('no network requests to any other origin');
});
