#!/usr/bin/env node
/**
 * The cost of test mode when no fault is set: the sandbox as shipped (tenants, control API,
 * request log, doctor, faults) against the same sandbox with no extensions, the same two
 * operations, the same load, in one run. Each sandbox runs in a child process of its own;
 * autocannon drives them from this process over loopback, rounds alternating.
 * Target: ≥ 0.95× the throughput of the sandbox without extensions.
 *
 *   pnpm --filter @dollr/mock bench            (after a build)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { TEST_CREDENTIALS } from '../dist/index.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const TARGET = 0.95;

function startChild(withExtensions) {
  const code = `
    const { startSandbox } = await import(${JSON.stringify(dist)});
    const sandbox = await startSandbox({ quiet: true${withExtensions ? '' : ', extensions: []'} });
    console.log('baseUrl: ' + sandbox.url);
    process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /baseUrl: (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (status) => reject(new Error(`sandbox exited with ${status}: ${out}`)));
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
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function prepare(url) {
  const { access_token } = await json(`${url}/jwt/client/obtain/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: TEST_CREDENTIALS.clientId,
      client_secret: TEST_CREDENTIALS.clientSecret,
    }),
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

const load = (url, op, duration) =>
  new Promise((resolve, reject) =>
    autocannon(
      {
        url: `${url}${op.path}`,
        method: op.method,
        headers: op.headers,
        body: op.body,
        connections: CONNECTIONS,
        duration,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const children = [startChild(true), startChild(false)];
try {
  const targets = await Promise.all(
    children.map(async (child, i) => {
      const url = await child.url;
      return { name: i === 0 ? 'test mode' : 'no extensions', url, ops: await prepare(url) };
    }),
  );
  for (const target of targets) for (const op of target.ops) await load(target.url, op, 1);
  const results = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of round % 2 ? [...targets].reverse() : targets) {
      for (const op of target.ops) {
        const result = await load(target.url, op, DURATION);
        const key = `${target.name}|${op.name}`;
        results.set(key, [...(results.get(key) ?? []), result.requests.average]);
      }
    }
  }
  console.log(
    `\nTest mode overhead, no fault set (${ROUNDS} rounds × ${DURATION}s, ${CONNECTIONS} connections, median req/s)`,
  );
  console.log('| Operation | Test mode | No extensions | Ratio | Target ≥ 0.95× |');
  console.log('|---|---|---|---|---|');
  for (const op of targets[0].ops) {
    const withMode = median(results.get(`test mode|${op.name}`));
    const without = median(results.get(`no extensions|${op.name}`));
    const ratio = withMode / without;
    console.log(
      `| ${op.name} | ${Math.round(withMode)} | ${Math.round(without)} | ${ratio.toFixed(2)}× | ${ratio >= TARGET ? 'met' : 'MISSED'} |`,
    );
  }
} finally {
  await Promise.all(children.map((child) => child.close()));
}
