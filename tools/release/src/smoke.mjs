// Installs the packed tarballs into a fresh project outside the workspace, with npm, the way a
// consumer would, and runs them: the spec's bundle, the client against the mock (type-checked),
// the mock and the sandbox, and the `dollr` command.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, TOOL_DIR } from './paths.mjs';
import { packLocalPrebuilds } from './prebuilds.mjs';
import { run } from './run.mjs';

const SMOKE_DIR = join(TOOL_DIR, 'smoke');

/** Exact versions of the consumer-side tools, from the workspace catalog. */
function catalogVersion(/** @type {string} */ name) {
  const { catalog } = parse(readFileSync(join(REPO_ROOT, 'pnpm-workspace.yaml'), 'utf8'));
  const version = catalog?.[name];
  if (!version) throw new Error(`${name} is not in the catalog of pnpm-workspace.yaml`);
  return String(version);
}

/**
 * Creates the consumer project and installs every tarball at once, so that @dollr/* dependencies
 * between them resolve to the tarballs and never to the registry.
 * @param {Array<{ name: string, version: string, tarball: string }>} packs
 * @returns {Promise<{ dir: string, cleanup: () => void, installMs: number }>}
 */
export async function installTarballs(packs) {
  const dir = mkdtempSync(join(tmpdir(), 'dollr-smoke-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    /** @type {Record<string, string>} */
    const dependencies = {};
    for (const pack of packs) dependencies[pack.name] = `file:${pack.tarball}`;
    const devDependencies = {
      typescript: catalogVersion('typescript'),
      '@types/node': catalogVersion('@types/node'),
    };
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify(
        { name: 'dollr-smoke', private: true, type: 'module', dependencies, devDependencies },
        null,
        2,
      ),
    );
    // Native addons the workspace compiled already (see prebuilds.mjs); registry metadata from
    // npm's cache when it has it (`--prefer-offline`): the same tree, without the waits.
    const prebuildDir = mkdtempSync(join(tmpdir(), 'dollr-prebuilds-'));
    const started = Date.now();
    const install = await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      {
        cwd: dir,
        timeoutMs: 900_000,
        env: {
          ...process.env,
          ...packLocalPrebuilds(prebuildDir).env,
          npm_config_update_notifier: 'false',
        },
      },
    ).finally(() => rmSync(prebuildDir, { recursive: true, force: true }));
    if (install.code !== 0)
      throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);
    const installMs = Date.now() - started;
    assertLocalResolution(dir, packs);
    return { dir, cleanup, installMs };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/**
 * Every @dollr/* package anywhere in the installed tree must come from a tarball, at the packed version.
 * @param {string} dir @param {Array<{ name: string, version: string }>} packs
 */
export function assertLocalResolution(dir, packs) {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  const expected = new Map(packs.map((p) => [p.name, p.version]));
  const wrong = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    const match = /(?:^|\/)node_modules\/(@dollr\/[^/]+)$/.exec(path);
    if (!match?.[1]) continue;
    const name = match[1];
    const resolved = String(entry.resolved ?? '');
    if (!resolved.startsWith('file:') || entry.version !== expected.get(name)) {
      wrong.push(`${path}: ${entry.version} from ${resolved || 'the registry'}`);
    }
  }
  if (wrong.length > 0) {
    throw new Error(
      `@dollr packages not installed from the local tarballs:\n  ${wrong.join('\n  ')}`,
    );
  }
}

/**
 * @param {string} dir @param {string} file @param {string[]} [args]
 */
async function node(dir, file, args = []) {
  const result = await run(process.execPath, [file, ...args], { cwd: dir, timeoutMs: 120_000 });
  if (result.code !== 0)
    throw new Error(
      `node ${file} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout.trim();
}

/** @param {string} stdout */
const lastJsonLine = (stdout) =>
  JSON.parse(
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .at(-1) ?? 'null',
  );

/** The checks, each run in the installed project. */
export const SMOKE_CHECKS = {
  /** @param {string} dir */
  async spec(dir) {
    copyFileSync(join(SMOKE_DIR, 'spec.mjs'), join(dir, 'spec.mjs'));
    return lastJsonLine(await node(dir, 'spec.mjs'));
  },
  /** Type-checks client.ts against the installed types, compiles it, runs it against the mock. */
  /** @param {string} dir */
  async client(dir) {
    copyFileSync(join(SMOKE_DIR, 'client.ts'), join(dir, 'client.ts'));
    copyFileSync(join(SMOKE_DIR, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    const tsc = await run(
      process.execPath,
      [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
      {
        cwd: dir,
        timeoutMs: 120_000,
      },
    );
    if (tsc.code !== 0)
      throw new Error(
        `client.ts does not type-check against the installed packages:\n${tsc.stdout}${tsc.stderr}`,
      );
    return lastJsonLine(await node(dir, join('out', 'client.js')));
  },
  /** @param {string} dir */
  async mock(dir) {
    copyFileSync(join(SMOKE_DIR, 'mock.mjs'), join(dir, 'mock.mjs'));
    return lastJsonLine(await node(dir, 'mock.mjs'));
  },
  /** @param {string} dir */
  async cli(dir) {
    const bin = join(dir, 'node_modules', '.bin', 'dollr');
    const result = await run(bin, ['--version'], { cwd: dir, timeoutMs: 60_000 });
    if (result.code !== 0)
      throw new Error(
        `dollr --version failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
      );
    return { version: result.stdout.trim() };
  },
};
