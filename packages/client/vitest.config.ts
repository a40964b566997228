import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Run by `test:browser` (headless Chromium), in the runtime lanes' chromium lane.
    exclude: ['test/browser/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
