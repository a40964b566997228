/**
 * The client's integration rules against the sandbox (faults set through its control API), where
 * they used to run against the hand-written fake of fake-dollr.ts. The headline recoveries (a lost
 * answer after the commit, a 5xx before it, a 429, a revoked token) are in sandbox-faults.test.ts;
 * what the sandbox cannot express stays in faults.test.ts (see the comment at its top).
 */
import { type RunningSandbox, startSandbox } from '@dollr/mock';
import { type ControlClient, type CreateFault, createControlClient } from '@dollr/mock/control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDollrClient,
  DollrApiError,
  DollrAuthError,
  type DollrClient,
  type DollrClientOptions,
  DollrNetworkError,
  DollrRateLimitError,
} from '../src/index.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});

afterAll(async () => {
  await sandbox?.close();
});

interface Tenant {
  dollr: DollrClient;
  control: ControlClient;
  credentials: { clientId: string; clientSecret: string };
}

/** A tenant of its own, a client for it (quick backoff) and its control client. */
async function tenant(options: Partial<DollrClientOptions> = {}): Promise<Tenant> {
  const admin = createDollrClient({ baseUrl: sandbox.url, ...sandbox.credentials });
  const bootstrap = createControlClient({ baseUrl: sandbox.url, token: () => admin.getToken() });
  const { data } = await bootstrap.POST('/_sandbox/tenants', { body: {} });
  if (!data) throw new Error('no tenant');
  const credentials = { clientId: data.client_id, clientSecret: data.client_secret };
  const dollr = createDollrClient({
    baseUrl: sandbox.url,
    ...credentials,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
  const control = createControlClient({ baseUrl: sandbox.url, token: () => dollr.getToken() });
  return { dollr, control, credentials };
}

async function fault(t: Tenant, body: CreateFault): Promise<void> {
  const { response } = await t.control.POST('/_sandbox/faults', { body });
  expect(response.status).toBe(201);
}

/** The tenant's requests as `operation status`, oldest first. */
async function log(t: Tenant, operation?: string): Promise<string[]> {
  const { data } = await t.control.GET('/_sandbox/requests', {
    params: { query: { limit: 1000 } },
  });
  return (data?.requests ?? [])
    .filter((r) => operation === undefined || r.operation === operation)
    .map((r) => `${r.operation} ${r.status ?? 'no answer'}`);
}

async function executions(t: Tenant): Promise<string[]> {
  const { data } = await t.control.GET('/_sandbox/executions');
  return (data?.executions ?? []).map((e) => e.reference_id);
}

async function checkout(t: Tenant, sourceId = 101): Promise<string> {
  const session = await t.dollr.createSession.checkout({
    source_id: sourceId,
    source_type: 'INVOICE',
  });
  return String(session.id);
}

async function transferSession(t: Tenant): Promise<string> {
  const session = await t.dollr.createSession.transfer({
    from_wallet_id: 1,
    to_counterparty_id: 12,
    amount: 5,
    currency: 'USD',
    expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
  });
  return String(session.id);
}

const REFERENCE = '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f';
const SOURCE = { source_type: 'INVOICE', source_id: 101 } as const;

describe('executions after an ambiguous failure', () => {
  it('after a 503 on execute that took effect, polls status instead of executing again', async () => {
    const t = await tenant();
    const sessionId = await transferSession(t);
    await fault(t, { kind: 'ERROR_AFTER_EFFECT', operation: 'transfer', count: 1, status: 503 });

    const execution = await t.dollr.transfer({ session_id: sessionId, reference_id: REFERENCE });

    expect(execution.reference_id).toBe(REFERENCE);
    expect(await executions(t)).toEqual([REFERENCE]);
    expect((await log(t)).slice(-2)).toEqual(['transfer 503', 'getTransferStatus 200']);
  });

  it('gives up after a second 5xx and a second 404, carrying the reference id', async () => {
    const t = await tenant();
    const sessionId = await transferSession(t);
    await fault(t, { kind: 'ERROR_BEFORE_EFFECT', operation: 'transfer', count: 2, status: 502 });

    const error = await t.dollr
      .transfer({ session_id: sessionId, reference_id: REFERENCE })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DollrApiError);
    expect((error as DollrApiError).status).toBe(502);
    expect((error as DollrApiError).referenceId).toBe(REFERENCE);
    expect((await log(t)).slice(-4)).toEqual([
      'transfer 502',
      'getTransferStatus 404',
      'transfer 502',
      'getTransferStatus 404',
    ]);
    expect(await executions(t)).toEqual([]);
  });

  it('awaits onReferenceId before any HTTP call and mints a UUID v4', async () => {
    const t = await tenant();
    const sessionId = await checkout(t);
    let loggedWhenHookRan: string[] = [];
    let minted = '';
    const execution = await t.dollr.collect(
      { session_id: sessionId, payment_account_id: '18', currency: 'USD' },
      {
        onReferenceId: async (id) => {
          loggedWhenHookRan = await log(t, 'collect');
          minted = id;
        },
      },
    );
    expect(loggedWhenHookRan).toEqual([]);
    expect(minted).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(execution.reference_id).toBe(minted);
    expect(await executions(t)).toEqual([minted]);
  });

  it('returns a 3-D Secure answer as such', async () => {
    const t = await tenant();
    const execution = await t.dollr.collect({
      session_id: await checkout(t),
      payment_account_id: '22',
      currency: 'USD',
    });
    expect(execution.requires_action).toBe(true);
    expect(execution.client_secret).toEqual(expect.any(String));
  });

  it('does not re-send on a definite 422, and the error carries the reference id', async () => {
    const t = await tenant();
    const error = (await t.dollr
      .collect({
        session_id: '999999',
        payment_account_id: '18',
        currency: 'USD',
        reference_id: REFERENCE,
      })
      .catch((e: unknown) => e)) as DollrApiError;
    expect(error).toBeInstanceOf(DollrApiError);
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/^422 on POST \/executions\/collection: /);
    expect(error.referenceId).toBe(REFERENCE);
    expect(await log(t, 'collect')).toEqual(['collect 422']);
    expect(await log(t, 'getCollectionStatus')).toEqual([]);
  });
});

