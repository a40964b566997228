// Plain JavaScript: vitest loads its config files with Node, which cannot import TypeScript here.

/**
 * The `test` settings of a package whose browser tests (test/browser) run apart: `pnpm test` runs
 * the rest, `pnpm test:browser` (headless Chromium, the runtime lanes' chromium lane) those.
 */
export const UNIT_TESTS = {
  include: ['test/**/*.test.ts'],
  exclude: ['test/browser/**'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export const BROWSER_TESTS = {
  include: ['test/browser/**/*.browser.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};
