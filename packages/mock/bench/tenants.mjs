#!/usr/bin/env node
/**
 * What a new isolated sandbox costs inside a running process: a tenant (in-process, and over
 * HTTP with `POST /_sandbox/tenants`) against the baseline of a whole new `createSandbox()`, in
 * the same run. Target: a tenant in ≤ 5 ms (median).
 *
 *   pnpm --filter @dollr/mock bench            (after a build)
 *   BENCH_TENANTS=1000 node bench/tenants.mjs
 */
import { createSandbox, startSandbox, TEST_CREDENTIALS } from '../dist/index.js';
import { median } from './lib.mjs';

const COUNT = Number(process.env.BENCH_TENANTS ?? 300);
const TARGET_MS = 5;

async function timeEach(count, fn) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return median(times);
}

// Warm up module-level work (spec parsing, validator compilation) outside the measurements.
createSandbox({ quiet: true }).close();

const baseline = await timeEach(Math.min(COUNT, 50), () => createSandbox({ quiet: true }).close());

const host = createSandbox({ quiet: true });
const inProcess = await timeEach(COUNT, () => host.tenants.create());
host.close();

const server = await startSandbox({ quiet: true });
const res = await fetch(`${server.url}/jwt/client/obtain/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    client_id: TEST_CREDENTIALS.clientId,
    client_secret: TEST_CREDENTIALS.clientSecret,
  }),
});
const { access_token } = await res.json();
const overHttp = await timeEach(COUNT, async () => {
  const answer = await fetch(`${server.rootUrl}/_sandbox/tenants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
    body: '{}',
  });
  if (answer.status !== 201) throw new Error(`POST /_sandbox/tenants: ${answer.status}`);
  await answer.arrayBuffer();
});
await server.close();

const row = (name, ms) =>
  `| ${name} | ${ms.toFixed(3)} ms | ${(baseline / ms).toFixed(1)}× faster | ${ms <= TARGET_MS ? 'met' : 'MISSED'} |`;
console.log(
  `\nNew isolated sandbox in a running process (median, ${COUNT} each; baseline ${Math.min(COUNT, 50)})`,
);
console.log('| How | Median | vs createSandbox() | Target ≤ 5 ms |');
console.log('|---|---|---|---|');
console.log(
  `| createSandbox() (baseline) | ${baseline.toFixed(3)} ms | 1.0× | ${baseline <= TARGET_MS ? 'met' : 'MISSED'} |`,
);
console.log(row('tenant, in-process (tenants.create())', inProcess));
console.log(row('tenant, over HTTP (POST /_sandbox/tenants)', overHttp));
