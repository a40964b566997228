import { defineConfig } from 'vitest/config';

// The package checks pack, install from the npm registry and start servers: generous timeouts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
