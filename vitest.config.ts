import { defineConfig } from 'vitest/config';

// Unit tests run in Node: src/core is pure TypeScript and never touches the browser.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/*.gpu.test.ts', 'node_modules/**'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
