// The real `pnpm release:check` (release.mjs --dry-run), run once by release-dry-run.setup.ts: gate,
// package checks, install smoke test, the list of what would be published — and nothing published.
import { expect, inject, it } from 'vitest';
import { listPublishablePackages } from '../src/workspace.mjs';

const { code, stdout, stderr } = inject('releaseDryRun');

it('release.mjs --dry-run checks everything and lists what would be published', () => {
  expect(code, `${stdout}\n${stderr}`).toBe(0);
  expect(stdout).toContain('gate: pass');
  for (const { name, version } of listPublishablePackages()) {
    expect(stdout).toMatch(
      new RegExp(
        `^ {2}${name}@${version.replaceAll('.', '\\.')} {2}\\(\\d+ files, [\\d.]+ kB\\)$`,
        'm',
      ),
    );
    expect(stdout).toMatch(new RegExp(`✓ ${name}: `));
  }
  expect(stdout).not.toContain('✗');
  expect(stdout.trim().split('\n').at(-1)).toBe('Dry run: nothing was published.');
});

it('--report writes what the gate and the package checks found', () => {
  const { report } = inject('releaseDryRun');
  expect(report, `${stdout}\n${stderr}`).toMatchObject({
    published: false,
    gate: { ok: true, problems: [], breaking: [] },
    checks: { smoke: { installMs: expect.any(Number) } },
  });
  expect(report.wouldPublish).toEqual(
    listPublishablePackages().map(({ name, version }) => ({ name, version })),
  );
});
