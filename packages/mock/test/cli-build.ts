import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundle src/cli.ts as the package would ship it (ESM, Node 20), into node_modules/.cache so that
 * it resolves the package's dependencies. Tests run the CLI from the current sources, not from a
 * possibly stale dist/.
 */
export function buildCli(): string {
  const require = createRequire(join(root, 'package.json'));
  const tsupPkg = require.resolve('tsup/package.json');
  // One directory per test process: test files build in parallel.
  const outDir = join(root, 'node_modules', '.cache', `dollr-mock-test-${process.pid}`);
  execFileSync(
    process.execPath,
    [
      join(dirname(tsupPkg), 'dist', 'cli-default.js'),
      'src/cli.ts',
      '--no-config',
      '--format',
      'esm',
      '--platform',
      'node',
      '--target',
      'node20',
      '--out-dir',
      outDir,
    ],
    { cwd: root, stdio: 'pipe' },
  );
  return join(outDir, 'cli.js');
}
