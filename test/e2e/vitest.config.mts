import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Configuration of the editor end-to-end tests only (`npm run test:e2e`):
 * editor.e2e.ts and checks.e2e.ts. Their names end in `.e2e.ts`, so the
 * unit-test configuration at the repository root, which includes
 * `test/**\/*.test.ts`, never picks them up.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // Each file starts its own code-server and Chromium: one file at a
    // time, so the files do not slow each other down, and no retries that
    // would hide a flaky step.
    fileParallelism: false,
    retry: 0,
    pool: 'forks',
    testTimeout: 120_000,
    // beforeAll builds the .vsix and starts code-server and Chromium.
    hookTimeout: 600_000,
    teardownTimeout: 60_000,
  },
});
