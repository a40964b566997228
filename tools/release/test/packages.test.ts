// The package checks on the real publishable packages, on the tarballs `pnpm publish` would upload.
// Needs the packages built: this workspace devDepends on them, so `turbo run test` builds them first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackage, SMOKE_EXPECTATIONS } from '../src/check-packages.mjs';
import { installTarballs, SMOKE_CHECKS } from '../src/smoke.mjs';
import { listPublishablePackages } from '../src/workspace.mjs';

const PUBLISHABLE = ['@dollr/spec', '@dollr/client', '@dollr/mock', '@dollr/cli'];
/** Packages with importable JavaScript (and so types for arethetypeswrong to check). */
const TYPED = ['@dollr/client', '@dollr/mock'];

const destination = mkdtempSync(join(tmpdir(), 'dollr-packs-test-'));
const packages = listPublishablePackages();
const checked = new Map<string, Awaited<ReturnType<typeof checkPackage>>>();
const packed = (name: string) => {
  const found = checked.get(name);
  if (!found) throw new Error(`${name} was not packed`);
  return found;
};

beforeAll(async () => {
  for (const pkg of packages) checked.set(pkg.name, await checkPackage(pkg, destination));
});
afterAll(() => rmSync(destination, { recursive: true, force: true }));

it('publishes exactly the four public packages (demo server and tools stay private)', () => {
  expect(packages.map((p) => p.name).sort()).toEqual([...PUBLISHABLE].sort());
});

describe.each(PUBLISHABLE)('%s', (name) => {
  const result = () => packed(name);

  it('packs only what consumers need: no tests, no sources, entry points and types present', () => {
    expect(result().contents.problems).toEqual([]);
    expect(result().pack.files.has('package.json')).toBe(true);
  });

  it('passes publint', () => {
    expect(result().publint.problems).toEqual([]);
  });

  it(
    TYPED.includes(name)
      ? 'passes arethetypeswrong (esm-only)'
      : 'has no JavaScript entry point for arethetypeswrong',
    () => {
      const { attw } = result();
      if (TYPED.includes(name)) {
        expect(attw).toEqual({ ok: true, problems: [] });
      } else {
        expect(attw).toMatchObject({ ok: true, skipped: expect.any(String) });
      }
    },
  );
});

describe('installed from the tarballs into a project outside the workspace (npm)', () => {
  let project: Awaited<ReturnType<typeof installTarballs>> | undefined;

  beforeAll(async () => {
    project = await installTarballs(PUBLISHABLE.map((name) => packed(name).pack));
  });
  afterAll(() => project?.cleanup());

  it.each(PUBLISHABLE)('%s runs as installed', async (name) => {
    const expectation = SMOKE_EXPECTATIONS[name as keyof typeof SMOKE_EXPECTATIONS];
    const { version } = packed(name).pack;
    const out = await SMOKE_CHECKS[expectation.check as keyof typeof SMOKE_CHECKS](
      project?.dir ?? '',
    );
    expect(expectation.verify(out, version), JSON.stringify(out)).toBe(true);
  });
});
