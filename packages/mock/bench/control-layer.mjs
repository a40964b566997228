#!/usr/bin/env node
/**
 * What the test-mode layer (request log, doctor, faults) costs when no fault is set: the sandbox
 * with it against the same sandbox without it (`extensions: []`), same operations, same load,
 * one run. Target: ≥ 0.95× the throughput of the bare sandbox on every operation.
 *
 *   pnpm --filter @dollr/mock bench            (after a build)
 *   BENCH_DURATION=5 BENCH_ROUNDS=7 node bench/control-layer.mjs
 *   BENCH_WITH=--only=log node bench/control-layer.mjs     (one extension against none)
 *
 * Each round loads both servers at the same time, each with its own autocannon, so that whatever
 * else the machine does weighs on both alike; a cell is the median over BENCH_ROUNDS rounds, and
 * the ratio is the median of the rounds' ratios.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 10;
const TARGET = 0.95;

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('dist/ is missing: build the package first (pnpm --filter @dollr/mock build).');
  process.exit(1);
}

async function startServer(extra) {
  const child = spawn(process.execPath, [join(root, 'bench', 'serve-sandbox.mjs'), ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
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
      child.kill('SIGTERM');
    });
  return { url, close };
}

async function json(url, init) {
  const res = await fetch(url, init);
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A token and one execution to read. */
async function prepare(url) {
  const { access_token } = await json(`${url}/jwt/client/obtain/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: 'dollr_test_client', client_secret: 'dollr_test_secret' }),
  });
  const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
  const session = await json(`${url}/sessions/checkout`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ source_id: 110, source_type: 'INVOICE' }),
  });
  const referenceId = randomUUID();
  await json(`${url}/executions/collection`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      session_id: String(session.id),
      payment_account_id: '18',
      currency: 'USD',
      reference_id: referenceId,
    }),
  });
  return [
    {
      name: 'POST /sessions/checkout',
      method: 'POST',
      path: '/sessions/checkout',
      body: JSON.stringify({ source_id: 101, source_type: 'INVOICE' }),
      headers,
    },
    {
      name: 'GET /status/collection/{id}',
      method: 'GET',
      path: `/status/collection/${referenceId}`,
      headers: { authorization: headers.authorization },
    },
  ];
}

function load(baseUrl, op, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${baseUrl}${op.path}`,
        method: op.method,
        headers: op.headers,
        body: op.body,
        connections: CONNECTIONS,
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
    `Control layer bench: ${ROUNDS} rounds × ${DURATION}s per cell, ${CONNECTIONS} connections, loopback, no fault set.`,
  );
  const servers = [
    {
      name: 'with',
      ...(await startServer(process.env.BENCH_WITH ? process.env.BENCH_WITH.split(' ') : [])),
    },
    { name: 'bare', ...(await startServer(['--bare'])) },
  ];
  const results = new Map();
  try {
    for (const server of servers) server.ops = await prepare(server.url);
    // Warm-up: JIT and connection setup, not measured.
    for (const server of servers) for (const op of server.ops) await load(server.url, op, 1);
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < servers[0].ops.length; i++) {
        const [withLayer, bare] = await Promise.all(
          servers.map((server) => load(server.url, server.ops[i], DURATION)),
        );
        const key = servers[0].ops[i].name;
        const cell = results.get(key) ?? {
          with: [],
          bare: [],
          ratios: [],
          p99: [[], []],
          errors: 0,
        };
        cell.with.push(withLayer.requests.average);
        cell.bare.push(bare.requests.average);
        cell.ratios.push(withLayer.requests.average / bare.requests.average);
        cell.p99[0].push(withLayer.latency.p99);
        cell.p99[1].push(bare.latency.p99);
        for (const result of [withLayer, bare]) {
          cell.errors += result.non2xx + result.errors + result.timeouts;
        }
        results.set(key, cell);
      }
      process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
  const rows = [];
  let met = true;
  for (const op of servers[0].ops) {
    const cell = results.get(op.name);
    const ratio = median(cell.ratios);
    if (ratio < TARGET) met = false;
    rows.push({
      operation: op.name,
      'with layer req/s': Math.round(median(cell.with)),
      'with p99 ms': median(cell.p99[0]),
      'bare req/s': Math.round(median(cell.bare)),
      'bare p99 ms': median(cell.p99[1]),
      ratio: `${ratio.toFixed(3)}×`,
      'non-2xx': cell.errors,
    });
  }
  console.table(rows);
  console.log(
    met
      ? `Target met: with the control layer and no fault set, throughput is ≥ ${TARGET}× the bare sandbox on every operation.`
      : `Target NOT met: below ${TARGET}× the bare sandbox's throughput somewhere above.`,
  );
  if (!met) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
