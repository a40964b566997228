/**
 * The sandbox's realtime websocket at the protocol level, with a raw Phoenix client over `ws`:
 * join, heartbeat, rows for every status change in order, row-level security, refused keys and
 * apikeys with Supabase Realtime's wording, token refresh, leave; in both protocol versions.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EXECUTION_STATUSES, REALTIME_COLLECTION } from '@dollr/spec/vocabulary';
import { tempDir } from '@dollr/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openInvoices, type RunningSandbox, startSandbox } from '../src/index.js';
import { SANDBOX_ANON_KEY } from '../src/sandbox/realtime/keys.js';
import { attachRealtime } from '../src/sandbox/realtime/socket.js';
import { createSandbox } from '../src/sandbox/server.js';
import {
  binding,
  channelFor,
  prepareCollection,
  RawSubscriber,
  type Vsn,
} from './realtime-support.js';
import { type Api, api, type Json, ref } from './support.js';

const PROCESSING_MS = 1000;
const SETTLE_MS = 3000;
const [PENDING, PROCESSING, COMPLETED, FAILED] = EXECUTION_STATUSES;

let sandbox: RunningSandbox;
let client: Api;
let root: Api;
let token: string;
let nextInvoice = 1000;
const open: RawSubscriber[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: 'manual',
    quiet: true,
    delays: { processingMs: PROCESSING_MS, settleMs: SETTLE_MS },
    seed: {
      sources: openInvoices(60, 1000),
    },
  });
  client = api(sandbox.url);
  root = api(sandbox.rootUrl);
  token = await client.token();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await sandbox?.close();
});

async function subscriber(vsn: Vsn = '2.0.0', apikey: string | null = SANDBOX_ANON_KEY) {
  const s = await RawSubscriber.connect(sandbox.rootUrl, apikey, vsn);
  open.push(s);
  return s;
}

const invoice = () => nextInvoice++;
const statuses = (changes: Json[]) => changes.map((c) => [c.data.type, c.data.record.status]);
const advance = (ms: number) => sandbox.clock.advance(ms);
/** The rows of a collection's whole life: created PENDING, then PROCESSING, then `final`. */
/** Collects while a subscriber with the collection's own key watches, until it sees COMPLETED. */
async function collectWhileWitnessed(c: Awaited<ReturnType<typeof prepareCollection>>) {
  const witness = await subscriber();
  await witness.join(c.key, c.sessionId, c.referenceId);
  await c.collect();
  await advance(PROCESSING_MS + SETTLE_MS);
  await witness.next((f) => f.payload?.data?.record?.status === COMPLETED);
}

const lifecycle = (final: string) => [
  ['INSERT', PENDING],
  ['UPDATE', PROCESSING],
  ['UPDATE', final],
];

describe.each(['2.0.0', '1.0.0'] as const)('vsn %s', (vsn) => {
  it('joins with the docs binding: ok with the binding ids, then "Subscribed to PostgreSQL"', async () => {
    const s = await subscriber(vsn);
    const c = await prepareCollection(client, token, invoice());
    const { topic, joinRef, reply } = await s.join(c.key, c.sessionId, c.referenceId);
    expect(reply.join_ref).toBe(joinRef);
    expect(reply.payload.status).toBe('ok');
    const [bound] = reply.payload.response.postgres_changes;
    expect(bound).toEqual({ ...binding(c.referenceId), id: expect.any(Number) });
    const sys = await s.next((f) => f.event === 'system');
    expect(sys).toMatchObject({ topic, join_ref: joinRef, ref: null });
    expect(sys.payload).toEqual({
      extension: 'postgres_changes',
      status: 'ok',
      message: 'Subscribed to PostgreSQL',
      channel: channelFor(c.sessionId, c.referenceId),
    });
  });

  it('sends a row for every status change, in order: INSERT PENDING, UPDATE PROCESSING, UPDATE COMPLETED', async () => {
    const s = await subscriber(vsn);
    const c = await prepareCollection(client, token, invoice());
    const { topic, reply } = await s.join(c.key, c.sessionId, c.referenceId);
    const id = reply.payload.response.postgres_changes[0].id;
    expect((await c.collect('18')).status).toBe(200);
    await s.next((f) => f.event === REALTIME_COLLECTION.event);
    await advance(PROCESSING_MS);
    await s.next(
      (f) => f.event === REALTIME_COLLECTION.event && f.payload.data.record.status === PROCESSING,
    );
    await advance(SETTLE_MS);
    await s.next(
      (f) => f.event === REALTIME_COLLECTION.event && f.payload.data.record.status === COMPLETED,
    );
    const changes = s.changes(topic);
    expect(statuses(changes)).toEqual(lifecycle(COMPLETED));
    for (const change of changes) {
      expect(change.ids).toEqual([id]);
      expect(change.data).toMatchObject({
        schema: REALTIME_COLLECTION.schema,
        table: REALTIME_COLLECTION.table,
        errors: null,
      });
      expect(change.data.record).toEqual({
        reference_id: c.referenceId,
        session_id: c.sessionId,
        source_type: 'INVOICE',
        status: expect.any(String),
        updated_at: change.data.commit_timestamp,
      });
      expect(change.data.columns.map((col: Json) => col.name)).toEqual(
        Object.keys(change.data.record),
      );
    }
    expect(changes[1].data.old_record).toEqual({ reference_id: c.referenceId });
  });
});

