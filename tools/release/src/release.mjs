#!/usr/bin/env node
// `pnpm release`: build, check, publish.
//
//   node tools/release/src/release.mjs            build → gate → package checks → changeset publish
//   node tools/release/src/release.mjs --dry-run  everything but the publish; prints what would be published
//   --no-build  skips `turbo run build` (for the test suite, which turbo has built already)
//   --report FILE  also writes what the gate and the package checks found as JSON
//
// Publishing is done by a person, from a clean checkout after `pnpm version-packages`: it refuses
// to publish when CI is set, and when changesets are still pending.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { readChangesets } from './changesets.mjs';
import { checkAllPackages } from './check-packages.mjs';
import { formatGateReport, runGate } from './gate.mjs';
import { BASELINE_FILE, bin, envWithPnpm, REPO_ROOT } from './paths.mjs';

/** CI=true (or 1) as CI systems set it. */
export const isCI = (/** @type {NodeJS.ProcessEnv} */ env) =>
  ['true', '1'].includes(String(env.CI ?? '').toLowerCase());

/**
 * @param {string} command @param {string[]} args
 * @returns {Promise<void>}
 */
async function inherit(command, args) {
  await new Promise((resolve, reject) => {
    // The workspace's own binaries first (turbo looks for the package manager on PATH).
    const env = envWithPnpm();
    const PATH = `${join(REPO_ROOT, 'node_modules', '.bin')}${delimiter}${env.PATH ?? ''}`;
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...env, PATH } });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(undefined)
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** The version step ran: spec/openapi.yaml, the bundle and the baseline carry @dollr/spec's version. */
export function checkVersionSync(root = REPO_ROOT) {
  const { version } = JSON.parse(readFileSync(join(root, 'spec', 'package.json'), 'utf8'));
  const problems = [];
  const yamlVersion = String(
    parse(readFileSync(join(root, 'spec', 'openapi.yaml'), 'utf8'))?.info?.version,
  );
  if (yamlVersion !== version)
    problems.push(`spec/openapi.yaml info.version is ${yamlVersion}, @dollr/spec is ${version}`);
  const baselineVersion = JSON.parse(
    readFileSync(
      root === REPO_ROOT
        ? BASELINE_FILE
        : join(root, 'tools', 'release', 'baseline', 'openapi.json'),
      'utf8',
    ),
  )?.info?.version;
  if (baselineVersion !== version)
    problems.push(
      `tools/release/baseline/openapi.json is ${baselineVersion}, @dollr/spec is ${version}`,
    );
  return problems;
}

/**
 * @typedef {{
 *   build: () => Promise<void>,
 *   gate: () => Promise<{ ok: boolean, report: string, details?: unknown }>,
 *   checkPackages: (log: (line: string) => void) => Promise<{ ok: boolean, packages: Array<{ name: string, version: string, files: number, size: number }>, details?: unknown }>,
 *   pendingChangesets: () => string[],
 *   versionSync: () => string[],
 *   uncommittedChanges: () => string[],
 *   publish: () => Promise<void>,
 * }} ReleaseSteps
 */

/** The real steps; tests replace them. @type {ReleaseSteps} */
export const defaultSteps = {
  build: () => inherit(bin('turbo', 'root'), ['run', 'build']),
  gate: async () => {
    const result = await runGate();
    const { ok, problems, notes, breaking, operationsChanged, baseVersion } = result;
    return {
      ok,
      report: formatGateReport(result),
      details: { ok, problems, notes, breaking, operationsChanged, baseVersion },
    };
  },
  checkPackages: async (/** @type {(line: string) => void} */ log) => {
    const { ok, packages, smoke } = await checkAllPackages({ log });
    return {
      ok,
      packages: packages.map(({ pack }) => ({
        name: pack.name,
        version: pack.version,
        files: pack.files.size,
        size: pack.size,
      })),
      details: {
        packages: packages.map(({ pack, contents, publint, attw, problems }) => ({
          name: pack.name,
          version: pack.version,
          files: [...pack.files.keys()],
          contents,
          publint,
          attw,
          problems,
        })),
        smoke,
      },
    };
  },
  pendingChangesets: () =>
    readChangesets(join(REPO_ROOT, '.changeset'))
      .filter((c) => Object.keys(c.releases).length > 0)
      .map((c) => c.file),
  versionSync: () => checkVersionSync(),
  uncommittedChanges: () =>
    execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean),
  publish: () => inherit(bin('changeset', 'root'), ['publish']),
};