describe('transient failures', () => {
  it('retries a GET after a 503, then succeeds', async () => {
    const t = await tenant();
    await fault(t, {
      kind: 'ERROR_BEFORE_EFFECT',
      operation: 'getSourceStatus',
      count: 1,
      status: 503,
    });
    const status = await t.dollr.getSourceStatus(SOURCE);
    expect(status.source_id).toBe(101);
    expect(await log(t, 'getSourceStatus')).toEqual(['getSourceStatus 503', 'getSourceStatus 200']);
  });

  it('reports every attempt to onRequest and every answer to onResponse', async () => {
    const attempts: string[] = [];
    const answers: number[] = [];
    const t = await tenant({
      onRequest: ({ method, url, attempt }) =>
        attempts.push(`${method} ${new URL(url).pathname} #${attempt}`),
      onResponse: ({ status, durationMs }) => {
        expect(durationMs).toBeGreaterThanOrEqual(0);
        answers.push(status);
      },
    });
    await fault(t, {
      kind: 'ERROR_BEFORE_EFFECT',
      operation: 'getSourceStatus',
      count: 1,
      status: 503,
    });
    attempts.length = 0;
    answers.length = 0;
    const { data } = await t.dollr.GET('/status/source', { params: { query: SOURCE } });
    expect(data?.source_id).toBe(101);
    expect(attempts).toEqual(['GET /v1/status/source #1', 'GET /v1/status/source #2']);
    expect(answers).toEqual([503, 200]);
  });

  it('stops after maxAttempts with the last answer', async () => {
    const t = await tenant({ retry: { maxAttempts: 3, baseDelayMs: 1 } });
    await fault(t, {
      kind: 'ERROR_BEFORE_EFFECT',
      operation: 'getSourceStatus',
      count: 5,
      status: 502,
    });
    const error = (await t.dollr.getSourceStatus(SOURCE).catch((e: unknown) => e)) as DollrApiError;
    expect(error).toBeInstanceOf(DollrApiError);
    expect(error.status).toBe(502);
    expect(await log(t, 'getSourceStatus')).toEqual(Array(3).fill('getSourceStatus 502'));
  });

  it('never retries a raw POST to /sessions on a 503 or a reset connection', async () => {
    const t = await tenant();
    const body = { payout_account_id: 7, amount: 10, currency: 'USD' };
    await fault(t, {
      kind: 'ERROR_BEFORE_EFFECT',
      operation: 'createPayoutSession',
      count: 1,
      status: 503,
    });
    const { error, response } = await t.dollr.POST('/sessions/payout', { body });
    expect(response.status).toBe(503);
    expect(error).toEqual({ detail: expect.any(String) });

    await fault(t, { kind: 'RESET_AFTER_EFFECT', operation: 'createPayoutSession', count: 1 });
    if ('Deno' in globalThis) {
      // Deno's fetch itself re-sends a request whose pooled connection was reset before any answer
      // (POSTs too): the client never sees the reset, and a second session is created.
      await expect(t.dollr.createSession.payout(body)).resolves.toMatchObject({ status: 'ACTIVE' });
      expect(await log(t, 'createPayoutSession')).toEqual([
        'createPayoutSession 503',
        'createPayoutSession no answer',
        'createPayoutSession 200',
      ]);
      return;
    }
    await expect(t.dollr.createSession.payout(body)).rejects.toBeInstanceOf(DollrNetworkError);
    expect(await log(t, 'createPayoutSession')).toEqual([
      'createPayoutSession 503',
      'createPayoutSession no answer',
    ]);
  });

  it('does not retry at all with retry: false', async () => {
    const t = await tenant({ retry: false });
    await fault(t, {
      kind: 'ERROR_BEFORE_EFFECT',
      operation: 'getSourceStatus',
      count: 1,
      status: 503,
    });
    await expect(t.dollr.getSourceStatus(SOURCE)).rejects.toMatchObject({ status: 503 });
    expect(await log(t, 'getSourceStatus')).toEqual(['getSourceStatus 503']);
  });

  it('gives up at once on a 429 whose Retry-After outlasts the budget', async () => {
    const t = await tenant({ retry: { maxElapsedMs: 10_000 } });
    await fault(t, { kind: 'RATE_LIMIT', operation: 'getSourceStatus', count: 1, retry_after: 60 });
    const error = await t.dollr.getSourceStatus(SOURCE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrRateLimitError);
    expect((error as DollrRateLimitError).retryAfterMs).toBe(60_000);
    expect((error as DollrRateLimitError).message).toMatch(/^429 on GET \/status\/source: /);
    expect(await log(t, 'getSourceStatus')).toEqual(['getSourceStatus 429']);
  });
});

