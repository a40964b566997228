// Runs the real `pnpm release:check` (release.mjs --dry-run) once for the files of the `release`
// project: the gate, every package packed, linted, installed with npm into a fresh project outside
// the workspace, and run. Under CI=true, as in CI. The build step is skipped: turbo built the
// packages before this suite (and a nested `turbo run build` would rewrite dist/ under the other
// workspaces' running tests). The files read its output and its `--report`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from './helpers.js';

export interface ReleaseDryRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** The `--report` JSON (see release.mjs), or null when the script wrote none. */
  // biome-ignore lint/suspicious/noExplicitAny: JSON read back from the script
  report: any;
}

declare module 'vitest' {
  export interface ProvidedContext {
    releaseDryRun: ReleaseDryRun;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'dollr-release-check-'));
  const reportFile = join(dir, 'report.json');
  const started = Date.now();
  const run = await new Promise<Omit<ReleaseDryRun, 'report' | 'ms'>>((resolve) => {
    execFile(
      process.execPath,
      [
        join(REPO_ROOT, 'tools', 'release', 'src', 'release.mjs'),
        '--dry-run',
        '--no-build',
        '--report',
        reportFile,
      ],
      { env: { ...process.env, CI: 'true' }, maxBuffer: 32 * 1024 * 1024, timeout: 900_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
  const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : null;
  rmSync(dir, { recursive: true, force: true });
  project.provide('releaseDryRun', { ...run, ms: Date.now() - started, report });
}
