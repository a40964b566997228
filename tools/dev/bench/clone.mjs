// A fresh clone of this repository's HEAD in a temporary directory, installed from the warm pnpm
// store: what a contributor has after `git clone && pnpm install`. Uncommitted changes are not in it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { REPO_ROOT } from '../src/spec-check.mjs';

/** pnpm as it runs this script (`npm_execpath`), put on PATH for turbo, which looks for it there. */
function pnpmOnPath(/** @type {string} */ dir) {
  const execpath = process.env.npm_execpath;
  if (!execpath || !basename(execpath).startsWith('pnpm')) return process.env.PATH ?? '';
  const shim = join(dir, 'pnpm');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${execpath}" "$@"\n`);
  chmodSync(shim, 0o755);
  return `${dir}${delimiter}${process.env.PATH ?? ''}`;
}

/**
 * CPU time of every finished child process and its descendants, in ms (Linux: cutime + cstime of
 * /proc/self/stat); undefined elsewhere. Unlike wall time it hardly depends on the machine's load.
 */
export function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 16 and 17 of proc(5), counted from the state (field 3) at index 0; 100 ticks a second.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * @returns {{ dir: string, run: (command: string, args?: string[]) => { ok: boolean, ms: number, cpuMs: number | undefined, output: string }, cleanup: () => void }}
 */
export function freshClone() {
  const root = mkdtempSync(join(tmpdir(), 'dollr-bench-'));
  const dir = join(root, 'repo');
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    PATH: pnpmOnPath(root),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    TURBO_TELEMETRY_DISABLED: '1',
  };
  delete env.CI;
  const run = (/** @type {string} */ command, /** @type {string[]} */ args = []) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const result = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
    const ms = performance.now() - started;
    const cpuAfter = childrenCpuMs();
    const cpuMs =
      cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    return { ok: result.status === 0, ms, cpuMs, output: `${result.stdout}${result.stderr}` };
  };
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  const git = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, dir], {
    encoding: 'utf8',
  });
  if (git.status !== 0) throw new Error(`git clone failed: ${git.stderr}`);
  const install = run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline']);
  if (!install.ok) {
    cleanup();
    throw new Error(`pnpm install failed in the clone:\n${install.output}`);
  }
  return { dir, run, cleanup };
}