describe('events', () => {
  it('sends both transitions when one advance crosses them, and FAILED for a failing account', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    const { topic } = await s.join(c.key, c.sessionId, c.referenceId);
    await c.collect('19');
    await advance(PROCESSING_MS + SETTLE_MS);
    await s.next(
      (f) => f.event === REALTIME_COLLECTION.event && f.payload.data.record.status === FAILED,
    );
    expect(statuses(s.changes(topic))).toEqual(lifecycle(FAILED));
  });

  it('sends nothing for another reference id, even another collection of the same merchant', async () => {
    const s = await subscriber();
    const mine = await prepareCollection(client, token, invoice());
    const other = await prepareCollection(client, token, invoice());
    const { topic } = await s.join(mine.key, mine.sessionId, mine.referenceId);
    await other.collect();
    await mine.collect();
    await advance(PROCESSING_MS + SETTLE_MS);
    await s.next(
      (f) => f.event === REALTIME_COLLECTION.event && f.payload.data.record.status === COMPLETED,
    );
    const seen = s.frames.filter((f) => f.event === REALTIME_COLLECTION.event);
    expect(seen.map((f) => f.payload.data.record.reference_id)).toEqual([
      mine.referenceId,
      mine.referenceId,
      mine.referenceId,
    ]);
    expect(seen.every((f) => f.topic === topic)).toBe(true);
  });

  it('a key for another session or another tenant joins but sees no row of this collection', async () => {
    const target = await prepareCollection(client, token, invoice());
    const bystander = await prepareCollection(client, token, invoice());
    const { tenant, clientSecret } = sandbox.tenants.create({ name: 'other', clock: 'manual' });
    const otherToken = await client.token({
      clientId: tenant.clientIds[0] as string,
      clientSecret,
    });
    const foreign = await prepareCollection(client, otherToken, 101);
    const [sessionKey, tenantKey, witness] = [
      await subscriber(),
      await subscriber(),
      await subscriber(),
    ];
    const joins = [
      await sessionKey.join(bystander.key, target.sessionId, target.referenceId),
      await tenantKey.join(foreign.key, target.sessionId, target.referenceId),
      await witness.join(target.key, target.sessionId, target.referenceId),
    ];
    expect(joins.map((j) => j.reply.payload.status)).toEqual(['ok', 'ok', 'ok']);
    await target.collect();
    await advance(PROCESSING_MS + SETTLE_MS);
    await witness.next((f) => f.payload?.data?.record?.status === COMPLETED);
    expect(witness.changes(joins[2]?.topic as string)).toHaveLength(3);
    expect(sessionKey.frames.filter((f) => f.event === REALTIME_COLLECTION.event)).toEqual([]);
    expect(tenantKey.frames.filter((f) => f.event === REALTIME_COLLECTION.event)).toEqual([]);
  });

  it('the anon key alone joins and sees nothing', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    const { topic, reply } = await s.join(undefined, c.sessionId, c.referenceId);
    expect(reply.payload.status).toBe('ok');
    await collectWhileWitnessed(c);
    expect(s.changes(topic)).toEqual([]);
  });

  it('a failing subscriber never fails the request that moved the money', async () => {
    const off = sandbox.tenants.default.feed.onChange(() => {
      throw new Error('broken subscriber');
    });
    try {
      const c = await prepareCollection(client, token, invoice());
      expect((await c.collect()).status).toBe(200);
    } finally {
      off();
    }
  });

  it('the control API drives emit rows too', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    const { topic } = await s.join(c.key, c.sessionId, c.referenceId);
    await c.collect();
    const driven = await root.call('POST', `/_sandbox/executions/${c.referenceId}/outcome`, {
      token,
      body: { status: 'FAILED', gateway_message: 'Declined' },
    });
    expect(driven.status).toBe(200);
    await s.next((f) => f.payload?.data?.record?.status === FAILED);
    expect(statuses(s.changes(topic))).toEqual(lifecycle(FAILED));
  });

  it('stops sending after phx_leave, which is answered ok', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    const { topic, joinRef } = await s.join(c.key, c.sessionId, c.referenceId);
    const leave = s.send(topic, 'phx_leave', {}, joinRef);
    expect((await s.reply(leave)).payload).toEqual({ status: 'ok', response: {} });
    await collectWhileWitnessed(c);
    expect(s.changes(topic)).toEqual([]);
  });
});

