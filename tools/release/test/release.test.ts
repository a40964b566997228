// `pnpm release`: the order of the steps, the refusals, and the dry run.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVersionSync, isCI, release } from '../src/release.mjs';
import { REPO_ROOT } from './helpers.js';

const RELEASE = join(REPO_ROOT, 'tools', 'release', 'src', 'release.mjs');

/** Fake steps that record the order they ran in. */
function recordingSteps(overrides: Record<string, unknown> = {}) {
  const calls: string[] = [];
  const steps = {
    pendingChangesets: () => [],
    versionSync: () => [],
    uncommittedChanges: () => [],
    build: async () => void calls.push('build'),
    gate: async () => {
      calls.push('gate');
      return { ok: true, report: 'gate: pass' };
    },
    checkPackages: async () => {
      calls.push('checkPackages');
      return {
        ok: true,
        packages: [{ name: '@dollr/spec', version: '1.2.0', files: 5, size: 2048 }],
      };
    },
    publish: async () => void calls.push('publish'),
    ...overrides,
  };
  return { calls, steps };
}

describe('release()', () => {
  it('builds, gates, checks and then publishes', async () => {
    const { calls, steps } = recordingSteps();
    const result = await release({ dryRun: false, env: {}, steps, log: () => {} });
    expect(calls).toEqual(['build', 'gate', 'checkPackages', 'publish']);
    expect(result).toEqual({
      published: true,
      wouldPublish: [{ name: '@dollr/spec', version: '1.2.0' }],
    });
  });

  it('--dry-run does everything but publish, and prints what would be published', async () => {
    const { calls, steps } = recordingSteps();
    const lines: string[] = [];
    const result = await release({ dryRun: true, env: {}, steps, log: (l) => lines.push(l) });
    expect(calls).toEqual(['build', 'gate', 'checkPackages']);
    expect(result.published).toBe(false);
    expect(lines.join('\n')).toMatch(/@dollr\/spec@1\.2\.0 {2}\(5 files, 2\.0 kB\)/);
    expect(lines.at(-1)).toBe('Dry run: nothing was published.');
  });

  it('refuses to publish when CI is set, before doing anything', async () => {
    for (const CI of ['true', '1', 'TRUE']) {
      const { calls, steps } = recordingSteps();
      await expect(release({ dryRun: false, env: { CI }, steps, log: () => {} })).rejects.toThrow(
        /Refusing to publish: CI is set/,
      );
      expect(calls).toEqual([]);
    }
  });

  it('allows a dry run in CI', async () => {
    const { calls, steps } = recordingSteps();
    await release({ dryRun: true, env: { CI: 'true' }, steps, log: () => {} });
    expect(calls).toEqual(['build', 'gate', 'checkPackages']);
  });

  it('refuses to publish with pending changesets (the version step has not run)', async () => {
    const { calls, steps } = recordingSteps({ pendingChangesets: () => ['brave-cats.md'] });
    await expect(release({ dryRun: false, env: {}, steps, log: () => {} })).rejects.toThrow(
      /pending changesets \(brave-cats\.md\)/,
    );
    expect(calls).toEqual([]);
  });

  it('refuses to publish from a work tree with uncommitted changes; a dry run only notes them', async () => {
    const dirty = recordingSteps({ uncommittedChanges: () => [' M spec/openapi.yaml'] });
    await expect(
      release({ dryRun: false, env: {}, steps: dirty.steps, log: () => {} }),
    ).rejects.toThrow(
      /Refusing to publish: 1 uncommitted change\(s\) in the work tree \( M spec\/openapi\.yaml\)/,
    );
    expect(dirty.calls).toEqual([]);
    const lines: string[] = [];
    await release({ dryRun: true, env: {}, steps: dirty.steps, log: (l) => lines.push(l) });
    expect(lines[0]).toMatch(/^note: 1 uncommitted change/);
    expect(dirty.calls).toEqual(['build', 'gate', 'checkPackages']);
  });

  it('refuses when the spec version is not synced', async () => {
    const { calls, steps } = recordingSteps({
      versionSync: () => ['spec/openapi.yaml info.version is 1.0.0, @dollr/spec is 2.0.0'],
    });
    await expect(release({ dryRun: true, env: {}, steps, log: () => {} })).rejects.toThrow(
      /out of sync/,
    );
    expect(calls).toEqual([]);
  });

  it('stops before publishing when the gate or the package checks fail', async () => {
    const gate = recordingSteps({ gate: async () => ({ ok: false, report: 'gate: FAIL' }) });
    await expect(
      release({ dryRun: false, env: {}, steps: gate.steps, log: () => {} }),
    ).rejects.toThrow(/gate failed/);
    expect(gate.calls).toEqual(['build']);
    const checks = recordingSteps({ checkPackages: async () => ({ ok: false, packages: [] }) });
    await expect(
      release({ dryRun: false, env: {}, steps: checks.steps, log: () => {} }),
    ).rejects.toThrow(/package checks failed/);
    expect(checks.calls).toEqual(['build', 'gate']);
  });

  it('reads CI the way CI systems set it', () => {
    expect(isCI({ CI: 'true' })).toBe(true);
    expect(isCI({ CI: '1' })).toBe(true);
    expect(isCI({ CI: 'false' })).toBe(false);
    expect(isCI({})).toBe(false);
  });
});

describe('the repository', () => {
  it('has the spec version synced: openapi.yaml, the baseline and @dollr/spec agree', () => {
    expect(checkVersionSync()).toEqual([]);
  });
});

describe('node tools/release/src/release.mjs', () => {
  it('exits 1 with CI=true and no --dry-run, having built or published nothing', async () => {
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      execFile(
        process.execPath,
        [RELEASE],
        { env: { ...process.env, CI: 'true' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Refusing to publish: CI is set/);
    expect(stdout).not.toMatch(/build/);
  });
});

describe('release({ build: false })', () => {
  it('skips only the build', async () => {
    const { calls, steps } = recordingSteps();
    await release({ dryRun: true, build: false, env: {}, steps, log: () => {} });
    expect(calls).toEqual(['gate', 'checkPackages']);
  });
});
