// The workspace's compiled better-sqlite3, packed where and as prebuild-install looks for a local
// prebuild: its own functions name the file, from better-sqlite3's own manifest.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { localPrebuildsVariable, packLocalPrebuilds } from '../src/prebuilds.mjs';
import { REPO_ROOT, tempDir } from './helpers.js';

const tmp = tempDir('dollr-prebuilds-');
afterAll(() => tmp.cleanup());

/** prebuild-install as better-sqlite3's install script runs it. */
function prebuildInstall() {
  const fromMock = createRequire(join(REPO_ROOT, 'packages', 'mock', 'package.json'));
  const manifestFile = fromMock.resolve('better-sqlite3/package.json');
  const fromAddon = createRequire(manifestFile);
  const util = fromAddon('prebuild-install/util');
  const pkg = fromAddon(manifestFile);
  const opts = {
    pkg,
    runtime: 'node',
    abi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
    libc: '',
    'tag-prefix': 'v',
  };
  return { util, opts, addonDir: dirname(manifestFile) };
}

it('packs the compiled addon under the name prebuild-install looks for, where it looks', () => {
  const { env, packed } = packLocalPrebuilds(tmp.dir);
  const { util, opts, addonDir } = prebuildInstall();
  const variable = localPrebuildsVariable('better-sqlite3');
  expect(env).toEqual({ [variable]: tmp.dir });
  expect(packed).toHaveLength(1);

  const previous = process.env[variable];
  process.env[variable] = tmp.dir;
  try {
    expect(util.localPrebuild(util.getDownloadUrl(opts), opts)).toBe(
      join(tmp.dir, packed[0] ?? ''),
    );
  } finally {
    if (previous === undefined) delete process.env[variable];
    else process.env[variable] = previous;
  }

  // The very binary pnpm compiled, at the path better-sqlite3 loads it from.
  const tarball = join(tmp.dir, packed[0] ?? '');
  const binary = 'build/Release/better_sqlite3.node';
  expect(execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim()).toBe(binary);
  const unpacked = execFileSync('tar', ['-xOzf', tarball, binary], { maxBuffer: 64 << 20 });
  expect(unpacked.equals(readFileSync(join(addonDir, binary)))).toBe(true);
});
