// The real `pnpm release:check` (release.mjs --dry-run) end to end: gate, package checks, install
// smoke test, and the list of what would be published — and nothing published. Under CI=true, as in
// CI. The build step is skipped: turbo built the packages before this suite (and a nested
// `turbo run build` would rewrite dist/ under the other workspaces' running tests).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listPublishablePackages } from '../src/workspace.mjs';
import { REPO_ROOT } from './helpers.js';

it('release.mjs --dry-run checks everything and lists what would be published', async () => {
  const { code, stdout, stderr } = await new Promise<{
    code: number;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'tools', 'release', 'src', 'release.mjs'), '--dry-run', '--no-build'],
      { env: { ...process.env, CI: 'true' }, maxBuffer: 32 * 1024 * 1024, timeout: 900_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
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
}, 900_000);
