// Where things live in the monorepo, resolved from this file so scripts work from any cwd.
import { basename, dirname, join, resolve } from 'node:path';
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
 * also when it came from `npx pnpm@…`), else the one on PATH.
 * @returns {{ file: string, args: string[] }}
 */
export function pnpmCommand() {
  const execpath = process.env.npm_execpath;
  if (execpath && basename(execpath).startsWith('pnpm')) {
    return { file: process.execPath, args: [execpath] };
  }
  return { file: 'pnpm', args: [] };
}
