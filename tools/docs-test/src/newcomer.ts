/**
 * The environment a newcomer's terminal has: their PATH without anything this test run added
 * (no pnpm, no node_modules/.bin), a home of their own (the CLI's profiles and journal, shell
 * completions), and global npm installs into a prefix that is thrown away afterwards. The pnpm
 * store, the npm cache and the npm user config stay the machine's, as they would for a person.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { REPO_ROOT } from './workspace.js';

export interface Newcomer {
  env: NodeJS.ProcessEnv;
  dir: string;
  remove(): void;
}

/** Variables the package manager, turbo and vitest set for the test itself. */
const RUNNER_VARIABLE =
  /^(npm_|pnpm_|PNPM_|TURBO_|VITEST|INIT_CWD$|TEST$|NODE_ENV$|NODE_OPTIONS$)/i;

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** PATH without the repository's bins and without any pnpm. */
export function newcomerPath(path: string, root = REPO_ROOT): string[] {
  return path
    .split(delimiter)
    .filter((dir) => dir && !resolve(dir).startsWith(resolve(root)))
    .filter((dir) => !dir.includes('_npx') && !isExecutable(join(dir, 'pnpm')));
}

export function createNewcomer(base: NodeJS.ProcessEnv = process.env): Newcomer {
  const dir = mkdtempSync(join(tmpdir(), 'dollr-docs-test-'));
  const home = join(dir, 'home');
  const prefix = join(dir, 'npm-global');
  mkdirSync(home, { recursive: true });
  mkdirSync(join(prefix, 'bin'), { recursive: true });
  const realHome = base.HOME ?? homedir();
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(base).filter(([key]) => !RUNNER_VARIABLE.test(key)),
  );
  Object.assign(env, {
    PATH: [join(prefix, 'bin'), ...newcomerPath(base.PATH ?? '')].join(delimiter),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    // The machine's pnpm store and caches: a person's install reuses them too.
    XDG_DATA_HOME: base.XDG_DATA_HOME ?? join(realHome, '.local', 'share'),
    XDG_CACHE_HOME: base.XDG_CACHE_HOME ?? join(realHome, '.cache'),
    NPM_CONFIG_CACHE: base.npm_config_cache ?? join(realHome, '.npm'),
    NPM_CONFIG_USERCONFIG: base.npm_config_userconfig ?? join(realHome, '.npmrc'),
    NPM_CONFIG_PREFIX: prefix,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  });
  return { env, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
