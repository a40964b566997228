#!/usr/bin/env node
/**
 * Start-up of the sandbox, against `node -e 0` in the same run:
 *
 * - ready: from spawning `dollr-mock --stateful` to its first answered request (a token request,
 *   which goes through body validation). Target: ≤ 1.5× `node -e 0`. Beside it, the floors under
 *   it (FLOORS below), so each run says whether the target is within reach on this Node.
 * - createSandbox: a new isolated sandbox inside a running process (median over many, after the
 *   first). Target: ≤ 5 ms.
 *
 *   pnpm --filter @dollr/mock bench            (after a build)
 *   BENCH_RUNS=21 node bench/startup.mjs
 *   BENCH_COMPARE=/path/to/other/dist/cli.js node bench/startup.mjs   (an older build, same run)
 *
 * Runs alternate between the baseline and the sandbox so that machine load hits both alike.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { median, printedBaseUrl, requireBuild, PACKAGE_ROOT as root } from './lib.mjs';

const cli = join(root, 'dist', 'cli.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const COMPARE = process.env.BENCH_COMPARE;
const READY_TARGET = 1.5;
const CREATE_TARGET_MS = 5;

requireBuild('dist/cli.js');

/**
 * The floors under the sandbox, each from spawn to its first answered POST (made over a raw socket
 * from inside, so no Fetch client is loaded), each a step closer to the sandbox's stack:
 *
 * - node:http: a bare Node server; no server can answer sooner.
 * - node:http + Fetch classes: the same, after reading `globalThis.Response`, which loads Node's
 *   Fetch implementation (undici). Every server whose handlers take a Request and return a
 *   Response pays this, whatever its framework.
 * - Hono on @hono/node-server: a one-route app on the sandbox's own adapter (it reads the Fetch
 *   classes when imported, and Hono builds every answer with them): the dependencies alone,
 *   before any sandbox code. No SQLite: the store loads its driver only with `--db`.
 */
const ANSWER_FIRST_POST = `
  const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/t' }, (res) => {
    res.resume();
    res.on('end', () => process.exit(res.statusCode === 200 ? 0 : 1));
  });
  req.end('{"client_id":"x"}');`;
const nodeHttp = (before = '') => `
import { createServer, request } from 'node:http';
${before}
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(JSON.parse(body)));
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();${ANSWER_FIRST_POST}
});`;
const FLOORS = {
  'node:http': nodeHttp(),
  '+ Fetch classes': nodeHttp('globalThis.Response;'),
  'Hono on node-server': `
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { request } from 'node:http';
const app = new Hono();
app.post('/t', async (c) => c.json(JSON.parse(await c.req.text())));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) => {${ANSWER_FIRST_POST}
});`,
};

function timeNode(code = '0', esm = false) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const args = esm ? ['--input-type=module', '-e', code] : ['-e', code];
    const child = spawn(process.execPath, args, { stdio: 'ignore', cwd: root });
    child.once('error', reject);
    child.once('exit', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}`));
    });
  });
}

async function timeSandboxReady(bin = cli) {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, '--stateful', '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { url, out } = await printedBaseUrl(child);
    const id = /client id:\s+(\S+)/.exec(out)?.[1];
    const secret = /client secret:\s+(\S+)/.exec(out)?.[1];
    const res = await fetch(`${url}/jwt/client/obtain/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: id, client_secret: secret }),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`first request answered ${res.status}`);
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) =>
      child.exitCode === null ? child.once('exit', resolve) : resolve(),
    );
  }
}

async function timeCreateSandbox() {
  const { createSandbox } = await import('../dist/index.js');
  const first = performance.now();
  createSandbox({ quiet: true, clock: 'manual' }).close();
  const firstMs = performance.now() - first;
  const times = [];
  for (let i = 0; i < Math.max(RUNS * 5, 50); i++) {
    const started = performance.now();
    const sandbox = createSandbox({ quiet: true, clock: 'manual' });
    times.push(performance.now() - started);
    sandbox.close();
  }
  const meanMs = times.reduce((a, b) => a + b, 0) / times.length;
  return { firstMs, medianMs: median(times), meanMs };
}

const verdict = (met) => (met ? 'met' : 'MISSED');
const ms = (n) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

const baseline = [];
const ready = [];
const compared = [];
const floors = Object.fromEntries(Object.keys(FLOORS).map((name) => [name, []]));
await timeSandboxReady(); // warm the file system cache once, unmeasured
if (COMPARE) await timeSandboxReady(COMPARE);
for (let i = 0; i < RUNS; i++) {
  baseline.push(await timeNode());
  for (const [name, code] of Object.entries(FLOORS)) floors[name].push(await timeNode(code, true));
  ready.push(await timeSandboxReady());
  if (COMPARE) compared.push(await timeSandboxReady(COMPARE));
}
const report = (label, values, note = '') => {
  const ratio = median(values) / median(baseline);
  console.log(
    `  ${label.padEnd(30)}${ms(median(values)).padStart(9)}   ${ratio.toFixed(2)}×${note}`,
  );
};
const create = await timeCreateSandbox();

console.log(
  `sandbox start-up, median of ${RUNS} runs (alternating with the baseline), × node -e 0`,
);
report('node -e 0', baseline);
const fetchFloor = median(floors['+ Fetch classes']) / median(baseline);
for (const [name, values] of Object.entries(floors)) report(`floor: ${name}`, values);
const readyRatio = median(ready) / median(baseline);
report(
  'dollr-mock --stateful ready',
  ready,
  ` (target ≤ ${READY_TARGET}×): ${verdict(readyRatio <= READY_TARGET)}; ${(median(ready) / median(floors['Hono on node-server'])).toFixed(2)}× the Hono floor`,
);
if (COMPARE) report(`${COMPARE} ready`, compared);
if (readyRatio > READY_TARGET && fetchFloor > READY_TARGET) {
  console.log(
    `  the target is under the Fetch-classes floor (${fetchFloor.toFixed(2)}×): out of reach for any server with Request → Response handlers on this Node`,
  );
}
console.log(
  `  createSandbox() in-process      ${ms(create.medianMs)} median (mean ${ms(create.meanMs)}, first ${ms(create.firstMs)}) (target ≤ ${CREATE_TARGET_MS} ms): ${verdict(create.medianMs <= CREATE_TARGET_MS)}`,
);
