/**
 * watchExecution against the sandbox's realtime channel: the realtime path (rows, then the status
 * endpoint's confirmation), the fallbacks to polling (no key, a refused join, a join that never
 * answers, a socket refused at the handshake, another kind), a final row the status endpoint
 * contradicts, the key's refresh, and abort. Node 20 has no global WebSocket: `ws` stands in.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openInvoices, type RunningSandbox, startSandbox } from '@dollr/mock';
import { type ControlClient, createControlClient } from '@dollr/mock/control';
import { EXECUTION_STATUSES } from '@dollr/spec/vocabulary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createDollrClient, DollrAbortError, type DollrClient } from '../src/index.js';
import {
  type StatusUpdate,
  type Transport,
  type WatchOptions,
  watchExecution,
} from '../src/realtime/index.js';

const [PENDING, PROCESSING, COMPLETED, FAILED] = EXECUTION_STATUSES;
const PROCESSING_MS = 1_000;
const SETTLE_MS = 3_000;
// No safety poll in these tests unless one asks for it: what ends a watch is a row.
const QUIET = { intervalMs: 20, maxIntervalMs: 600_000 };

let sandbox: RunningSandbox;
let dollr: DollrClient;
let control: ControlClient;
let nextInvoice = 2000;

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: 'manual',
    quiet: true,
    delays: { processingMs: PROCESSING_MS, settleMs: SETTLE_MS },
    seed: {
      sources: openInvoices(40, 2000),
    },
  });
  dollr = createDollrClient({ baseUrl: sandbox.url, ...sandbox.credentials });
  control = createControlClient({ baseUrl: sandbox.rootUrl, token: () => dollr.getToken() });
});

afterAll(async () => {
  await sandbox?.close();
});

const realtime = (overrides: Partial<WatchOptions['realtime']> = {}) => ({
  url: sandbox.realtime.url,
  anonKey: sandbox.realtime.anonKey,
  WebSocket,
  ...overrides,
});

/** A checkout session on a fresh invoice and a collection sent in it (PENDING). */
async function pendingCollection(client: DollrClient = dollr) {
  const session = await client.createSession.checkout({
    source_id: nextInvoice++,
    source_type: 'INVOICE',
  });
  const execution = await client.collect({
    session_id: String(session.id),
    payment_account_id: '18',
    currency: 'USD',
  });
  expect(execution.status).toBe(PENDING);
  return {
    session: { id: session.id, sourceType: 'INVOICE' as const },
    referenceId: execution.reference_id,
  };
}

/** Starts a watch, recording what it reports; `live` resolves once it is on a transport. */
function watch(referenceId: string, options: WatchOptions, client: DollrClient = dollr) {
  const statuses: StatusUpdate[] = [];
  const transports: Transport[] = [];
  let onLive: (transport: Transport) => void = () => {};
  const live = new Promise<Transport>((resolve) => {
    onLive = resolve;
  });
  const result = watchExecution(client, 'collection', referenceId, {
    ...QUIET,
    ...options,
    onStatus: (update) => statuses.push(update),
    onTransport: (transport) => {
      transports.push(transport);
      onLive(transport);
    },
  });
  result.catch(() => {});
  return { result, statuses, transports, live };
}

/** The sandbox's requests of one operation, as the request log has them. */
async function requests(operation: string): Promise<number> {
  const { data } = await control.GET('/_sandbox/requests', { params: { query: { limit: 1000 } } });
  return (data?.requests ?? []).filter((r) => r.operation === operation).length;
}

async function subscribers(): Promise<number> {
  const { data } = await control.GET('/_sandbox/realtime');
  return data?.subscribers ?? -1;
}

async function drive(
  referenceId: string,
  body: { status: 'PROCESSING' | 'COMPLETED' | 'FAILED'; gateway_message?: string },
) {
  const { response } = await control.POST('/_sandbox/executions/{reference_id}/outcome', {
    params: { path: { reference_id: referenceId } },
    body,
  });
  expect(response.status).toBe(200);
}

async function settle() {
  await sandbox.clock.advance(PROCESSING_MS);
  await sandbox.clock.advance(SETTLE_MS);
}

