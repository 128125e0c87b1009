/**
 * Shared Playwright fixtures: every test asserts that no request leaves the app's origin, and `gpuMode` tells
 * whether the run requires a hardware WebGPU adapter (PREFLIGHT_GPU=1).
 */
import { test as base, expect } from '@playwright/test';

export const gpuMode = process.env.PREFLIGHT_GPU === '1';

export const test = base.extend<{ foreignRequests: string[] }>({
  foreignRequests: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const foreign: string[] = [];
      page.on('request', (req) => {
        const url = req.url();
        if (url.startsWith('data:') || url.startsWith('blob:')) return;
        if (new URL(url).origin !== origin) foreign.push(url);
      });
      await use(foreign);
      expect(foreign, 'requests that left the app origin').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