describe.each([
  ['in memory', false],
  ['in a SQLite file', true],
] as const)('with the real clock, %s', (_, sqlite) => {
  it('sends the transitions when they are due, without any request', async () => {
    const folder = tempDir('dollr-realtime-db');
    const live = await startSandbox({
      quiet: true,
      delays: { processingMs: 50, settleMs: 50 },
      db: sqlite ? join(folder.dir, 'sandbox.db') : undefined,
    });
    try {
      const liveClient = api(live.url);
      const c = await prepareCollection(liveClient, await liveClient.token(), 101);
      const s = await RawSubscriber.connect(live.rootUrl, live.realtime.anonKey);
      open.push(s);
      const { topic } = await s.join(c.key, c.sessionId, c.referenceId);
      await c.collect();
      await s.next((f) => f.payload?.data?.record?.status === COMPLETED, 10_000);
      expect(statuses(s.changes(topic))).toEqual(lifecycle(COMPLETED));
    } finally {
      await live.close();
      folder.remove();
    }
  });
});

describe('protocol', () => {
  it('closes a socket that sends nothing, not even a heartbeat, for the idle timeout', async () => {
    const host = createSandbox({ quiet: true });
    const server = createServer();
    const socket = attachRealtime(server, host.tenants, 100);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const s = await RawSubscriber.connect(`http://127.0.0.1:${port}`, SANDBOX_ANON_KEY);
      expect(await s.closed()).toBe(1000);
    } finally {
      socket.close();
      await new Promise((resolve) => server.close(resolve));
      host.close();
    }
  });

  it('answers a heartbeat on topic phoenix', async () => {
    const s = await subscriber();
    const hb = s.send('phoenix', 'heartbeat', {});
    expect(await s.reply(hb)).toEqual({
      join_ref: null,
      ref: hb,
      topic: 'phoenix',
      event: 'phx_reply',
      payload: { status: 'ok', response: {} },
    });
  });

  it('answers unmatched topic for a message to a channel it did not join', async () => {
    const s = await subscriber();
    const r = s.send('realtime:nowhere', 'access_token', { access_token: 'x' }, '9');
    expect((await s.reply(r)).payload).toEqual({
      status: 'error',
      response: { reason: 'unmatched topic' },
    });
  });

  it('reports a binding it cannot serve with a postgres_changes system error', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    const topic = `realtime:${channelFor(c.sessionId, c.referenceId)}`;
    const r = s.send(topic, 'phx_join', {
      access_token: c.key,
      config: { postgres_changes: [{ event: '*', schema: 'public', table: 'payments' }] },
    });
    expect((await s.reply(r)).payload.status).toBe('ok');
    const sys = await s.next((f) => f.event === 'system');
    expect(sys.payload.status).toBe('error');
    expect(sys.payload.message).toMatch(/^Unable to subscribe to changes with given parameters/);
  });
});

