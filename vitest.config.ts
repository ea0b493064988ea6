import { defineConfig } from 'vitest/config';

// Two projects: unit tests run in parallel; end-to-end tests (real ffmpeg, RTSP server, Chromium)
// run one file at a time, since two cores cannot host several camera pipelines and browsers at once.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/electron/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/fixtures/**'],
          // Generous on purpose: a 2-core CI runs both projects at once, and a test's own waits
          // (15-30 s, each naming what it waited for) must fail before the runner's bare timeout.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          // tests/packaging: builds both apps with electron-builder (esbuild + vite; ~1 min).
          include: ['tests/e2e/**/*.test.ts', 'tests/packaging/**/*.test.ts'],
          fileParallelism: false,
          // Fails a test when a page it drove threw an uncaught error (tests/helpers/page-errors.ts).
          setupFiles: ['tests/helpers/page-errors.setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