/** Moves the clock one transition at a time, each once the watch has seen the status before it. */
async function stepThrough(statuses: StatusUpdate[]) {
  await expect.poll(() => statuses.length).toBe(1);
  await sandbox.clock.advance(PROCESSING_MS);
  await expect.poll(() => statuses.length).toBe(2);
  await sandbox.clock.advance(SETTLE_MS);
}

/** A websocket server on 127.0.0.1 that speaks as little Phoenix as `answer` says. */
async function fakeRealtime(answer: (frame: unknown[], send: (frame: unknown[]) => void) => void) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    socket.on('message', (data) =>
      answer(JSON.parse(String(data)), (frame) => socket.send(JSON.stringify(frame))),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

describe('the realtime path', () => {
  it('follows the rows to COMPLETED and confirms it with the status endpoint', async () => {
    const { session, referenceId } = await pendingCollection();
    const before = await requests('getCollectionStatus');
    const w = watch(referenceId, { session, realtime: realtime() });
    expect(await w.live).toEqual({ via: 'realtime' });
    await stepThrough(w.statuses);
    const result = await w.result;
    expect(result).toMatchObject({ via: 'realtime', execution: { status: COMPLETED } });
    expect(result.fallbackReason).toBeUndefined();
    expect(w.statuses).toEqual([
      { status: PENDING, via: 'realtime' },
      { status: PROCESSING, via: 'realtime' },
      { status: COMPLETED, via: 'realtime' },
    ]);
    // Once on joining (what happened before it), once to confirm the final row.
    expect((await requests('getCollectionStatus')) - before).toBe(2);
    expect(w.transports).toEqual([{ via: 'realtime' }]);
  });

  it('ends FAILED the same way, and leaves no subscriber behind', async () => {
    const { session, referenceId } = await pendingCollection();
    const w = watch(referenceId, { session, realtime: realtime() });
    await w.live;
    await drive(referenceId, { status: 'FAILED', gateway_message: 'Declined' });
    const result = await w.result;
    expect(result).toMatchObject({
      via: 'realtime',
      execution: { status: FAILED, gateway_message: 'Declined' },
    });
    await expect.poll(subscribers).toBe(0);
  });

  it('answers at once for an execution that settled before the join', async () => {
    const { session, referenceId } = await pendingCollection();
    await settle();
    const result = await watch(referenceId, { session, realtime: realtime() }).result;
    expect(result).toMatchObject({ via: 'realtime', execution: { status: COMPLETED } });
  });

  it('never takes a final row at its word: the status endpoint has the last one', async () => {
    const { session, referenceId } = await pendingCollection();
    // A channel that says COMPLETED as soon as it is joined, while the execution is PENDING.
    const liar = await fakeRealtime((frame, send) => {
      const [joinRef, ref, topic, event] = frame;
      if (event !== 'phx_join') return;
      send([joinRef, ref, topic, 'phx_reply', { status: 'ok', response: {} }]);
      const record = { reference_id: referenceId, session_id: session.id, status: COMPLETED };
      send([
        joinRef,
        null,
        topic,
        'postgres_changes',
        { ids: [1], data: { type: 'UPDATE', record } },
      ]);
    });
    try {
      const before = await requests('getCollectionStatus');
      const w = watch(referenceId, { session, realtime: realtime({ url: liar.url }) });
      await w.live;
      // Asked once on joining, then again to confirm the row, and found PENDING.
      await expect.poll(() => requests('getCollectionStatus')).toBeGreaterThanOrEqual(before + 2);
      await drive(referenceId, { status: 'FAILED', gateway_message: 'Declined' });
      const result = await w.result;
      expect(result.execution.status).toBe(FAILED);
      // COMPLETED was never announced: only what the status endpoint confirmed.
      expect(w.statuses.map((s) => s.status)).toEqual([PENDING, FAILED]);
    } finally {
      await liar.close();
    }
  });
});

describe('falling back to polling', () => {
  it('when the key is refused (a session of another source type)', async () => {
    const { session, referenceId } = await pendingCollection();
    const w = watch(referenceId, {
      session: { ...session, sourceType: 'ORDER' },
      realtime: realtime(),
    });
    const transport = await w.live;
    expect(transport.via).toBe('polling');
    expect(transport).toMatchObject({
      reason: expect.stringMatching(/^no realtime key: .*session/),
    });
    await settle();
    expect(await w.result).toMatchObject({ via: 'polling', execution: { status: COMPLETED } });
  });

  it('on CHANNEL_ERROR: the join is refused (a key the sandbox did not issue)', async () => {
    class ForgedKey extends WebSocket {
      override send(data: string) {
        super.send(data.replace(/"access_token":"[^"]+"/, '"access_token":"not.a.jwt"'));
      }
    }
    const { session, referenceId } = await pendingCollection();
    const w = watch(referenceId, { session, realtime: realtime({ WebSocket: ForgedKey }) });
    const transport = await w.live;
    expect(transport).toMatchObject({
      via: 'polling',
      reason: expect.stringMatching(/^the channel was refused: /),
    });
    await stepThrough(w.statuses);
    expect(await w.result).toMatchObject({ via: 'polling', execution: { status: COMPLETED } });
    expect(w.statuses.map((s) => s.via)).toEqual(['polling', 'polling', 'polling']);
  });

  it('when the join is not answered in time', async () => {
    const silent = await fakeRealtime(() => {});
    try {
      const { session, referenceId } = await pendingCollection();
      const w = watch(referenceId, {
        session,
        realtime: realtime({ url: silent.url, joinTimeoutMs: 100 }),
      });
      expect(await w.live).toEqual({
        via: 'polling',
        reason: 'the channel did not join within 100 ms',
      });
      await settle();
      expect((await w.result).execution.status).toBe(COMPLETED);
    } finally {
      await silent.close();
    }
  });

  it('when the socket never opens (a server that takes the connection and says nothing)', async () => {
    const mute = createServer(() => {});
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = mute.address() as AddressInfo;
      const { session, referenceId } = await pendingCollection();
      const w = watch(referenceId, {
        session,
        realtime: realtime({ url: `http://127.0.0.1:${port}`, joinTimeoutMs: 100 }),
      });
      expect(await w.live).toEqual({
        via: 'polling',
        reason: 'the channel did not join within 100 ms',
      });
      await stepThrough(w.statuses);
      expect((await w.result).execution.status).toBe(COMPLETED);
    } finally {
      mute.closeAllConnections?.();
      await new Promise((resolve) => mute.close(resolve));
    }
  });

  it('when the handshake is refused (a wrong anon key)', async () => {
    const { session, referenceId } = await pendingCollection();
    const w = watch(referenceId, { session, realtime: realtime({ anonKey: 'nope' }) });
    expect(await w.live).toMatchObject({
      via: 'polling',
      reason: expect.stringMatching(/realtime socket/),
    });
    await settle();
    expect((await w.result).execution.status).toBe(COMPLETED);
  });

  it('when the channel closes mid-watch (the key expired on the sandbox clock)', async () => {
    const { session, referenceId } = await pendingCollection();
    const w = watch(referenceId, { session, realtime: realtime() });
    await w.live;
    await drive(referenceId, { status: 'PROCESSING' });
    await sandbox.clock.advance(sandbox.realtime.keyTtlSeconds * 1000 + 1000);
    await expect.poll(() => w.transports.length).toBe(2);
    expect(w.transports[1]).toMatchObject({
      via: 'polling',
      reason: expect.stringMatching(/^the channel failed: .*expired/),
    });
    await drive(referenceId, { status: 'COMPLETED' });
    expect(await w.result).toMatchObject({ via: 'polling', execution: { status: COMPLETED } });
  });

  it('without a session or a realtime configuration, or for another kind, with the reason', async () => {
    const { referenceId } = await pendingCollection();
    await settle();
    const results = await Promise.all([
      watchExecution(dollr, 'collection', referenceId, { realtime: realtime() }),
      watchExecution(dollr, 'collection', referenceId, {}),
    ]);
    expect(results.map((r) => [r.via, r.fallbackReason, r.execution.status])).toEqual([
      ['polling', 'no checkout session given (session.id and session.sourceType)', COMPLETED],
      ['polling', 'no realtime configured', COMPLETED],
    ]);
    const transports: Transport[] = [];
    await expect(
      watchExecution(dollr, 'payout', referenceId, {
        realtime: realtime(),
        onTransport: (t) => transports.push(t),
      }),
    ).rejects.toMatchObject({ code: 'api_error', status: 404 });
    expect(transports).toEqual([
      { via: 'polling', reason: 'realtime keys exist for collections only, not for a payout' },
    ]);
  });

  it.runIf(globalThis.WebSocket === undefined)(
    'on a runtime without a WebSocket (Node 20)',
    async () => {
      const { session, referenceId } = await pendingCollection();
      await settle();
      const { WebSocket: _none, ...withoutWs } = realtime();
      const result = await watchExecution(dollr, 'collection', referenceId, {
        session,
        realtime: withoutWs,
      });
      expect(result.fallbackReason).toBe(
        "no WebSocket in this runtime (on Node 20, pass realtime.WebSocket from 'ws')",
      );
    },
  );

  it.runIf(globalThis.WebSocket !== undefined)("uses the runtime's own WebSocket", async () => {
    const { session, referenceId } = await pendingCollection();
    const { WebSocket: _none, ...withoutWs } = realtime();
    const w = watch(referenceId, { session, realtime: withoutWs });
    expect(await w.live).toEqual({ via: 'realtime' });
    await settle();
    expect(await w.result).toMatchObject({ via: 'realtime', execution: { status: COMPLETED } });
  });
});

describe('the key refresh', () => {
  const TTL_SECONDS = 6;
  let realClock: RunningSandbox;

  beforeAll(async () => {
    realClock = await startSandbox({
      quiet: true,
      realtimeKeyTtlSeconds: TTL_SECONDS,
      delays: { processingMs: 600_000, settleMs: 600_000 },
      seed: {
        sources: openInvoices(1, 1),
      },
    });
  });

  afterAll(async () => {
    await realClock?.close();
  });

  it('hands the channel a new key halfway through a short one: it outlives the first key', async () => {
    const client = createDollrClient({ baseUrl: realClock.url, ...realClock.credentials });
    const realControl = createControlClient({
      baseUrl: realClock.rootUrl,
      token: () => client.getToken(),
    });
    const session = await client.createSession.checkout({ source_id: 1, source_type: 'INVOICE' });
    const { reference_id: referenceId } = await client.collect({
      session_id: String(session.id),
      payment_account_id: '18',
      currency: 'USD',
    });
    const firstKeyAt = Date.now();
    const w = watch(
      referenceId,
      {
        session: { id: session.id, sourceType: 'INVOICE' },
        realtime: { url: realClock.realtime.url, anonKey: realClock.realtime.anonKey, WebSocket },
      },
      client,
    );
    expect(await w.live).toEqual({ via: 'realtime' });
    const keys = async () => {
      const { data } = await realControl.GET('/_sandbox/requests', {
        params: { query: { limit: 1000 } },
      });
      return (data?.requests ?? []).filter((r) => r.operation === 'createCollectionRealtimeKey')
        .length;
    };
    await expect.poll(keys, { timeout: TTL_SECONDS * 1000, interval: 200 }).toBe(2);
    // Past the first key's expiry: without the refresh, the sandbox would have closed the channel.
    await new Promise((resolve) =>
      setTimeout(resolve, firstKeyAt + TTL_SECONDS * 1000 + 500 - Date.now()),
    );
    const { response } = await realControl.POST('/_sandbox/executions/{reference_id}/outcome', {
      params: { path: { reference_id: referenceId } },
      body: { status: 'COMPLETED' },
    });
    expect(response.status).toBe(200);
    expect(await w.result).toMatchObject({ via: 'realtime', execution: { status: COMPLETED } });
    expect(w.transports).toEqual([{ via: 'realtime' }]);
  }, 20_000);
});

describe('abort', () => {
  it('rejects with DollrAbortError and closes the channel', async () => {
    const { session, referenceId } = await pendingCollection();
    const abort = new AbortController();
    const w = watch(referenceId, { session, realtime: realtime(), signal: abort.signal });
    await w.live;
    await expect.poll(subscribers).toBe(1);
    abort.abort();
    await expect(w.result).rejects.toBeInstanceOf(DollrAbortError);
    await expect(w.result).rejects.toMatchObject({ referenceId });
    await expect.poll(subscribers).toBe(0);
  });
});
