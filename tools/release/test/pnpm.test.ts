/** The release tools run pnpm also when it is not on PATH (`node tools/release/src/….mjs`). */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envWithPnpm, pnpmBinary, pnpmCommand } from '../src/paths.mjs';

// A PATH with node and npx but no pnpm.
const nodeOnly = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };
const hasPnpm = (path: string) =>
  path.split(':').some((dir) => {
    try {
      execFileSync(`${dir}/pnpm`, ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });

describe.skipIf(hasPnpm(nodeOnly.PATH))('without pnpm on PATH', () => {
  it("finds the root's packageManager version through npx", () => {
    const file = pnpmBinary(nodeOnly);
    expect(file).not.toBe('pnpm');
    expect(execFileSync(file, ['--version'], { encoding: 'utf8' }).trim()).toBe('10.34.8');
  });

  it('puts it on PATH for turbo', () => {
    const env = envWithPnpm(nodeOnly);
    expect(execFileSync('pnpm', ['--version'], { encoding: 'utf8', env }).trim()).toBe('10.34.8');
  });
});

describe('under pnpm run', () => {
  it('uses the pnpm that runs the script', () => {
    const saved = process.env.npm_execpath;
    process.env.npm_execpath = '/somewhere/pnpm/bin/pnpm.cjs';
    try {
      expect(pnpmCommand()).toEqual({
        file: process.execPath,
        args: ['/somewhere/pnpm/bin/pnpm.cjs'],
      });
    } finally {
      if (saved === undefined) delete process.env.npm_execpath;
      else process.env.npm_execpath = saved;
    }
  });
});
