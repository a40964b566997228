// The workspace's packages, from pnpm-workspace.yaml.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './paths.mjs';

/**
 * Every workspace package (directories matched by the `packages` globs: `dir` or `dir/*`).
 * @param {string} [root]
 * @returns {Array<{ name: string, version: string, private: boolean, dir: string, manifest: any }>}
 */
export function listWorkspacePackages(root = REPO_ROOT) {
  const config = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  /** @type {string[]} */
  const dirs = [];
  for (const pattern of config.packages ?? []) {
    if (pattern.endsWith('/*')) {
      const parent = join(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent, { withFileTypes: true }).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        if (entry.isDirectory()) dirs.push(join(parent, entry.name));
      }
    } else if (!pattern.includes('*')) {
      dirs.push(join(root, pattern));
    } else {
      throw new Error(`unsupported workspace pattern "${pattern}" (only "dir" and "dir/*")`);
    }
  }
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return {
        name: manifest.name,
        version: manifest.version,
        private: manifest.private === true,
        dir,
        manifest,
      };
    });
}

/** The packages that get published: every workspace package that is not private. */
export function listPublishablePackages(root = REPO_ROOT) {
  return listWorkspacePackages(root).filter((pkg) => !pkg.private);
}
