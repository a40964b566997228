/**
 * Faults, doctor and request log over HTTP, as a non-JavaScript integrator uses them: a real
 * socket, the control API under /_sandbox, the Dollr API under /v1.
 */
import { streamText } from '@dollr/test-kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSandbox, type RunningSandbox, startSandbox } from '../src/index.js';
import { type Answer, api, collectionBody, type Json, ref } from './support.js';

let sandbox: RunningSandbox;
let root: string;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: 'manual', quiet: true, startAt: '2026-01-01T00:00:00Z' });
  root = sandbox.url.replace(/\/v1$/, '');
});

afterAll(async () => {
  await sandbox?.close();
});

/** A fresh tenant: its token, a Dollr API client and a control API client. */
async function tenant() {
  const admin = api(sandbox.url);
  const control = api(`${root}/_sandbox`);
  const created = await control.call('POST', '/tenants', {
    token: await admin.token(),
    body: { name: 'faults test' },
  });
  expect(created.status).toBe(201);
  const dollr = api(sandbox.url);
  const token = await dollr.token({
    clientId: created.body.client_id,
    clientSecret: created.body.client_secret,
  });
  const ctl = (method: string, path: string, body?: unknown) =>
    control.call(method, path, { token, body });
  const v1 = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    dollr.call(method, path, { token, body, headers });
  return { token, ctl, v1, clientId: created.body.client_id as string };
}

type Tenant = Awaited<ReturnType<typeof tenant>>;

async function checkout(t: Tenant): Promise<string> {
  const session = await t.v1('POST', '/sessions/checkout', {
    source_id: 101,
    source_type: 'INVOICE',
  });
  expect(session.status).toBe(200);
  return String(session.body.id);
}

/** A fresh tenant, a checkout session of it, and a reference id for the collection to come. */
async function readyToCollect() {
  const t = await tenant();
  return { t, sessionId: await checkout(t), id: ref() };
}

const collectionStatus = (t: Tenant, id: string) => t.v1('GET', `/status/collection/${id}`);

/** The tenant collects its checkout from payment account 18, under a fault when one is named. */
function collect(t: Tenant, sessionId: string, referenceId: string, fault?: string) {
  const headers = fault ? { 'Dollr-Sandbox-Fault': fault } : undefined;
  return t.v1(
    'POST',
    '/executions/collection',
    collectionBody(sessionId, '18', referenceId),
    headers,
  );
}

function expect422(answer: Answer, loc: Array<string | number>) {
  expect(answer.status).toBe(422);
  expect(answer.body.detail).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ loc, msg: expect.any(String), type: expect.any(String) }),
    ]),
  );
}

describe('fault rules over the control API', () => {
  it('adds, lists, fires, deletes and clears rules', async () => {
    const t = await tenant();
    const added = await t.ctl('POST', '/faults', {
      kind: 'ERROR_BEFORE_EFFECT',
      operation: 'createCheckoutSession',
      count: 1,
      status: 503,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      id: 'ft_1',
      fired: 0,
      remaining: 1,
      rule: { kind: 'ERROR_BEFORE_EFFECT' },
    });

    const failed = await t.v1('POST', '/sessions/checkout', {
      source_id: 101,
      source_type: 'INVOICE',
    });
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({ detail: 'Internal server error' });
    expect(failed.headers.get('dollr-sandbox-fault-applied')).toBe('ERROR_BEFORE_EFFECT');
    const sessions = await t.ctl('GET', '/sessions');
    expect(sessions.body.sessions).toEqual([]); // before the effect: nothing was created

    await checkout(t); // the rule retired after one fire
    expect((await t.ctl('GET', '/faults')).body.faults).toMatchObject([
      { id: 'ft_1', fired: 1, remaining: 0 },
    ]);

    await t.ctl('POST', '/faults', { kind: 'UNAUTHORIZED' });
    expect((await t.ctl('DELETE', '/faults/ft_2')).status).toBe(204);
    expect((await t.ctl('DELETE', '/faults/ft_2')).status).toBe(404);
    expect((await t.ctl('DELETE', '/faults')).status).toBe(204);
    expect((await t.ctl('GET', '/faults')).body).toEqual({ faults: [] });
  });

  it('answers bad rules with 422 at the field, never a 5xx', async () => {
    const t = await tenant();
    expect422(await t.ctl('POST', '/faults', { kind: 'BOOM' }), ['body', 'kind']);
    expect422(await t.ctl('POST', '/faults', { kind: 'UNAUTHORIZED', operation: 'colect' }), [
      'body',
      'operation',
    ]);
    expect422(await t.ctl('POST', '/faults', { kind: 'LATENCY' }), ['body', 'latency']);
    expect422(await t.ctl('POST', '/faults', { kind: 'UNAUTHORIZED', probability: 2 }), [
      'body',
      'probability',
    ]);
    expect422(
      await t.ctl('POST', '/faults', {
        kind: 'UNAUTHORIZED',
        from: '2026-01-01T00:02:00Z',
        until: '2026-01-01T00:01:00Z',
      }),
      ['body', 'until'],
    );
    expect422(await t.ctl('POST', '/faults', { kind: 'UNAUTHORIZED', colour: 'red' }), [
      'body',
      'colour',
    ]);
    const notJson = await t.ctl('POST', '/faults', '{');
    expect(notJson.status).toBe(422);
    expect((await t.ctl('DELETE', `/faults/${'x'.repeat(65)}`)).status).toBe(422);
    expect((await t.ctl('GET', '/faults')).body).toEqual({ faults: [] });
  });

  it('fires a rule only inside its window on the tenant clock', async () => {
    const t = await tenant();
    const { body: clock } = await t.ctl('GET', '/clock');
    const now = Date.parse(clock.now);
    await t.ctl('POST', '/faults', {
      kind: 'RATE_LIMIT',
      retry_after: 7,
      from: new Date(now + 60_000).toISOString(),
    });
    expect((await t.v1('GET', '/status/source?source_type=INVOICE&source_id=101')).status).toBe(
      200,
    );
    await t.ctl('POST', '/clock/advance', { by: '1m' });
    const limited = await t.v1('GET', '/status/source?source_type=INVOICE&source_id=101');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
  });
});

