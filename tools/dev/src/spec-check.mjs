#!/usr/bin/env node
// `pnpm spec:check`: one spec edit checked end to end, in seconds.
//
//   1. Redocly lint (zero problems)          ┐ at once
//   2. bundle → spec/dist/openapi.json        ┘
//   3. the facts of the real API and every example against its schema (spec/test/spec.test.ts)
//      and what is generated from the new bundle: the spec's types and vocabulary, and every
//      workspace's `generate` script (the sandbox's validators)                   — at once, after 2
//   4. one incremental TypeScript program over client, mock, CLI and demo sources (after 3),
//      checked by TypeScript 7, the native compiler (tools/dev's `typescript`)
//
// Each step prints its time; failed steps print their output, and the exit code is 1.
// It checks; `pnpm build` still builds (the docs page, the YAML bundle, dist/ of every package).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SPEC = join(REPO_ROOT, 'spec');
const DEV_TOOLS = join(REPO_ROOT, 'tools', 'dev');
const bin = (/** @type {string} */ dir, /** @type {string} */ name) =>
  join(dir, 'node_modules', '.bin', name);
const QUIET = { NODE_NO_WARNINGS: '1', NO_COLOR: '1', FORCE_COLOR: '0' };

/**
 * Runs a command; resolves with its exit code, output and time.
 * @param {string} label @param {string} command @param {string[]} args @param {{ cwd: string, shell?: boolean }} options
 */
function step(label, command, args, { cwd, shell = false }) {
  const started = performance.now();
  return new Promise((done) => {
    const PATH = `${bin(cwd, '')}${delimiter}${process.env.PATH ?? ''}`;
    const child = spawn(command, args, {
      cwd,
      shell,
      env: { ...process.env, ...QUIET, PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error) => (output += String(error)));
    child.on('close', (code) =>
      done({ label, ok: code === 0, output, ms: performance.now() - started }),
    );
  });
}

/** Every workspace package with a `generate` script (the generated types), as turbo would run it. */
function generateSteps() {
  return ['packages', 'apps']
    .flatMap((parent) =>
      readdirSync(join(REPO_ROOT, parent)).map((name) => join(REPO_ROOT, parent, name)),
    )
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .flatMap((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const script = manifest.scripts?.generate;
      return script
        ? [step(`generate ${manifest.name}`, script, [], { cwd: dir, shell: true })]
        : [];
    });
}

/**
 * Runs steps at once, prints each verdict and the output of those that failed.
 * @param {Array<Promise<{ label: string, ok: boolean, output: string, ms: number }>>} steps
 * @param {(line: string) => void} log
 * @returns {Promise<Map<string, boolean>>}
 */
async function phase(steps, log) {
  const results = await Promise.all(steps);
  for (const r of results) log(`${r.ok ? '✓' : '✗'} ${r.label} (${(r.ms / 1000).toFixed(1)} s)`);
  for (const r of results.filter((r) => !r.ok)) {
    // Without Redocly's framed notices (a Node deprecation box), which say nothing about the spec.
    const output = r.output
      .split('\n')
      .filter((line) => !/[║╔╚]/.test(line))
      .join('\n');
    log(`\n── ${r.label} ──\n${output.trim()}\n`);
  }
  return new Map(results.map((r) => [r.label, r.ok]));
}

const allPassed = (/** @type {Map<string, boolean>} */ verdicts) =>
  [...verdicts.values()].every(Boolean);

/**
 * Every step whose input exists runs, so one run shows every problem: a lint error does not hide
 * the type errors of the same edit. Only a failed bundle or `generate` stops what depends on it.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<{ ok: boolean, ms: number }>}
 */
export async function specCheck({ log = console.log } = {}) {
  const started = performance.now();
  mkdirSync(join(SPEC, 'dist'), { recursive: true });
  mkdirSync(join(REPO_ROOT, 'node_modules', '.cache', 'dollr-spec-check'), { recursive: true });
  const finish = (/** @type {boolean} */ ok) => {
    const ms = performance.now() - started;
    log(`spec:check ${ok ? 'pass' : 'FAIL'} in ${(ms / 1000).toFixed(1)} s`);
    return { ok, ms };
  };

  const BUNDLE = 'bundle spec/dist/openapi.json';
  const sources = await phase(
    [
      step('redocly lint', bin(SPEC, 'redocly'), ['lint', 'openapi.yaml', '--format=stylish'], {
        cwd: SPEC,
      }),
      step(
        BUNDLE,
        bin(SPEC, 'redocly'),
        ['bundle', 'openapi.yaml', '--output', 'dist/openapi.json'],
        {
          cwd: SPEC,
        },
      ),
    ],
    log,
  );
  if (!sources.get(BUNDLE)) return finish(false);

  const FACTS = 'facts and examples';
  const derived = await phase(
    [
      step(FACTS, bin(SPEC, 'vitest'), ['run', 'test/spec.test.ts', '--reporter=dot'], {
        cwd: SPEC,
      }),
      step(
        'generate @dollr/spec/openapi and /vocabulary',
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "await (await import('./scripts/generate.mjs')).generate('dist')",
        ],
        { cwd: SPEC },
      ),
      ...generateSteps(),
    ],
    log,
  );
  const generated = [...derived].every(([label, ok]) => label === FACTS || ok);
  if (!generated) return finish(false);

  const types = await phase(
    [
      step(
        'types: client, mock, CLI, demo',
        process.execPath,
        [
          join(DEV_TOOLS, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          join(DEV_TOOLS, 'tsconfig.spec-check.json'),
        ],
        { cwd: REPO_ROOT },
      ),
    ],
    log,
  );
  return finish(allPassed(sources) && allPassed(derived) && allPassed(types));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  specCheck().then(({ ok }) => {
    process.exitCode = ok ? 0 : 1;
  });
}
