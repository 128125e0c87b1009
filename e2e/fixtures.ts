/**
 * Shared Playwright fixtures: every test asserts that no request leaves the app's origin and that nothing broke the
 * Content-Security-Policy (securitypolicyviolation events and Chromium's "Content Security Policy" console
 * messages, pages and workers), and `gpuMode` tells whether the run requires a hardware WebGPU adapter
 * (PREFLIGHT_GPU=1).
 */
import { test as base, expect } from '@playwright/test';

export const gpuMode = process.env.PREFLIGHT_GPU === '1';

export const test = base.extend<{ foreignRequests: string[]; cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
        );
      });
      page.on('console', (msg) => {
        if (/CSP violation|Content Security Policy/i.test(msg.text())) violations.push(msg.text());
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
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
