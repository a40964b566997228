// The runtime matrix: the client's suite on every pinned Node line, Bun and Deno; the browser
// tests in headless Chromium; the whole workspace suite on the Active LTS. Each lane prints
// vitest's own output, then one line `<lane>: N passed, N failed (T s)`; a lane that cannot run
// says why and counts as failed. `node tools/runtimes/run.mjs [lane…]` runs some lanes only;
// DOLLR_FULL_LANE_FILTER=<workspace> narrows node26-full to one workspace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { binaryOf, versionOf, versions } from './runtimes.mjs';

const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const client = join(root, 'packages', 'client');
const vitest = join(client, 'node_modules', 'vitest', 'vitest.mjs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The client's suite under one runtime: the same files, run by vitest on that runtime. */
const clientLane = (name, version, argsBefore = []) => ({
  id: `${name}${name === 'node' ? version.split('.')[0] : ''}`,
  what: "the client's suite",
  runtime: { name, version },
  command: (bin) => [bin, [...argsBefore, vitest, 'run'], { cwd: client }],
});

const LANES = [
  ...versions.node.map((v) => clientLane('node', v)),
  clientLane('bun', versions.bun),
  clientLane('deno', versions.deno, ['run', '-A']),
  {
    id: 'chromium',
    what: 'the browser tests (client bundle and MSW handlers in a page)',
    check: () => (existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`),
    command: () => [
      'npx',
      [
        '-y',
        'pnpm@10.34.8',
        '--filter',
        '@dollr/client',
        '--filter',
        '@dollr/mock',
        'test:browser',
      ],
      { cwd: root },
    ],
  },
  {
    id: 'node26-full',
    what: 'every workspace suite (turbo run test)',
    runtime: { name: 'node', version: versions.activeLts },
    // node, pnpm, turbo and every tool they start run on this Node; DOLLR_RUNTIME is part of the
    // test tasks' hash, so turbo reuses the builds and runs the tests again. The registry's Node
    // trusts only its bundled CAs: behind a TLS-inspecting proxy the release smoke's `npm install`
    // needs NODE_EXTRA_CA_CERTS, which turbo.json's globalPassThroughEnv lets through.
    command: (bin) => [
      'npx',
      [
        '-y',
        'pnpm@10.34.8',
        'turbo',
        'run',
        'test',
        '--continue',
        '--output-logs=full',
        ...(process.env.DOLLR_FULL_LANE_FILTER
          ? [`--filter=${process.env.DOLLR_FULL_LANE_FILTER}`]
          : []),
      ],
      { cwd: root, env: { PATH: `${dirname(bin)}${delimiter}${process.env.PATH}` } },
    ],
  },
];

function counts(output) {
  let passed = 0;
  let failed = 0;
  let failedFiles = 0;
  for (const line of stripVTControlCharacters(output).split('\n')) {
    const tests = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
    if (tests) {
      passed += Number(/(\d+) passed/.exec(tests[1])?.[1] ?? 0);
      failed += Number(/(\d+) failed/.exec(tests[1])?.[1] ?? 0);
    }
    const files = /\bTest Files\s+(.*)\(\d+\)\s*$/.exec(line);
    if (files) failedFiles += Number(/(\d+) failed/.exec(files[1])?.[1] ?? 0);
  }
  return { passed, failed, failedFiles };
}

function run([command, args, options]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      ...options,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const tee = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function runLane(lane) {
  const started = performance.now();
  let label = lane.id;
  let setupMs = 0;
  try {
    const unavailable = lane.check?.();
    if (unavailable) throw new Error(unavailable);
    let bin;
    if (lane.runtime) {
      bin = binaryOf(lane.runtime.name, lane.runtime.version);
      label = `${lane.id} (${versionOf(lane.runtime.name, bin)})`;
      setupMs = performance.now() - started;
    }
    console.log(`\n── ${label}: ${lane.what} ──`);
    const [command, args, options] = lane.command(bin);
    const env = { ...options.env };
    if (lane.runtime) env.DOLLR_EXPECT_RUNTIME = versionOf(lane.runtime.name, bin);
    env.DOLLR_RUNTIME = label;
    const { code, output } = await run([command, args, { ...options, env }]);
    const c = counts(output);
    const ok = code === 0 && c.failed === 0 && c.failedFiles === 0 && c.passed > 0;
    const why = ok ? '' : c.passed === 0 && code !== 0 ? ' — no tests ran (see above)' : '';
    const files = c.failedFiles ? `, ${c.failedFiles} test files failed` : '';
    return {
      ok,
      line: `${label}: ${c.passed} passed, ${c.failed} failed${files} (${seconds(performance.now() - started)}, of which ${seconds(setupMs)} fetching the runtime)${why}`,
    };
  } catch (error) {
    return { ok: false, line: `${label}: not run — ${error.message}` };
  }
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !LANES.some((lane) => lane.id === id));
if (unknown.length) {
  console.error(`unknown lane ${unknown.join(', ')}; lanes: ${LANES.map((l) => l.id).join(', ')}`);
  process.exit(2);
}
const results = [];
for (const lane of LANES.filter((l) => !wanted.length || wanted.includes(l.id))) {
  results.push(await runLane(lane));
}
console.log('\nruntime lanes:');
for (const { line } of results) console.log(`  ${line}`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
