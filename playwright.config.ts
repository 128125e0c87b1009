/**
 * Playwright runs the built app (vite preview) in Debian's Chromium.
 *
 * Modes, chosen by PREFLIGHT_GPU:
 * - default: software WebGPU (SwiftShader through --enable-unsafe-webgpu); a fallback adapter is expected.
 * - PREFLIGHT_GPU=1 (GPU runner): the hardware adapter; tests that need WebGPU fail when only a fallback adapter
 *   is found (see e2e/fixtures.ts).
 * CHROMIUM_PATH overrides the browser (default /usr/bin/chromium); the flags are src/cli/browser/chromium.ts's.
 *
 * Projects: `app` drives the built app (vite preview of dist/); `browser-unit` runs `*.browser.spec.ts` against
 * the Vite dev server, whose pages can `import('/src/...')` any module (kernel-vs-CPU-twin tests, decoders).
 */
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './src/cli/browser/chromium.ts';

const gpuRunner = process.env.PREFLIGHT_GPU === '1';
const args = chromiumArgs({ gpu: gpuRunner });
const port = Number(process.env.PREFLIGHT_PORT ?? 4173);
const devPort = port + 1000;

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  // One retry on CI (a 2-core machine running software WebGPU); a test that needed it is still listed, with its
  // first error, by the failure-tail reporter at the end of the output.
  retries: process.env.CI ? 1 : 0,
  reporter: [[process.env.CI ? 'line' : 'list'], ['./e2e/reporters/failure-tail.ts']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args },
  },
  projects: [
    { name: 'app', testMatch: /(?<!\.browser)\.spec\.ts$/, use: { baseURL: `http://127.0.0.1:${port}/` } },
    { name: 'browser-unit', testMatch: /\.browser\.spec\.ts$/, use: { baseURL: `http://127.0.0.1:${devPort}/` } },
  ],
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: `npx vite --host 127.0.0.1 --port ${devPort} --strictPort`,
      url: `http://127.0.0.1:${devPort}/e2e/harness/index.html`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
