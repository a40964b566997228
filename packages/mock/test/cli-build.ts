import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { type ManagedProcess, spawnManaged } from '../src/process.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundle a source entry as the package ships it (ESM, Node 20) into node_modules/.cache, where it
 * resolves the package's dependencies. Tests run child processes from the current sources, not
 * from a possibly stale dist/. Returns the path of the bundled file.
 */
// One directory per test process: test files build in parallel.
const outDir = join(root, 'node_modules', '.cache', `dollr-mock-test-${process.pid}`);

export function bundle(entry: string): string {
  const require = createRequire(join(root, 'package.json'));
  const tsupPkg = require.resolve('tsup/package.json');
  execFileSync(
    process.execPath,
    [
      join(dirname(tsupPkg), 'dist', 'cli-default.js'),
      entry,
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
  return join(outDir, basename(entry).replace(/\.ts$/, '.js'));
}

/** The dollr-mock command, bundled from src/cli.ts. */
export const buildCli = () => bundle('src/cli.ts');

/** Remove this test process's bundles (call in afterAll, once its child processes are gone). */
export function removeBundles(): void {
  rmSync(outDir, { recursive: true, force: true });
}

/**
 * The dollr-mock command for one test file: bundled before its tests; `start(args)` runs it until it
 * prints its base URL. After the tests every process it started is stopped and the bundles removed.
 */
export function useCli() {
  const running: ManagedProcess[] = [];
  const cli = {
    path: '',
    async start(args: string[], timeoutMs = 30_000) {
      const proc = spawnManaged(process.execPath, [cli.path, ...args]);
      running.push(proc);
      await proc.waitFor((out) => /baseUrl:\s+\S+/.test(out), timeoutMs);
      const url = /baseUrl:\s+(\S+)/.exec(proc.output())?.[1] as string;
      return { proc, url };
    },
  };
  beforeAll(() => {
    cli.path = buildCli();
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    removeBundles();
  });
  return cli;
}
