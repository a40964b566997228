#!/usr/bin/env node
/**
 * Throughput and p99 latency of the sandbox against the Prism mock: same operations, same load,
 * same machine, one run. Both servers run as child processes (the built CLI and Prism), autocannon
 * drives them from this process over loopback.
 *
 *   pnpm --filter @dollr/mock bench            (after a build)
 *   BENCH_DURATION=5 BENCH_ROUNDS=5 node bench/throughput.mjs
 *
 * Each cell is the median over BENCH_ROUNDS rounds; rounds alternate between the servers.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startMock, TEST_CREDENTIALS } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = [10, 50];
const TARGET = 5;

if (!existsSync(cli)) {
  console.error(
    'dist/cli.js is missing: build the package first (pnpm --filter @dollr/mock build).',
  );
  process.exit(1);
}

/** The sandbox CLI in a child process of its own, like Prism. */
async function startSandboxProcess(extra = []) {
  const child = spawn(process.execPath, [cli, '--stateful', '--port', '0', '--quiet', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /baseUrl:\s+(\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
  });
  const close = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      process.kill(-child.pid, 'SIGTERM');
    });
  return { url, close };
}

async function json(url, init) {
  const res = await fetch(url, init);
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A token and one execution to read, on the sandbox; anything goes on Prism. */
async function prepareSandbox(url) {
  const { access_token } = await json(`${url}/jwt/client/obtain/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: TEST_CREDENTIALS.clientId,
      client_secret: TEST_CREDENTIALS.clientSecret,
    }),
  });
  const auth = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
  const session = await json(`${url}/sessions/checkout`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ source_id: 110, source_type: 'INVOICE' }),
  });
  const referenceId = randomUUID();
  await json(`${url}/executions/collection`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      session_id: String(session.id),
      payment_account_id: '18',
      currency: 'USD',
      reference_id: referenceId,
    }),
  });
  return { headers: auth, referenceId };
}

function operations(prepared) {
  return [
    {
      name: 'POST /sessions/checkout',
      method: 'POST',
      path: '/sessions/checkout',
      body: JSON.stringify({ source_id: 101, source_type: 'INVOICE' }),
      headers: prepared.headers,
    },
    {
      name: 'GET /status/collection/{id}',
      method: 'GET',
      path: `/status/collection/${prepared.referenceId}`,
      headers: { authorization: prepared.headers.authorization },
    },
  ];
}

function load(baseUrl, op, connections, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${baseUrl}${op.path}`,
        method: op.method,
        headers: op.headers,
        body: op.body,
        connections,
        duration,
        pipelining: 1,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  console.log(
    `Bench: ${ROUNDS} rounds × ${DURATION}s per cell, connections ${CONNECTIONS.join(' and ')}, loopback.`,
  );
  const sandbox = await startSandboxProcess();
  const mock = await startMock();
  const targets = [
    { name: 'sandbox', url: sandbox.url, prepared: await prepareSandbox(sandbox.url) },
    {
      name: 'prism',
      url: mock.url,
      prepared: {
        headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
        referenceId: randomUUID(),
      },
    },
  ];
  const results = new Map();
  try {
    // Warm-up: JIT and connection setup, not measured.
    for (const target of targets) {
      for (const op of operations(target.prepared)) await load(target.url, op, 10, 1);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const connections of CONNECTIONS) {
        for (const target of order) {
          for (const op of operations(target.prepared)) {
            const result = await load(target.url, op, connections, DURATION);
            const key = `${target.name}|${op.name}|${connections}`;
            const cell = results.get(key) ?? { rps: [], p99: [], errors: 0 };
            cell.rps.push(result.requests.average);
            cell.p99.push(result.latency.p99);
            cell.errors += result.non2xx + result.errors + result.timeouts;
            results.set(key, cell);
          }
        }
      }
      process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
  } finally {
    await mock.close();
    await sandbox.close();
  }

  const rows = [];
  let met = true;
  for (const op of operations(targets[0].prepared)) {
    for (const connections of CONNECTIONS) {
      const s = results.get(`sandbox|${op.name}|${connections}`);
      const p = results.get(`prism|${op.name}|${connections}`);
      const ratio = median(s.rps) / median(p.rps);
      if (ratio < TARGET) met = false;
      rows.push({
        operation: op.name,
        conns: connections,
        'sandbox req/s': Math.round(median(s.rps)),
        'sandbox p99 ms': median(s.p99),
        'prism req/s': Math.round(median(p.rps)),
        'prism p99 ms': median(p.p99),
        ratio: `${ratio.toFixed(1)}×`,
        'non-2xx': s.errors + p.errors,
      });
    }
  }
  console.table(rows);
  console.log(
    met
      ? `Target met: the sandbox serves ≥ ${TARGET}× Prism's requests per second on every operation and load.`
      : `Target NOT met: the sandbox is below ${TARGET}× Prism's throughput somewhere above.`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
