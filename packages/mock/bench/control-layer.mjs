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
import { join } from 'node:path';
import { TEST_CREDENTIALS } from '../dist/index.js';
import {
  load as loadWith,
  median,
  operations,
  prepareSandbox,
  printedBaseUrl,
  requireBuild,
  PACKAGE_ROOT as root,
} from './lib.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 10;
const TARGET = 0.95;

requireBuild('dist/index.js');

async function startServer(extra) {
  const child = spawn(process.execPath, [join(root, 'bench', 'serve-sandbox.mjs'), ...extra], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = [];
  child.stdout.on('data', (chunk) => {
    for (const match of String(chunk).matchAll(/cpu: (\d+)/g)) waiting.shift()?.(Number(match[1]));
  });
  /** The CPU time (µs) the server has used so far. */
  const cpu = () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      child.stdin.write('cpu\n');
    });
  const { url } = await printedBaseUrl(child);
  const close = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { url, cpu, close };
}

/** A token and one execution to read, as the two measured operations. */
const prepare = async (url) => operations(await prepareSandbox(url, TEST_CREDENTIALS));
const load = (url, op, duration) => loadWith(url, op, { connections: CONNECTIONS, duration });

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
        const cpuBefore = await Promise.all(servers.map((server) => server.cpu()));
        const [withLayer, bare] = await Promise.all(
          servers.map((server) => load(server.url, server.ops[i], DURATION)),
        );
        const cpuAfter = await Promise.all(servers.map((server) => server.cpu()));
        const cpuPerRequest = [withLayer, bare].map(
          (result, s) => (cpuAfter[s] - cpuBefore[s]) / result.requests.total,
        );
        const key = servers[0].ops[i].name;
        const cell = results.get(key) ?? {
          with: [],
          bare: [],
          ratios: [],
          p99: [[], []],
          cpu: [[], []],
          errors: 0,
        };
        cell.cpu[0].push(cpuPerRequest[0]);
        cell.cpu[1].push(cpuPerRequest[1]);
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
      'with CPU µs/req': Math.round(median(cell.cpu[0])),
      'bare CPU µs/req': Math.round(median(cell.cpu[1])),
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
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
