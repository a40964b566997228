import { defineConfig } from 'vitest/config';

/** The browser tests: the built client in headless Chromium (`pnpm test:browser`). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