/**
 * `record` receives what the gate and the package checks found, as they finish (for `--report`).
 * @param {{ dryRun: boolean, build?: boolean, env?: NodeJS.ProcessEnv, steps?: Partial<typeof defaultSteps>, log?: (line: string) => void, record?: Record<string, unknown> }} options
 * @returns {Promise<{ published: boolean, wouldPublish: Array<{ name: string, version: string }> }>}
 */
export async function release({
  dryRun,
  build = true,
  env = process.env,
  steps: overrides = {},
  log = console.log,
  record = {},
}) {
  const steps = { ...defaultSteps, ...overrides };
  if (!dryRun && isCI(env)) {
    throw new Error(
      'Refusing to publish: CI is set. Nothing is published from CI — a maintainer runs `pnpm release` locally (or `pnpm release:check` anywhere).',
    );
  }
  const pending = steps.pendingChangesets();
  if (pending.length > 0) {
    const message = `pending changesets (${pending.join(', ')}): run \`pnpm version-packages\` and commit before releasing`;
    if (!dryRun) throw new Error(`Refusing to publish: ${message}.`);
    log(`note: ${message}; the versions below are the current ones.`);
  }
  const dirty = steps.uncommittedChanges();
  if (dirty.length > 0) {
    const message = `${dirty.length} uncommitted change(s) in the work tree (${dirty.slice(0, 3).join('; ')}${dirty.length > 3 ? '; …' : ''})`;
    if (!dryRun)
      throw new Error(
        `Refusing to publish: ${message}. Publish from a clean checkout of the release commit.`,
      );
    log(`note: ${message}.`);
  }
  const unsynced = steps.versionSync();
  if (unsynced.length > 0)
    throw new Error(
      `The spec version is out of sync (run \`pnpm version-packages\`):\n  ${unsynced.join('\n  ')}`,
    );

  if (build) {
    log('▶ build (turbo run build)');
    await steps.build();
  } else {
    log('▶ build: skipped (--no-build)');
  }
  log('▶ breaking-change gate');
  const gate = await steps.gate();
  record.gate = gate.details ?? { ok: gate.ok };
  log(gate.report);
  if (!gate.ok) throw new Error('The breaking-change gate failed: nothing was published.');
  log('▶ package checks');
  const checks = await steps.checkPackages(log);
  record.checks = checks.details ?? { ok: checks.ok };
  if (!checks.ok) throw new Error('The package checks failed: nothing was published.');

  const wouldPublish = checks.packages.map(({ name, version }) => ({ name, version }));
  if (dryRun) {
    log(
      '▶ publish (dry run): `changeset publish` would publish each of these that is not on the registry yet:',
    );
    for (const p of checks.packages)
      log(`  ${p.name}@${p.version}  (${p.files} files, ${(p.size / 1024).toFixed(1)} kB)`);
    log('Dry run: nothing was published.');
    return { published: false, wouldPublish };
  }
  log('▶ publish (changeset publish)');
  await steps.publish();
  log('Published. Push the release commit and its tags: git push --follow-tags');
  return { published: true, wouldPublish };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'dry-run': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        report: { type: 'string' },
      },
    }));
  } catch (error) {
    console.error(
      `${error instanceof Error ? error.message : error}\nusage: release.mjs [--dry-run] [--no-build] [--report FILE]`,
    );
    process.exit(2);
  }
  /** @type {Record<string, unknown>} */
  const record = {};
  release({ dryRun: values['dry-run'] ?? false, build: !values['no-build'], record })
    .then((result) => Object.assign(record, result))
    .catch((error) => {
      record.error = error instanceof Error ? error.message : String(error);
      console.error(record.error);
      process.exitCode = 1;
    })
    .finally(() => {
      if (values.report) writeFileSync(values.report, `${JSON.stringify(record, null, 2)}\n`);
    });
}
