#!/usr/bin/env node
/**
 * Throughput and p99 latency of the sandbox against the Prism mock: same operations (a status
 * lookup also as a browser page sends it, with CORS), same load,
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
import { join } from 'node:path';
import { startMock, TEST_CREDENTIALS } from '../dist/index.js';
import {
  load as loadWith,
  median,
  operations,
  PACKAGE_ROOT,
  prepareSandbox,
  printedBaseUrl,
  requireBuild,
} from './lib.mjs';

const cli = join(PACKAGE_ROOT, 'dist', 'cli.js');
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = [10, 50];
const TARGET = 5;

requireBuild('dist/cli.js');

/**
 * The two operations, and the status lookup again as a page on localhost sends it: with an
 * `Origin` header, so the answer carries CORS headers.
 */
function measured(prepared) {
  const ops = operations(prepared);
  const lookup = ops[1];
  const origin = 'http://localhost:5173';
  return [
    ...ops,
    { ...lookup, name: `${lookup.name} (page)`, headers: { ...lookup.headers, origin } },
  ];
}

/** The sandbox CLI in a child process of its own, like Prism. */
async function startSandboxProcess(extra = []) {
  const child = spawn(process.execPath, [cli, '--stateful', '--port', '0', '--quiet', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const { url } = await printedBaseUrl(child);
  const close = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      process.kill(-child.pid, 'SIGTERM');
    });
  return { url, close };
}

async function main() {
  console.log(
    `Bench: ${ROUNDS} rounds × ${DURATION}s per cell, connections ${CONNECTIONS.join(' and ')}, loopback.`,
  );
  const sandbox = await startSandboxProcess();
  const mock = await startMock();
  const targets = [
    {
      name: 'sandbox',
      url: sandbox.url,
      ops: measured(await prepareSandbox(sandbox.url, TEST_CREDENTIALS)),
    },
    {
      name: 'prism',
      url: mock.url,
      ops: measured({
        headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
        referenceId: randomUUID(),
      }),
    },
  ];
  const results = new Map();
  try {
    // Warm-up: JIT and connection setup, not measured.
    for (const target of targets) {
      for (const op of target.ops) await loadWith(target.url, op, { connections: 10, duration: 1 });
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const connections of CONNECTIONS) {
        for (const target of order) {
          for (const op of target.ops) {
            const result = await loadWith(target.url, op, { connections, duration: DURATION });
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
  for (const op of targets[0].ops) {
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
