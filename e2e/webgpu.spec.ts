/**
 * WebGPU availability in the test browser. Default mode: the SwiftShader fallback adapter is accepted.
 * GPU-runner mode (PREFLIGHT_GPU=1): the test fails when only a fallback adapter is found.
 */
import { test, expect, gpuMode } from './fixtures.ts';

test('a WebGPU adapter of the expected kind is available', async ({ page }) => {
  await page.goto('./');
  const info = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return { ok: false, why: 'navigator.gpu missing' };
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { ok: false, why: 'no adapter' };
    return { ok: true, fallback: adapter.info.isFallbackAdapter, vendor: adapter.info.vendor, architecture: adapter.info.architecture };
  });
  expect(info.ok, JSON.stringify(info)).toBe(true);
  if (gpuMode) expect(info.fallback, `GPU runner found only a fallback adapter: ${JSON.stringify(info)}`).toBe(false);
});
