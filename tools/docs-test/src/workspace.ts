/** The repository as the harness sees it: where it is, its workspaces, its documentation files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

export interface Workspace {
  name: string;
  dir: string;
  scripts: Record<string, string>;
  bins: string[];
}

function readManifest(dir: string): Workspace {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const bins = existsSync(join(dir, 'node_modules', '.bin'))
    ? readdirSync(join(dir, 'node_modules', '.bin'))
    : [];
  return { name: manifest.name, dir, scripts: manifest.scripts ?? {}, bins };
}

const GROUPS = ['packages', 'apps', 'tools'];

/** The root and every workspace (spec, packages/*, apps/*, tools/*), root first. */
export function workspaces(root = REPO_ROOT): Workspace[] {
  const dirs = [
    root,
    join(root, 'spec'),
    ...GROUPS.flatMap((group) =>
      readdirSync(join(root, group))
        .map((name) => join(root, group, name))
        .filter((dir) => existsSync(join(dir, 'package.json'))),
    ),
  ];
  return dirs.map(readManifest);
}

/**
 * The documentation files, in the order a newcomer reads them: the root's README and
 * CONTRIBUTING first (they set up pnpm), then each workspace's README.
 */
export function docFiles(root = REPO_ROOT): string[] {
  const candidates = [
    'README.md',
    'CONTRIBUTING.md',
    '.changeset/README.md',
    ...workspaces(root)
      .slice(1)
      .flatMap((ws) => [join(ws.dir, 'README.md'), join(ws.dir, 'CONTRIBUTING.md')]),
  ];
  return candidates.map((file) => resolve(root, file)).filter((file) => existsSync(file));
}

/** The version of pnpm the root pins (`packageManager`). */
export function pinnedPnpm(root = REPO_ROOT): string {
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return (
    String(packageManager)
      .replace(/^pnpm@/, '')
      .split('+')[0] ?? ''
  );
}
