/**
 * Device loss: when the WebGPU device is lost mid-measurement (simulated by destroying it after the first scored
 * frame, as a driver reset would), the engine worker re-runs the job on the CPU engine and says so.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { sharedReferenceUrl } from '../test-support/index.ts';

const clips = sharedReferenceUrl('clips/');

test('a lost GPU device falls back to the CPU engine and the result says why', async ({ page }) => {
  await page.route('**/__input/*', (route) =>
    route.fulfill({
      body: readFileSync(new URL(route.request().url().endsWith('/ref') ? 'tiny_vtest_320x240__ref.y4m' : 'tiny_vtest_320x240__x264_crf38.y4m', clips)),
    }),
  );
  await page.goto('./e2e/harness/index.html');
  const r = await page.evaluate(async () => {
    const { engine } = await import('/src/bridge/engine.ts');
    const blob = async (n: string) => (await fetch(`/__input/${n}`)).blob();
    const out = await engine.measure(undefined, await blob('ref'), await blob('dist'), { models: ['vmaf_v0.6.1'], engine: 'webgpu', loseDeviceAfterFrames: 1 });
    engine.stop();
    return { engine: out.engine, note: out.engineNote, frames: out.frames.length, vmaf: out.pooled.vmaf?.mean };
  });
  expect(r.engine).toBe('cpu');
  expect(r.note).toMatch(/WebGPU device was lost.*measured on the CPU engine instead/);
  expect(r.frames).toBe(5);
  expect(r.vmaf).toBeGreaterThan(70);
});
