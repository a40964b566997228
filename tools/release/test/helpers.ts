import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const SPEC_BUNDLE = join(REPO_ROOT, 'spec', 'dist', 'openapi.json');

/** A fresh copy of the real bundled spec. */
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document edited freely by the fixtures
export function realSpec(): any {
  return JSON.parse(readFileSync(SPEC_BUNDLE, 'utf8'));
}

/**
 * A temporary directory, made on first use (so a suite skipped by a filter leaves nothing behind)
 * and removed by cleanup().
 */
export function tempDir(prefix: string): { readonly dir: string; cleanup: () => void } {
  let dir: string | undefined;
  return {
    get dir() {
      dir ??= mkdtempSync(join(tmpdir(), prefix));
      return dir;
    },
    cleanup: () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}

/** Writes a .changeset directory with one file per entry of `changesets` (front matter → summary). */
export function writeChangesets(dir: string, changesets: Record<string, string>[]): string {
  const changesetDir = join(dir, '.changeset');
  mkdirSync(changesetDir, { recursive: true });
  writeFileSync(join(changesetDir, 'README.md'), '# Changesets\n');
  changesets.forEach((releases, i) => {
    const front = Object.entries(releases)
      .map(([name, bump]) => `"${name}": ${bump}`)
      .join('\n');
    writeFileSync(join(changesetDir, `change-${i}.md`), `---\n${front}\n---\n\nA change.\n`);
  });
  return changesetDir;
}
