// The version step: `changeset version` with this repository's .changeset/config.json, then
// sync-spec-version.mjs, in a copy of the workspace (package manifests and the real spec).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { setInfoVersion, syncSpecVersion } from '../src/sync-spec-version.mjs';
import { listWorkspacePackages } from '../src/workspace.mjs';
import { REPO_ROOT, tempDir } from './helpers.js';

const CHANGESET = join(REPO_ROOT, 'node_modules', '.bin', 'changeset');
const read = (path: string) => readFileSync(path, 'utf8');
const versionOf = (root: string, dir: string) =>
  JSON.parse(read(join(root, dir, 'package.json'))).version as string;
const nextMajor = (v: string) => `${Number(v.split('.')[0]) + 1}.0.0`;
const nextPatch = (v: string) => {
  const [major, minor, patch] = v.split('.').map(Number);
  return `${major}.${minor}.${(patch ?? 0) + 1}`;
};
const gtVersion = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++)
    if ((x?.[i] ?? 0) !== (y?.[i] ?? 0)) return (x?.[i] ?? 0) > (y?.[i] ?? 0);
  return false;
};

/** A copy of the workspace: every manifest, the changesets config, and the whole spec. */
function copyWorkspace(root: string) {
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(root, file));
  }
  for (const pkg of listWorkspacePackages()) {
    const rel = pkg.dir.slice(REPO_ROOT.length + 1);
    mkdirSync(join(root, rel), { recursive: true });
    cpSync(join(pkg.dir, 'package.json'), join(root, rel, 'package.json'));
  }
  const spec = join(REPO_ROOT, 'spec');
  cpSync(spec, join(root, 'spec'), {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|\.turbo)$/.test(src),
  });
  symlinkSync(join(spec, 'node_modules'), join(root, 'spec', 'node_modules'), 'dir');
  cpSync(
    join(REPO_ROOT, 'tools', 'release', 'baseline'),
    join(root, 'tools', 'release', 'baseline'),
    { recursive: true },
  );
}

describe('setInfoVersion', () => {
  const yaml =
    'openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\n  summary: s # kept\npaths: {}\n';

  it('changes info.version and nothing else', () => {
    expect(setInfoVersion(yaml, '2.0.0')).toBe(yaml.replace('version: 1.0.0', 'version: 2.0.0'));
  });

  it('keeps quotes and fails without info.version', () => {
    expect(setInfoVersion("info:\n  version: '1.0.0'\n", '1.1.0')).toBe(
      "info:\n  version: '1.1.0'\n",
    );
    expect(() => setInfoVersion('info:\n  title: T\n', '1.0.0')).toThrow(/no info.version/);
  });
});