describe('faults on one request (Dollr-Sandbox-Fault)', () => {
  it('refuses an unreadable header with a 422 at the header, before any effect', async () => {
    const t = await tenant();
    const answer = await t.v1(
      'POST',
      '/sessions/checkout',
      { source_id: 101, source_type: 'INVOICE' },
      { 'Dollr-Sandbox-Fault': 'after-commit-500' },
    );
    expect422(answer, ['header', 'dollr-sandbox-fault']);
    expect((await t.ctl('GET', '/sessions')).body.sessions).toEqual([]);
  });

  it('ERROR_AFTER_EFFECT commits once; the replay finds the execution', async () => {
    const { t, sessionId, id } = await readyToCollect();
    const failed = await collect(t, sessionId, id, 'ERROR_AFTER_EFFECT; status=502');
    expect(failed.status).toBe(502);
    expect((await collectionStatus(t, id)).body.status).toBe('PENDING');
    const replay = await collect(t, sessionId, id);
    expect(replay.status).toBe(200);
    expect((await t.ctl('GET', '/executions')).body.executions).toHaveLength(1);
  });

  it('RESET_AFTER_EFFECT drops the connection after the commit', async () => {
    const { t, sessionId, id } = await readyToCollect();
    await expect(collect(t, sessionId, id, 'RESET_AFTER_EFFECT')).rejects.toThrow(/fetch failed/);
    expect((await collectionStatus(t, id)).status).toBe(200);
    const log = (await t.ctl('GET', '/requests')).body.requests as Json[];
    expect(log.find((r) => r.fault === 'RESET_AFTER_EFFECT')).toMatchObject({
      status: null,
      operation: 'collect',
    });
  });

  it('NO_ANSWER_AFTER_EFFECT answers nothing until the caller gives up', async () => {
    const { t, sessionId, id } = await readyToCollect();
    const lost = fetch(`${sandbox.url}/executions/collection`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.token}`,
        'content-type': 'application/json',
        'dollr-sandbox-fault': 'NO_ANSWER_AFTER_EFFECT',
      },
      body: JSON.stringify(collectionBody(sessionId, '18', id)),
      signal: AbortSignal.timeout(300),
    });
    await expect(lost).rejects.toThrow(/aborted|timeout/i);
    expect((await collectionStatus(t, id)).body.reference_id).toBe(id);
  });

  it('HOLD_PROCESSING keeps the execution PROCESSING for hold_for on the tenant clock', async () => {
    const { t, sessionId, id } = await readyToCollect();
    const started = await collect(t, sessionId, id, 'HOLD_PROCESSING; hold_for=10m');
    expect(started.status).toBe(200);
    expect(started.headers.get('dollr-sandbox-fault-applied')).toBe('HOLD_PROCESSING');
    await t.ctl('POST', '/clock/advance', { by: '9m' });
    expect((await collectionStatus(t, id)).body.status).toBe('PROCESSING');
    await t.ctl('POST', '/clock/advance', { by: '1m' });
    expect((await collectionStatus(t, id)).body.status).toBe('COMPLETED');
  });
});

describe('the request log', () => {
  it('lists the tenant’s requests with secrets redacted, pages with after and limit', async () => {
    const t = await tenant();
    await checkout(t);
    const { body } = await t.ctl('GET', '/requests');
    const [token, session] = body.requests as Json[];
    expect(token).toMatchObject({
      id: 1,
      method: 'POST',
      path: '/v1/jwt/client/obtain/token',
      operation: 'obtainToken',
      status: 200,
      fault: null,
      request: { body: { client_id: t.clientId, client_secret: '[REDACTED]' } },
      response: { body: { access_token: '[REDACTED]', expires_in: 60 } },
    });
    expect(session.request.headers.authorization).toBe('Bearer [REDACTED]');
    expect(session.response.body).toMatchObject({ source_id: 101, status: 'ACTIVE' });
    expect(JSON.stringify(body)).not.toContain(t.token);
    expect(
      (await t.ctl('GET', '/requests?after=1&limit=1')).body.requests.map((r: Json) => r.id),
    ).toEqual([2]);
    expect422(await t.ctl('GET', '/requests?limit=0'), ['query', 'limit']);
    expect((await t.ctl('DELETE', '/requests')).status).toBe(204);
    expect((await t.ctl('GET', '/requests')).body.requests).toEqual([]);
  });

  it('streams requests as Server-Sent Events, backlog first, then live', async () => {
    const t = await tenant();
    await checkout(t);
    const controller = new AbortController();
    const res = await fetch(`${root}/_sandbox/requests/stream?after=1`, {
      headers: { authorization: `Bearer ${t.token}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const stream = streamText(res.body);
    await stream.until('/v1/sessions/checkout');
    await t.v1('GET', '/status/source?source_type=INVOICE&source_id=101');
    await stream.until('/v1/status/source');
    controller.abort();
    expect(stream.text).not.toContain('obtain/token'); // request 1 is before `after`
    expect(stream.text).toContain('event: request');
  });

  it('refuses a bad `after` or Last-Event-ID with a 422', async () => {
    const t = await tenant();
    expect422(await t.ctl('GET', '/requests/stream?after=-1'), ['query', 'after']);
    const res = await fetch(`${root}/_sandbox/requests/stream`, {
      headers: { authorization: `Bearer ${t.token}`, 'last-event-id': 'abc' },
    });
    expect(res.status).toBe(422);
    expect((await res.json()).detail[0].loc).toEqual(['header', 'last-event-id']);
  });

  it('keeps each tenant’s log to itself', async () => {
    const a = await tenant();
    const b = await tenant();
    await checkout(a);
    const paths = (await b.ctl('GET', '/requests')).body.requests.map((r: Json) => r.path);
    expect(paths).toEqual(['/v1/jwt/client/obtain/token']);
  });
});