describe('refused keys', () => {
  it('refuses an expired key at join, after advanceClock past expires_in', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    expect(c.expiresIn).toBe(600);
    await advance((c.expiresIn + 5) * 1000);
    token = await client.token();
    const { reply } = await s.join(c.key, c.sessionId, c.referenceId);
    expect(reply.payload).toEqual({
      status: 'error',
      response: { reason: 'InvalidJWTToken: Token has expired 5 seconds ago' },
    });
  });

  it('closes a joined channel when its key expires: system error, then phx_close', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    const { topic, joinRef } = await s.join(c.key, c.sessionId, c.referenceId);
    await advance((c.expiresIn + 1) * 1000);
    token = await client.token();
    const sys = await s.next((f) => f.event === 'system' && f.payload.status === 'error');
    expect(sys.payload).toEqual({
      extension: 'system',
      status: 'error',
      message: 'Token has expired 1 seconds ago',
      channel: channelFor(c.sessionId, c.referenceId),
    });
    const close = await s.next((f) => f.event === 'phx_close');
    expect(close).toMatchObject({ topic, join_ref: joinRef, payload: {} });
  });

  it('refuses a malformed key and a key it did not issue, with Realtime’s reasons', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    const malformed = await s.join('not-a-jwt', c.sessionId, c.referenceId);
    expect(malformed.reply.payload.response.reason).toBe(
      'MalformedJWT: The token provided is not a valid JWT',
    );
    const forged = `${c.key.slice(0, c.key.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    const unknown = await s.join(forged, c.sessionId, c.referenceId);
    expect(unknown.reply.payload.response.reason).toBe(
      'JwtSignatureError: Failed to validate JWT signature',
    );
  });

  it('refuses a bad apikey at the handshake with 401 and Realtime’s error', async () => {
    const cases: Array<[string | null, string]> = [
      [null, 'API key is missing'],
      ['garbage', 'The token provided is not a valid JWT'],
      [`${SANDBOX_ANON_KEY.slice(0, -4)}AAAA`, 'Failed to validate JWT signature'],
    ];
    for (const [apikey, error] of cases) {
      const refused = await RawSubscriber.connect(sandbox.rootUrl, apikey).then(
        () => undefined,
        (e) => e,
      );
      expect(refused?.status, String(apikey)).toBe(401);
      expect(JSON.parse(refused.body)).toEqual({ error });
    }
  });

  it('takes a refreshed key (access_token) and closes the channel on a refused one', async () => {
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    const { topic, joinRef } = await s.join(c.key, c.sessionId, c.referenceId);
    const again = await client.call('POST', '/realtime-keys/collection', {
      token,
      body: { session_id: c.sessionId, source_type: 'INVOICE', reference_id: c.referenceId },
    });
    s.send(topic, 'access_token', { access_token: again.body.access_token }, joinRef);
    await c.collect();
    await s.next((f) => f.payload?.data?.record?.status === PENDING);
    s.send(topic, 'access_token', { access_token: 'broken' }, joinRef);
    const sys = await s.next((f) => f.event === 'system' && f.payload.extension === 'system');
    expect(sys.payload.message).toBe('The token provided is not a valid JWT');
    await s.next((f) => f.event === 'phx_close');
  });
});

describe('GET /_sandbox/realtime', () => {
  it('tells where to subscribe: the Supabase URL, the websocket, the anon key, the key lifetime', async () => {
    const before = await root.call('GET', '/_sandbox/realtime', { token });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      url: sandbox.rootUrl,
      websocket_url: `${sandbox.rootUrl.replace(/^http/, 'ws')}/realtime/v1/websocket`,
      anon_key: SANDBOX_ANON_KEY,
      key_ttl_seconds: 600,
      subscribers: 0,
    });
    expect(sandbox.realtime).toEqual({
      url: before.body.url,
      websocketUrl: before.body.websocket_url,
      anonKey: SANDBOX_ANON_KEY,
      keyTtlSeconds: 600,
    });
    const s = await subscriber();
    const c = await prepareCollection(client, token, invoice());
    await s.join(c.key, c.sessionId, c.referenceId);
    const during = await root.call('GET', '/_sandbox/realtime', { token });
    expect(during.body.subscribers).toBe(1);
    expect((await root.call('GET', '/_sandbox/realtime')).status).toBe(401);
  });

  it('the anon key is JWT-shaped with role anon', () => {
    const claims = JSON.parse(
      Buffer.from(SANDBOX_ANON_KEY.split('.')[1] as string, 'base64url').toString(),
    );
    expect(claims).toMatchObject({ role: 'anon', exp: expect.any(Number) });
  });
});

describe('POST /realtime-keys/collection', () => {
  const issue = (body: Json, bearer: string | undefined = token) =>
    client.call('POST', '/realtime-keys/collection', { token: bearer, body });

  it('issues a JWT-shaped key: role authenticated, exp in wall time, expires_in seconds', async () => {
    const session = await client.call('POST', '/sessions/checkout', {
      token,
      body: { source_id: invoice(), source_type: 'INVOICE' },
    });
    const reference = ref();
    const res = await issue({
      session_id: session.body.id,
      source_type: 'INVOICE',
      reference_id: reference,
    });
    expect(res.status).toBe(200);
    expect(res.body.expires_in).toBe(600);
    const [head, claims, signature] = res.body.access_token.split('.');
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
    });
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString());
    expect(decoded).toMatchObject({
      role: 'authenticated',
      session_id: session.body.id,
      reference_id: reference,
      source_type: 'INVOICE',
      tenant: 'default',
    });
    expect(decoded.exp - decoded.iat).toBe(600);
    expect(Math.abs(decoded.iat - Date.now() / 1000)).toBeLessThan(60);
  });

  it('refuses the integer session_id given as a string, like every integer of the spec', async () => {
    // Stricter than Pydantic's lax mode on purpose (test/pydantic/harness.ts): `int_type`.
    const res = await issue({ session_id: '5012', source_type: 'INVOICE', reference_id: ref() });
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      {
        type: 'int_type',
        loc: ['body', 'session_id'],
        msg: 'Input should be a valid integer',
        input: '5012',
      },
    ]);
  });

  it('answers Pydantic-lax 422s for bad input', async () => {
    const bad = await issue({ session_id: 'abc', source_type: 'RECEIPT', reference_id: 'nope' });
    expect(bad.status).toBe(422);
    const byField = Object.fromEntries(bad.body.detail.map((d: Json) => [d.loc.join('.'), d.type]));
    expect(byField).toEqual({
      'body.session_id': 'int_parsing',
      'body.source_type': 'enum',
      'body.reference_id': expect.stringMatching(/pattern|uuid/),
    });
    const missing = await issue({});
    expect(missing.body.detail.map((d: Json) => d.type)).toEqual(['missing', 'missing', 'missing']);
  });

  it('refuses a session that is unknown, not a checkout, or for another source type (422 at the field)', async () => {
    const unknown = await issue({
      session_id: 999999,
      source_type: 'INVOICE',
      reference_id: ref(),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail[0]).toMatchObject({
      loc: ['body', 'session_id'],
      msg: 'session 999999 not found',
      type: 'value_error.session',
    });
    const session = await client.call('POST', '/sessions/checkout', {
      token,
      body: { source_id: invoice(), source_type: 'INVOICE' },
    });
    const wrongType = await issue({
      session_id: session.body.id,
      source_type: 'ORDER',
      reference_id: ref(),
    });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.detail[0].loc).toEqual(['body', 'source_type']);
  });

  it('needs a bearer token', async () => {
    const res = await issue({ session_id: 1, source_type: 'INVOICE', reference_id: ref() }, '');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Not authenticated' });
  });
});
