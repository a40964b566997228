import { defineConfig } from 'vitest/config';

// The package checks pack, install from the npm registry and start servers: generous timeouts.
// The `release` project runs the real `release.mjs --dry-run` once (global setup): its gate, its
// pack, its lint and its install of every tarball are what those tests read. Vitest runs that setup
// only when a file of the project is selected: `vitest run test/gate.test.ts` does not pay for it.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: 'forks',
    // The work is in child processes (Optic, npm, tsc, pnpm): two files at a time keep both cores
    // busy once the other workspaces' suites are done (vitest's default here would be one).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'tools',
          include: ['test/**/*.test.ts'],
          exclude: ['test/release-dry-run.test.ts', 'test/packages.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'release',
          include: ['test/release-dry-run.test.ts', 'test/packages.test.ts'],
          globalSetup: ['test/release-dry-run.setup.ts'],
        },
      },
    ],
  },
});
