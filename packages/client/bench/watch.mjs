// How soon a caller learns, confirmed, that a collection settled: from the moment the sandbox
// completes it (a drive through its control API, at a seeded random point of a 2 s polling
// cycle) to the resolution of `watchExecution` over realtime, against `waitForExecution` polling
// at the docs' 2 s, both watching the same executions in the same run. Both end on the status
// endpoint's answer. Target: realtime median ≤ 100 ms and ≥ 10× sooner than polling.
// Run after `build`: it measures dist/, what users get.
import { openInvoices, startSandbox } from '@dollr/mock';
import { WebSocket } from 'ws';
import { createDollrClient } from '../dist/index.js';
import { watchExecution } from '../dist/realtime.js';

const TRIALS = Number(process.env.BENCH_WATCH_TRIALS ?? 30);
const AT_ONCE = 6;
const POLL_MS = 2000;
const TARGET_MS = 100;
const TARGET_RATIO = 10;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(0.99 * xs.length) - 1];
// A fixed seed: the same drive offsets on every run.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const sandbox = await startSandbox({
  quiet: true,
  delays: { processingMs: 600_000, settleMs: 600_000 },
  seed: {
    sources: openInvoices(TRIALS, 7000),
  },
});
const dollr = createDollrClient({ baseUrl: sandbox.url, ...sandbox.credentials });
const realtime = { url: sandbox.realtime.url, anonKey: sandbox.realtime.anonKey, WebSocket };

async function drive(referenceId) {
  const res = await fetch(`${sandbox.rootUrl}/_sandbox/executions/${referenceId}/outcome`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await dollr.getToken()}`,
    },
    body: JSON.stringify({ status: 'COMPLETED' }),
  });
  if (!res.ok) throw new Error(`drive: ${res.status} ${await res.text()}`);
}

/** One execution watched both ways; the latencies from the drive to each resolution. */
async function trial(index, offset) {
  const session = await dollr.createSession.checkout({
    source_id: 7000 + index,
    source_type: 'INVOICE',
  });
  const { reference_id } = await dollr.collect({
    session_id: String(session.id),
    payment_account_id: '18',
    currency: 'USD',
  });
  let live;
  const joined = new Promise((resolve) => {
    live = resolve;
  });
  const done = { realtime: 0, polling: 0 };
  const viaRealtime = watchExecution(dollr, 'collection', reference_id, {
    session: { id: session.id, sourceType: 'INVOICE' },
    realtime,
    onTransport: live,
  }).then((result) => {
    if (result.via !== 'realtime') throw new Error(`fell back: ${result.fallbackReason}`);
    done.realtime = performance.now();
  });
  const startedPolling = performance.now();
  const byPolling = dollr
    .waitForExecution('collection', reference_id, { intervalMs: POLL_MS, maxIntervalMs: POLL_MS })
    .then(() => {
      done.polling = performance.now();
    });
  await joined;
  // A random point of the poller's 2 s cycle, as a real settle would be.
  await sleep(Math.max(0, startedPolling + POLL_MS + offset - performance.now()));
  const drivenAt = performance.now();
  await drive(reference_id);
  await Promise.all([viaRealtime, byPolling]);
  return { realtime: done.realtime - drivenAt, polling: done.polling - drivenAt };
}

try {
  const offsets = Array.from({ length: TRIALS }, () => random() * POLL_MS);
  const results = [];
  for (let first = 0; first < TRIALS; first += AT_ONCE) {
    const batch = offsets
      .slice(first, first + AT_ONCE)
      .map((offset, i) => trial(first + i, offset));
    results.push(...(await Promise.all(batch)));
  }
  const realtimeMs = results.map((r) => r.realtime);
  const pollingMs = results.map((r) => r.polling);
  const ratio = median(pollingMs) / median(realtimeMs);
  const line = (name, xs) =>
    `  ${name.padEnd(34)} median ${median(xs).toFixed(1).padStart(7)} ms   p99 ${p99(xs).toFixed(1).padStart(7)} ms`;
  console.log(`watchExecution: from settle to a confirmed final status, ${TRIALS} collections`);
  console.log(line('polling every 2 s (baseline)', pollingMs));
  console.log(line('watchExecution over realtime', realtimeMs));
  const met = median(realtimeMs) <= TARGET_MS && ratio >= TARGET_RATIO;
  console.log(
    `  realtime is ${ratio.toFixed(0)}× sooner; target (median ≤ ${TARGET_MS} ms and ≥ ${TARGET_RATIO}×): ${met ? 'target met' : 'target missed'}`,
  );
} finally {
  await sandbox.close();
}
