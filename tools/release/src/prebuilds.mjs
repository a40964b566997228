// Native addons the workspace has already compiled, offered to the smoke install as local
// prebuilds. better-sqlite3 installs with `prebuild-install || node-gyp rebuild`: a consumer on a
// supported platform gets a prebuilt binary downloaded from GitHub; here (registry-only network)
// the download fails and npm compiles SQLite from source, about a minute on two cores, on every
// install. `pnpm install` has compiled it once already for this very Node ABI: packed the way
// prebuild-install expects and pointed to with `npm_config_<package>_local_prebuilds`, that binary
// is unpacked and `require()`d by prebuild-install itself — the consumer's path, minus the download.
// A binary that does not match (another version, ABI, platform) is simply not found, and npm falls
// back to the compiler.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';

/** Addons installed through prebuild-install, and the workspace package that depends on each. */
export const NATIVE_ADDONS = [
  { name: 'better-sqlite3', binary: 'build/Release/better_sqlite3.node', from: 'packages/mock' },
];

/** prebuild-install's asset name: `{name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz`. */
export function prebuildName(/** @type {string} */ name, /** @type {string} */ version) {
  return `${name}-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
}

/** prebuild-install's per-package setting, as an environment variable. */
export function localPrebuildsVariable(/** @type {string} */ name) {
  return `npm_config_${name.replace(/[^a-zA-Z0-9]/g, '_')}_local_prebuilds`;
}

/**
 * Packs each addon the workspace has built into `dir` and returns the environment that points
 * prebuild-install at them. Addons that were not built here are left to npm.
 * @param {string} dir
 * @returns {{ env: Record<string, string>, packed: string[] }}
 */
export function packLocalPrebuilds(dir, root = REPO_ROOT) {
  /** @type {Record<string, string>} */
  const env = {};
  const packed = [];
  for (const addon of NATIVE_ADDONS) {
    const pkgDir = addonDir(addon.name, join(root, addon.from));
    if (!pkgDir || !existsSync(join(pkgDir, addon.binary))) continue;
    const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const file = prebuildName(addon.name, version);
    execFileSync('tar', ['-czf', join(dir, file), '-C', pkgDir, addon.binary]);
    env[localPrebuildsVariable(addon.name)] = dir;
    packed.push(file);
  }
  return { env, packed };
}

/** The addon's directory as the workspace package resolves it, or undefined. */
function addonDir(/** @type {string} */ name, /** @type {string} */ fromDir) {
  try {
    return dirname(createRequire(join(fromDir, 'package.json')).resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}
