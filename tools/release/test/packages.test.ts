// The package checks on the real publishable packages, on the tarballs `pnpm publish` would upload,
// as the real `release.mjs --dry-run` (release-dry-run.setup.ts, once per run) found them: packed,
// linted, installed with npm into a project outside the workspace, and run.
// Needs the packages built: this workspace devDepends on them, so `turbo run test` builds them first.
import { describe, expect, inject, it } from 'vitest';
import { SMOKE_EXPECTATIONS } from '../src/check-packages.mjs';
import { listPublishablePackages } from '../src/workspace.mjs';

const PUBLISHABLE = ['@dollr/spec', '@dollr/client', '@dollr/mock', '@dollr/cli'];
/** Packages with importable JavaScript (and so types for arethetypeswrong to check). */
const TYPED = ['@dollr/spec', '@dollr/client', '@dollr/mock'];

const { report, stdout, stderr } = inject('releaseDryRun');
type Checked = {
  name: string;
  version: string;
  files: string[];
  contents: { problems: string[] };
  publint: { problems: string[] };
  attw: { ok: boolean; problems: string[]; skipped?: string };
};
const packed = (name: string): Checked => {
  const found = report?.checks?.packages?.find((p: Checked) => p.name === name);
  if (!found) throw new Error(`release.mjs --dry-run did not check ${name}:\n${stdout}\n${stderr}`);
  return found;
};

it('publishes exactly the four public packages (demo server and tools stay private)', () => {
  expect(
    listPublishablePackages()
      .map((p) => p.name)
      .sort(),
  ).toEqual([...PUBLISHABLE].sort());
  expect(report?.checks?.packages?.map((p: Checked) => p.name).sort()).toEqual(
    [...PUBLISHABLE].sort(),
  );
});

describe.each(PUBLISHABLE)('%s', (name) => {
  it('packs only what consumers need: no tests, no sources, entry points and types present', () => {
    expect(packed(name).contents.problems).toEqual([]);
    expect(packed(name).files).toContain('package.json');
  });

  it('passes publint', () => {
    expect(packed(name).publint.problems).toEqual([]);
  });

  it(
    TYPED.includes(name)
      ? 'passes arethetypeswrong (esm-only)'
      : 'has no JavaScript entry point for arethetypeswrong',
    () => {
      const { attw } = packed(name);
      if (TYPED.includes(name)) {
        expect(attw).toEqual({ ok: true, problems: [] });
      } else {
        expect(attw).toMatchObject({ ok: true, skipped: expect.any(String) });
      }
    },
  );
});

describe('installed from the tarballs into a project outside the workspace (npm)', () => {
  it.each(PUBLISHABLE)('%s runs as installed', (name) => {
    const result = report?.checks?.smoke?.results?.find((r: { name: string }) => r.name === name);
    expect(result, `${stdout}\n${stderr}`).toBeDefined();
    expect(result.ok, result.detail).toBe(true);
    const expectation = SMOKE_EXPECTATIONS[name as keyof typeof SMOKE_EXPECTATIONS];
    const out = JSON.parse(result.detail);
    expect(expectation.verify(out, packed(name).version), result.detail).toBe(true);
  });
});
