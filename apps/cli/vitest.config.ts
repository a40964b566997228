import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most of a file's time is spent waiting for the `dollr` processes it starts: two files at a
    // time keep both cores busy once the other workspaces' suites are done (vitest's default here
    // would be one).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
