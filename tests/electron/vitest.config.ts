// Runs the Electron security tests on their own until the root vitest.config.ts includes
// tests/electron: npx vitest run -c tests/electron/vitest.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { include: ['tests/electron/**/*.test.ts'], testTimeout: 120_000 },
});
