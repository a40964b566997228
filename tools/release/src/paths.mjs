// Where things live in the monorepo, resolved from this file so scripts work from any cwd.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOOL_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(TOOL_DIR, '..', '..');
export const BASELINE_FILE = join(TOOL_DIR, 'baseline', 'openapi.json');
export const OPTIC_STANDARD_FILE = join(TOOL_DIR, 'optic-standard.yml');

/** The packages whose public contract is the spec: a breaking spec change is a major for both. */
export const SPEC_CONTRACT_PACKAGES = ['@dollr/spec', '@dollr/client'];

/**
 * A binary from node_modules/.bin: the release tools' own, or the repository root's.
 * @param {string} name
 * @param {'tools' | 'root'} [from]
 */
export function bin(name, from = 'tools') {
  return join(from === 'tools' ? TOOL_DIR : REPO_ROOT, 'node_modules', '.bin', name);
}

/**
 * How to run pnpm: the pnpm that runs this script (`pnpm run` sets npm_execpath to its own entry,
 * also when it came from `npx pnpm@…`), else the one on PATH, else the version of the root's
 * `packageManager` through npx (`node tools/release/src/….mjs` without pnpm on PATH).
 * @returns {{ file: string, args: string[] }}
 */
export function pnpmCommand() {
  const execpath = process.env.npm_execpath;
  if (execpath && basename(execpath).startsWith('pnpm')) {
    return { file: process.execPath, args: [execpath] };
  }
  return { file: pnpmBinary(), args: [] };
}

/**
 * The environment with a `pnpm` on PATH, for tools that look for it there (turbo runs each task
 * with the package manager it finds on PATH).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function envWithPnpm(env = process.env) {
  const file = pnpmBinary(env);
  if (file === 'pnpm') return env;
  return { ...env, PATH: `${dirname(file)}${delimiter}${env.PATH ?? ''}` };
}

/** @type {string | undefined} */
let locatedPnpm;

/**
 * `pnpm` when it is on PATH, else the path of the one npx keeps for the root's `packageManager`
 * version (fetched on first use).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function pnpmBinary(env = process.env) {
  if (isOnPath('pnpm', env.PATH)) return 'pnpm';
  if (locatedPnpm) return locatedPnpm;
  const { packageManager } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const spec = String(packageManager).split('+')[0] ?? 'pnpm'; // pnpm@10.34.8
  locatedPnpm = execFileSync('npx', ['-y', '-p', spec, '-c', 'command -v pnpm'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: withoutPackageManagerConfig(env),
  }).trim();
  return locatedPnpm;
}

/**
 * The environment without the `npm_config_*` variables a package manager passes to its scripts:
 * npm warns about each one it does not know ("Unknown env config") when a script runs npx.
 * @param {NodeJS.ProcessEnv} env
 */
export function withoutPackageManagerConfig(env) {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')),
  );
}

/** @param {string} name @param {string | undefined} path */
function isOnPath(name, path) {
  return (path ?? '').split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
