#!/usr/bin/env node
/**
 * How soon a page learns that a collection moved: from the status change in the sandbox (the
 * row's `updated_at`, on the sandbox's real clock) to the `postgres_changes` event in a websocket
 * subscriber, against the baseline of polling `GET /status/collection/{id}` at the docs' 2 s
 * interval, in the same run, over the same changes (PENDING → PROCESSING → COMPLETED, timer
 * driven). Target: realtime median ≤ 50 ms and ≥ 10× better than polling.
 *
 *   pnpm --filter @dollr/mock bench            (after a build)
 *   BENCH_REALTIME_CHANGES=400 node bench/realtime.mjs
 *
 * On Node 20 (no global WebSocket for realtime-js) the subscriber is a Phoenix client over `ws`.
 */
import { randomUUID } from 'node:crypto';
import { REALTIME_COLLECTION } from '@dollr/spec/vocabulary';
import { WebSocket } from 'ws';
import { openInvoices, startSandbox, TEST_CREDENTIALS } from '../dist/index.js';
import { median, requireBuild } from './lib.mjs';

requireBuild('dist/index.js');

const CHANGES = Number(process.env.BENCH_REALTIME_CHANGES ?? 200);
/** Two timed changes per collection: PENDING → PROCESSING, PROCESSING → COMPLETED. */
const COLLECTIONS = Math.ceil(CHANGES / 2);
const POLL_MS = 2000;
const TARGET_MS = 50;
const TARGET_RATIO = 10;
const [, PROCESSING, COMPLETED] = ['PENDING', 'PROCESSING', 'COMPLETED'];

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const sandbox = await startSandbox({
  quiet: true,
  delays: { processingMs: 1000, settleMs: 1500 },
  seed: {
    sources: openInvoices(COLLECTIONS, 5000),
  },
});

async function call(method, path, body, token) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const { access_token: token } = await call('POST', '/jwt/client/obtain/token', {
  client_id: TEST_CREDENTIALS.clientId,
  client_secret: TEST_CREDENTIALS.clientSecret,
});

/** When each change happened (sandbox time) and when each side saw it (wall time, same clock). */
const changedAt = new Map();
const realtimeSeen = new Map();
const pollSeen = new Map();
const key = (reference, status) => `${reference} ${status}`;

const ws = new WebSocket(
  `${sandbox.realtime.websocketUrl}?apikey=${sandbox.realtime.anonKey}&vsn=2.0.0`,
);
await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
ws.on('message', (data) => {
  const now = Date.now();
  const [, , , event, payload] = JSON.parse(data.toString());
  if (event !== REALTIME_COLLECTION.event) return;
  const { reference_id, status, updated_at } = payload.data.record;
  changedAt.set(key(reference_id, status), Date.parse(updated_at));
  realtimeSeen.set(key(reference_id, status), now);
});

let ref = 0;
const collections = [];
for (let i = 0; i < COLLECTIONS; i++) {
  const session = await call(
    'POST',
    '/sessions/checkout',
    {
      source_id: 5000 + i,
      source_type: 'INVOICE',
    },
    token,
  );
  const referenceId = randomUUID();
  const { access_token } = await call(
    'POST',
    '/realtime-keys/collection',
    {
      session_id: session.id,
      source_type: 'INVOICE',
      reference_id: referenceId,
    },
    token,
  );
  const topic = `realtime:${REALTIME_COLLECTION.channel
    .replace('{session_id}', String(session.id))
    .replace('{reference_id}', referenceId)}`;
  ref++;
  ws.send(
    JSON.stringify([
      String(ref),
      String(ref),
      topic,
      'phx_join',
      {
        access_token,
        config: {
          postgres_changes: [
            {
              event: REALTIME_COLLECTION.postgresEvent,
              schema: REALTIME_COLLECTION.schema,
              table: REALTIME_COLLECTION.table,
              filter: REALTIME_COLLECTION.filter.replace('{reference_id}', referenceId),
            },
          ],
        },
      },
    ]),
  );
  collections.push({ sessionId: session.id, referenceId });
}

/** The baseline: one poller per collection, every 2 s from a random phase, as pages do. */
const pollers = [];
function poll({ referenceId }) {
  let last = 'PENDING';
  const tick = async () => {
    const { status } = await call('GET', `/status/collection/${referenceId}`, undefined, token);
    const now = Date.now();
    if (status !== last) {
      // A poll that finds COMPLETED also reveals a PROCESSING it never saw.
      const reached = status === COMPLETED ? [PROCESSING, COMPLETED] : [status];
      for (const s of reached)
        if (!pollSeen.has(key(referenceId, s))) pollSeen.set(key(referenceId, s), now);
      last = status;
    }
    if (status !== COMPLETED) pollers.push(setTimeout(tick, POLL_MS));
  };
  pollers.push(setTimeout(tick, Math.random() * POLL_MS));
}

for (const c of collections) {
  await call(
    'POST',
    '/executions/collection',
    {
      session_id: String(c.sessionId),
      payment_account_id: '18',
      currency: 'USD',
      reference_id: c.referenceId,
    },
    token,
  );
  poll(c);
  // Spread the changes over time, as real payments are.
  await new Promise((resolve) => setTimeout(resolve, 15));
}

const expected = collections.flatMap((c) =>
  [PROCESSING, COMPLETED].map((s) => key(c.referenceId, s)),
);
const deadline = Date.now() + 60_000;
while (expected.some((k) => !realtimeSeen.has(k) || !pollSeen.has(k))) {
  if (Date.now() > deadline) throw new Error('not every change was seen within 60 s');
  await new Promise((resolve) => setTimeout(resolve, 50));
}
for (const timer of pollers) clearTimeout(timer);
ws.close();
await sandbox.close();

const realtime = expected.map((k) => realtimeSeen.get(k) - changedAt.get(k));
const polling = expected.map((k) => pollSeen.get(k) - changedAt.get(k));
const [rtMedian, pollMedian] = [median(realtime), median(polling)];
const ratio = pollMedian / rtMedian;
const met = rtMedian <= TARGET_MS && ratio >= TARGET_RATIO;
console.log(
  `\nStatus change → page knows (${expected.length} changes, ${COLLECTIONS} collections)`,
);
console.log('| How | Median | p99 |');
console.log('|---|---|---|');
console.log(
  `| polling every ${POLL_MS / 1000} s (baseline) | ${pollMedian.toFixed(1)} ms | ${percentile(polling, 99).toFixed(1)} ms |`,
);
console.log(
  `| realtime websocket | ${rtMedian.toFixed(1)} ms | ${percentile(realtime, 99).toFixed(1)} ms |`,
);
console.log(
  `realtime is ${ratio.toFixed(0)}× sooner than polling; target (median ≤ ${TARGET_MS} ms, ≥ ${TARGET_RATIO}×): ${met ? 'target met' : 'target missed'}`,
);