describe('pnpm version-packages in a copy of the workspace', () => {
  const tmp = tempDir('dollr-version-');
  let root = '';
  const before: Record<string, string> = {};
  const was = (dir: string) => {
    const version = before[dir];
    if (!version) throw new Error(`no version recorded for ${dir}`);
    return version;
  };
  const originalYaml = read(join(REPO_ROOT, 'spec', 'openapi.yaml'));

  beforeAll(() => {
    root = tmp.dir;
    copyWorkspace(root);
    for (const dir of [
      'spec',
      'packages/client',
      'packages/mock',
      'apps/cli',
      'apps/demo-server',
      'tools/release',
    ]) {
      before[dir] = versionOf(root, dir);
    }
    mkdirSync(join(root, '.changeset'), { recursive: true });
    writeFileSync(
      join(root, '.changeset', 'remove-field.md'),
      '---\n"@dollr/spec": major\n"@dollr/client": major\n---\n\nRemove `gateway_message` from executions.\n',
    );
    execFileSync(CHANGESET, ['version'], { cwd: root, stdio: 'pipe' });
    syncSpecVersion({ root, log: () => {} });
  });
  afterAll(() => tmp.cleanup());

  it('gives spec and client (linked) the same new major version', () => {
    const highest = gtVersion(was('spec'), was('packages/client'))
      ? was('spec')
      : was('packages/client');
    expect(versionOf(root, 'spec')).toBe(nextMajor(highest));
    expect(versionOf(root, 'packages/client')).toBe(nextMajor(highest));
  });

  it('patches the packages that depend on them, not more', () => {
    expect(versionOf(root, 'packages/mock')).toBe(nextPatch(was('packages/mock')));
    expect(versionOf(root, 'apps/cli')).toBe(nextPatch(was('apps/cli')));
  });

  it('never versions the private demo server and release tools', () => {
    expect(versionOf(root, 'apps/demo-server')).toBe(before['apps/demo-server']);
    expect(versionOf(root, 'tools/release')).toBe(before['tools/release']);
  });

  it('writes the changelogs', () => {
    for (const dir of ['spec', 'packages/client']) {
      const changelog = read(join(root, dir, 'CHANGELOG.md'));
      expect(changelog).toContain(`## ${versionOf(root, dir)}`);
      expect(changelog).toContain('### Major Changes');
      expect(changelog).toContain('Remove `gateway_message` from executions.');
    }
    expect(read(join(root, 'packages/mock/CHANGELOG.md'))).toContain(
      `@dollr/spec@${versionOf(root, 'spec')}`,
    );
    expect(existsSync(join(root, '.changeset', 'remove-field.md'))).toBe(false);
  });

  it('sets info.version in spec/openapi.yaml to the spec version, changing nothing else', () => {
    const version = versionOf(root, 'spec');
    const yaml = read(join(root, 'spec', 'openapi.yaml'));
    expect(parse(yaml).info.version).toBe(version);
    const changed = yaml.split('\n').filter((line, i) => line !== originalYaml.split('\n')[i]);
    expect(changed).toEqual([`  version: ${version}`]);
  });

  it('re-bundles the spec and makes the bundle the new baseline of the gate', () => {
    const version = versionOf(root, 'spec');
    const bundle = read(join(root, 'spec', 'dist', 'openapi.json'));
    expect(JSON.parse(bundle).info.version).toBe(version);
    expect(read(join(root, 'tools', 'release', 'baseline', 'openapi.json'))).toBe(bundle);
  });

  it('is idempotent', () => {
    const yaml = read(join(root, 'spec', 'openapi.yaml'));
    expect(syncSpecVersion({ root, log: () => {} }).changed).toBe(false);
    expect(read(join(root, 'spec', 'openapi.yaml'))).toBe(yaml);
  });
});

describe('an optional peer (the CLI on @dollr/mock)', () => {
  const tmp = tempDir('dollr-version-peer-');
  afterAll(() => tmp.cleanup());

  it('a minor of @dollr/mock leaves a CLI whose peer range still matches without a major', () => {
    const root = tmp.dir;
    copyWorkspace(root);
    const cliManifest = join(root, 'apps', 'cli', 'package.json');
    const cli = JSON.parse(read(cliManifest));
    const mockVersion = versionOf(root, 'packages/mock');
    // The range the CLI should declare (see the README): any mock from the current one on.
    cli.peerDependencies['@dollr/mock'] = `workspace:>=${mockVersion}`;
    writeFileSync(cliManifest, JSON.stringify(cli, null, 2));
    const cliBefore = versionOf(root, 'apps/cli');
    writeFileSync(
      join(root, '.changeset', 'mock-minor.md'),
      '---\n"@dollr/mock": minor\n"@dollr/cli": minor\n---\n\nNew sandbox option.\n',
    );
    execFileSync(CHANGESET, ['version'], { cwd: root, stdio: 'pipe' });
    const [major, minor] = cliBefore.split('.').map(Number);
    // Without onlyUpdatePeerDependentsWhenOutOfRange, changesets makes every dependent of a peer major.
    expect(versionOf(root, 'apps/cli')).toBe(`${major}.${(minor ?? 0) + 1}.0`);
  });
});
