/**
 * The CPU engine's thread pool in the browser: the engine worker starts nested module workers for VIF/ADM, reports
 * how many, and gives per-frame metrics identical to the single-thread run (threads: 0); a bad thread count is
 * refused with a message. The integer VIF runs on its WebAssembly SIMD kernel.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { sharedReferenceUrl } from '../test-support/index.ts';

const clips = sharedReferenceUrl('clips/');

test('CPU engine: 3 VMAF threads give exactly the single-thread result, and say so', async ({ page }) => {
  await page.route('**/__input/*', (route) =>
    route.fulfill({
      body: readFileSync(new URL(route.request().url().endsWith('/ref') ? 'tiny_vtest_320x240__ref.y4m' : 'tiny_vtest_320x240__down2_up_bicubic.y4m', clips)),
    }),
  );
  await page.goto('./e2e/harness/index.html');
  const r = await page.evaluate(async () => {
    const { engine } = await import('/src/bridge/engine.ts');
    const blob = async (n: string) => (await fetch(`/__input/${n}`)).blob();
    const [ref, dist] = [await blob('ref'), await blob('dist')];
    const models = ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'] as const;
    const one = await engine.measure(undefined, ref, dist, { models: [...models], engine: 'cpu', threads: 0 });
    const three = await engine.measure(undefined, ref, dist, { models: [...models], engine: 'cpu', threads: 3 });
    const bad = await engine.measure(undefined, ref, dist, { models: [...models], engine: 'cpu', threads: -1 }).then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    engine.stop();
    // The integer VIF runs on the WebAssembly SIMD kernel in Chromium (compiled synchronously, even on the page).
    const { IntegerVifComputer } = await import('/src/core/metrics/vmaf/integer/vif.ts');
    const backend = new IntegerVifComputer(64, 48).backend;
    return { threads: [one.threads, three.threads], a: one.frames, b: three.frames, bad, backend };
  });
  expect(r.backend).toBe('wasm');
  expect(r.threads).toEqual([0, 3]);
  expect(r.b).toEqual(r.a);
  expect(r.a.length).toBe(5);
  expect(r.a[4]!.metrics.vmaf_neg).toBeGreaterThan(0);
  expect(r.bad).toMatch(/threads must be a whole number from 0 to 64, got -1/);
});