describe('auth', () => {
  it('a token that expired server-side mid-stream: one shared refresh, each call replayed once', async () => {
    const answers: number[] = [];
    const t = await tenant({
      onResponse: ({ url, status }) => {
        if (url.includes('/status/source')) answers.push(status);
      },
    });
    await t.dollr.getSourceStatus(SOURCE);
    // The tenant's clock passes the token's 60 minutes; the client's own clock does not.
    await t.control.POST('/_sandbox/clock/advance', { body: { by: '61m' } });

    const results = await Promise.all([
      t.dollr.getSourceStatus(SOURCE),
      t.dollr.getSourceStatus(SOURCE),
      t.dollr.getSourceStatus(SOURCE),
    ]);

    expect(results).toHaveLength(3);
    expect(answers).toEqual([200, 401, 401, 401, 200, 200, 200]);
    // An expired token names no tenant, so its 401s are in no tenant's log.
    expect(await log(t)).toEqual([
      'obtainToken 200',
      'getSourceStatus 200',
      'obtainToken 200',
      ...Array(3).fill('getSourceStatus 200'),
    ]);
  });

  it('a 401 that survives the refresh is a DollrAuthError, not a loop', async () => {
    const t = await tenant();
    await fault(t, { kind: 'UNAUTHORIZED', operation: 'getSourceStatus', count: 2 });
    const error = await t.dollr.getSourceStatus(SOURCE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrAuthError);
    expect(await log(t)).toEqual([
      'obtainToken 200',
      'getSourceStatus 401',
      'obtainToken 200',
      'getSourceStatus 401',
    ]);
  });

  it('50 concurrent first calls share exactly one token request, however slow it is', async () => {
    const t = await tenant();
    // The control client's own token comes first; the next one is the one under test.
    await t.control.GET('/_sandbox/faults');
    const fresh = createDollrClient({ baseUrl: sandbox.url, ...t.credentials });
    await fault(t, { kind: 'LATENCY', operation: 'obtainToken', count: 1, latency: '200ms' });
    await Promise.all(Array.from({ length: 50 }, () => fresh.getSourceStatus(SOURCE)));
    expect(await log(t, 'obtainToken')).toEqual(['obtainToken 200', 'obtainToken 200']);
    expect(await log(t, 'getSourceStatus')).toHaveLength(50);
  });

  it('bad credentials are a DollrAuthError with the server detail', async () => {
    const client = createDollrClient({
      baseUrl: sandbox.url,
      clientId: sandbox.credentials.clientId,
      clientSecret: 'not-the-secret',
    });
    const error = (await client.getToken().catch((e: unknown) => e)) as DollrAuthError;
    expect(error).toBeInstanceOf(DollrAuthError);
    expect(error).toMatchObject({ status: 401, method: 'POST', path: '/jwt/client/obtain/token' });
    expect(error.detail).toEqual(expect.any(String));
  });
});
