// The checks themselves, on deliberately broken packages: each must catch what it is for.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPackContents } from '../src/contents.mjs';
import { attwApplies, runAttw, runPublint } from '../src/lint.mjs';
import { packPackage } from '../src/pack.mjs';
import { assertLocalResolution } from '../src/smoke.mjs';
import { readTarball } from '../src/tarball.mjs';
import { tempDir } from './helpers.js';

type Files = Map<string, { mode: number; data: Buffer }>;
const file = (text: string, mode = 0o644) => ({ mode, data: Buffer.from(text) });

const goodManifest = {
  name: '@dollr/example',
  version: '1.0.0',
  type: 'module',
  license: 'MIT',
  bin: { example: './dist/cli.js' },
  exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
  dependencies: { '@dollr/spec': '1.0.0' },
};
const goodFiles = (): Files =>
  new Map([
    ['package.json', file('{}')],
    ['README.md', file('# example')],
    ['LICENSE', file('MIT')],
    ['dist/index.js', file('export const x = 1;')],
    ['dist/index.d.ts', file('export declare const x: number;')],
    ['dist/cli.js', file('#!/usr/bin/env node\nconsole.log(1);', 0o755)],
  ]);

describe('checkPackContents', () => {
  it('passes a clean package', () => {
    expect(checkPackContents({ manifest: goodManifest, files: goodFiles() })).toEqual({
      problems: [],
      warnings: [],
    });
  });

  it('flags tests, sources, build configuration and stray files', () => {
    const stray = [
      'test/client.test.ts',
      'dist/index.test.js',
      'src/index.ts',
      'tsconfig.json',
      'vitest.config.ts',
      'bench/run.mjs',
      'tsconfig.tsbuildinfo',
    ];
    const files = goodFiles();
    for (const path of stray) {
      files.set(path, file(''));
    }
    const { problems } = checkPackContents({ manifest: goodManifest, files });
    for (const path of stray) {
      expect(
        problems.some((p) => p.startsWith(`${path} is packed`)),
        path,
      ).toBe(true);
    }
  });

  it('flags missing types, missing entry points and unreplaced workspace ranges', () => {
    const files = goodFiles();
    files.delete('dist/index.d.ts');
    const manifest = {
      ...goodManifest,
      exports: { '.': { default: './dist/index.js' }, './extra': './dist/extra.js' },
      dependencies: { '@dollr/spec': 'workspace:*', yaml: 'catalog:' },
    };
    const { problems } = checkPackContents({ manifest, files });
    expect(problems).toEqual(
      expect.arrayContaining([
        'exports["."] has JavaScript but no types',
        'exports["./extra"] → ./dist/extra.js is not packed',
        'exports["./extra"] has JavaScript but no types',
        'dependencies.@dollr/spec is "workspace:*" in the packed package.json',
        'dependencies.yaml is "catalog:" in the packed package.json',
      ]),
    );
  });

  it('flags a bin that is missing, not executable or without a node shebang', () => {
    const files = goodFiles();
    files.set('dist/cli.js', file('console.log(1);', 0o644));
    const manifest = {
      ...goodManifest,
      bin: { example: './dist/cli.js', other: './dist/other.js' },
    };
    const { problems } = checkPackContents({ manifest, files });
    expect(problems).toEqual(
      expect.arrayContaining([
        'bin "example" → ./dist/cli.js does not start with "#!/usr/bin/env node"',
        'bin "example" → ./dist/cli.js is not executable in the tarball',
        'bin "other" → ./dist/other.js is not packed',
      ]),
    );
  });

  it('warns about source maps without their sources and a license without a LICENSE file', () => {
    const files = goodFiles();
    files.delete('LICENSE');
    files.set(
      'dist/index.js.map',
      file(JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' })),
    );
    const { problems, warnings } = checkPackContents({ manifest: goodManifest, files });
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      'license is "MIT" but no LICENSE file is packed',
      'dist/index.js.map refers to sources that are not in the package',
    ]);
  });
});

