import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit tests run in Node: src/core is pure TypeScript and never touches the browser. Two projects: `unit`, every
// test but the full-reference clip sweeps, and `clips`, the sweeps (*.clips.test.ts: every public clip through the
// VMAF extractors against libvmaf's per-frame output), which take most of the time and run as their own step of
// `npm test` (`npm run test:unit`, `npm run test:clips`).
const CLIPS = '**/*.clips.test.ts';
export default defineConfig({
  test: {
    testTimeout: 120_000,
    pool: 'forks',
    // One fork per core (Vitest's default leaves one core idle): most suites spawn ffmpeg or the CLI, and the
    // 2-core CI machine runs the tests in about half the time.
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], exclude: ['**/*.gpu.test.ts', CLIPS, 'node_modules/**'] },
      },
      { extends: true, test: { name: 'clips', include: [`src/${CLIPS}`] } },
    ],
  },
});
