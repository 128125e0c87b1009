import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit tests run in Node: src/core is pure TypeScript and never touches the browser.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/*.gpu.test.ts', 'node_modules/**'],
    testTimeout: 120_000,
    pool: 'forks',
    // One fork per core (Vitest's default leaves one core idle): most suites spawn ffmpeg or the CLI, and the
    // 2-core CI machine runs the unit suite in about 6.5 min instead of 11.
    maxWorkers: availableParallelism(),
  },
});