describe('publint and arethetypeswrong on real tarballs', () => {
  const tmp = tempDir('dollr-lint-fixture-');
  afterAll(() => tmp.cleanup());

  /** A tiny ESM package, packed with pnpm outside the workspace. */
  function packFixture(name: string, exportsField: unknown, files: Record<string, string>) {
    const dir = join(tmp.dir, name);
    mkdirSync(join(dir, 'dist'), { recursive: true });
    const manifest = {
      name,
      version: '1.0.0',
      type: 'module',
      license: 'MIT',
      files: ['dist'],
      exports: exportsField,
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    return packPackage(dir, tmp.dir);
  }

  const js = 'export const x = 1;\n';
  const dts = 'export declare const x: number;\n';

  it('both pass a correct ESM package', async () => {
    const pack = packFixture(
      'good-esm',
      { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      {
        'dist/index.js': js,
        'dist/index.d.ts': dts,
      },
    );
    expect(await runPublint(pack.tarball)).toMatchObject({ problems: [] });
    expect(await runAttw(pack.tarball)).toEqual({ ok: true, problems: [] });
  });

  it('publint catches a "types" condition after "default" (TypeScript never sees it)', async () => {
    const pack = packFixture(
      'types-last',
      { '.': { default: './dist/index.js', types: './dist/index.d.ts' } },
      {
        'dist/index.js': js,
        'dist/index.d.ts': dts,
      },
    );
    const { problems } = await runPublint(pack.tarball);
    expect(problems.join('\n')).toMatch(/EXPORTS_TYPES_SHOULD_BE_FIRST/);
  });

  it('arethetypeswrong catches CommonJS types on an ESM-only package', async () => {
    const pack = packFixture(
      'false-cjs',
      { '.': { types: './dist/index.d.cts', default: './dist/index.js' } },
      {
        'dist/index.js': js,
        'dist/index.d.cts': dts,
      },
    );
    const result = await runAttw(pack.tarball);
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('FalseCJS');
  });

  it('treats a bin-only or data-only package as having nothing for attw to check', () => {
    expect(attwApplies({ bin: { dollr: './dist/dollr.js' } })).toBe(false);
    expect(attwApplies({ exports: { './openapi.json': './dist/openapi.json' } })).toBe(false);
    expect(
      attwApplies({ exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } }),
    ).toBe(true);
  });

  it('reads tarballs written by system tar too (modes and contents)', () => {
    const dir = join(tmp.dir, 'tar-src', 'package');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'cli.js'), '#!/usr/bin/env node\n', { mode: 0o755 });
    const tarball = join(tmp.dir, 'system.tgz');
    execFileSync('tar', ['-czf', tarball, '-C', join(tmp.dir, 'tar-src'), 'package']);
    const files = readTarball(tarball);
    expect(files.get('dist/cli.js')?.data.toString()).toBe('#!/usr/bin/env node\n');
    expect((files.get('dist/cli.js')?.mode ?? 0) & 0o111).not.toBe(0);
  });
});

describe('assertLocalResolution', () => {
  const tmp = tempDir('dollr-lock-');
  afterAll(() => tmp.cleanup());
  const packs = [
    { name: '@dollr/spec', version: '1.0.0' },
    { name: '@dollr/mock', version: '0.1.0' },
  ];
  /** The lock entries of the two packages installed from their tarballs. */
  const fromTarballs = Object.fromEntries(
    packs.map(({ name, version }) => [
      `node_modules/${name}`,
      { version, resolved: `file:../packs/${name.slice(1).replace('/', '-')}-${version}.tgz` },
    ]),
  );
  const writeLock = (packages: Record<string, unknown>) =>
    writeFileSync(join(tmp.dir, 'package-lock.json'), JSON.stringify({ packages }));

  it('accepts @dollr packages installed from the tarballs', () => {
    writeLock({
      ...fromTarballs,
      'node_modules/hono': { version: '4.0.0' },
    });
    expect(() => assertLocalResolution(tmp.dir, packs)).not.toThrow();
  });

  it('rejects a nested @dollr package that came from the registry', () => {
    writeLock({
      ...fromTarballs,
      'node_modules/@dollr/mock/node_modules/@dollr/spec': { version: '0.9.0' },
    });
    expect(() => assertLocalResolution(tmp.dir, packs)).toThrow(
      /node_modules\/@dollr\/mock\/node_modules\/@dollr\/spec: 0\.9\.0 from the registry/,
    );
  });
});
