import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

// These check the published artefact: run after `build` (turbo's `test` depends on it).
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const execFileAsync = promisify(execFile);
/** Runs a tool; on failure the error shows what it printed. */
async function run(file: string, args: string[], options: { cwd: string }) {
  try {
    return await execFileAsync(file, args, options);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
  }
}
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

beforeAll(() => {
  if (!existsSync(join(root, 'dist/index.js'))) {
    throw new Error('dist/ is missing: run `pnpm --filter @dollr/client build` first');
  }
});

describe('the published package', () => {
  it('passes publint with no errors or warnings', async () => {
    const { stdout } = await run(bin('publint'), ['run', '--strict'], { cwd: root });
    expect(stdout).toMatch(/All good!/);
  });

  it('passes arethetypeswrong (ESM only)', async () => {
    // attw exits non-zero on a problem the profile counts, which rejects and fails the test.
    const { stdout } = await run(
      bin('attw'),
      ['--pack', '.', '--profile', 'esm-only', '--format', 'json'],
      { cwd: root },
    );
    const { analysis } = JSON.parse(stdout) as {
      analysis: { problems: Array<{ kind: string; resolutionKind?: string }> };
    };
    // Only CommonJS resolutions may complain (the package is ESM only, on purpose).
    const counted = analysis.problems.filter(
      (p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs',
    );
    expect(counted).toEqual([]);
    // attw packs and type-checks every entry: past 30 s when the runtime lanes share the machine.
  }, 120_000);

  it('imports nothing at run time but openapi-fetch and its own chunks, and no Node-only API', () => {
    const files = readdirSync(join(root, 'dist')).filter((file) => file.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'realtime.js']));
    for (const file of files) {
      const code = readFileSync(join(root, 'dist', file), 'utf8');
      const imports = [...code.matchAll(/(?:^|\n)\s*import\b[^'"]*['"]([^'"]+)['"]/g)].map(
        (m) => m[1],
      );
      const foreign = imports.filter(
        (specifier) => specifier !== undefined && !/^\.\/chunk-\w+\.js$/.test(specifier),
      );
      expect(
        foreign.filter((specifier) => specifier !== 'openapi-fetch'),
        file,
      ).toEqual([]);
      expect(code, file).not.toMatch(/\b(?:process|Buffer|require|__dirname)\b|node:/);
    }
  });

  it('keeps realtime out of the main entry: createDollrClient alone does not load it', () => {
    const main = readFileSync(join(root, 'dist/index.js'), 'utf8');
    const chunks = [...main.matchAll(/from ['"](\.\/chunk-\w+\.js)['"]/g)].map((m) => m[1] ?? '');
    for (const file of ['index.js', ...chunks]) {
      expect(readFileSync(join(root, 'dist', file), 'utf8'), file).not.toMatch(
        /WebSocket|phx_join/,
      );
    }
  });

  it('runs from its built entry', async () => {
    const mod = (await import(join(root, 'dist/index.js'))) as typeof import('../src/index.js');
    expect(Object.keys(mod).sort()).toEqual([
      'DollrAbortError',
      'DollrApiError',
      'DollrAuthError',
      'DollrError',
      'DollrNetworkError',
      'DollrRateLimitError',
      'DollrTimeoutError',
      'createDollrClient',
      'describeDetail',
      'formatValidationIssues',
      'isDollrError',
      'isFinalStatus',
      'newReferenceId',
    ]);
  });

  it('runs from its realtime entry', async () => {
    const mod = (await import(
      join(root, 'dist/realtime.js')
    )) as typeof import('../src/realtime/index.js');
    expect(Object.keys(mod)).toEqual(['watchExecution']);
  });
});