describe('the doctor over HTTP', () => {
  it('reports fast polling with the rule and the request, and clears', async () => {
    const { t, sessionId, id } = await readyToCollect();
    await collect(t, sessionId, id);
    await collectionStatus(t, id);
    await collectionStatus(t, id);
    const { body } = await t.ctl('GET', '/doctor');
    expect(body.findings).toMatchObject([
      {
        id: 1,
        rule: 'POLL_TOO_FAST',
        request_id: 5,
        related_request_ids: [4],
        method: 'GET',
        path: `/v1/status/collection/${id}`,
        operation: 'getCollectionStatus',
        citation: expect.stringContaining('Poll every 2–5 s'),
      },
    ]);
    expect((await t.ctl('DELETE', '/doctor')).status).toBe(204);
    expect((await t.ctl('GET', '/doctor')).body).toEqual({ findings: [] });
  });

  it('prints each finding on the sandbox log unless quiet', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const local = createSandbox({ clock: 'manual' });
    try {
      const call = (path: string, init: RequestInit = {}) => local.app.request(`/v1${path}`, init);
      const token = async () =>
        (
          await (
            await call('/jwt/client/obtain/token', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                client_id: 'dollr_test_client',
                client_secret: 'dollr_test_secret',
              }),
            })
          ).json()
        ).access_token as string;
      await token();
      await token();
      const lines = write.mock.calls
        .map(([line]) => String(line))
        .filter((l) => l.includes('doctor'));
      expect(lines).toEqual([
        expect.stringContaining('[sandbox] doctor: TOKEN_PER_CALL: obtained a new token'),
      ]);
    } finally {
      local.close();
      write.mockRestore();
    }
  });
});
