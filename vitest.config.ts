import { defineConfig } from 'vitest/config';

/** End-to-end tests spawn the built CLI (or another process) or serve over loopback; they need `dist/`. */
const E2E = 'test/**/*.e2e.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn the built CLI and sandbox servers; two cores cannot run many at once.
    maxWorkers: 2,
    // `npm run test:unit` / `test:e2e` pick one with `--project`; `vitest run` runs both.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [E2E] } },
      { extends: true, test: { name: 'e2e', include: [E2E] } },
    ],
  },
});
