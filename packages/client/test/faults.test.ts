import { testPasscode } from '@dollr/mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDollrClient,
  DollrAbortError,
  DollrApiError,
  DollrAuthError,
  type DollrClientOptions,
  DollrNetworkError,
  DollrRateLimitError,
  DollrTimeoutError,
  type ExecutionResponse,
} from '../src/index.js';
import { BASE_URL, FakeDollr } from './fake-dollr.js';

const REFERENCE = '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f';
const COLLECT = { session_id: '42', payment_account_id: '18', currency: 'USD' };

function setup(options: Partial<DollrClientOptions> = {}) {
  const server = new FakeDollr();
  const client = createDollrClient({
    baseUrl: BASE_URL,
    clientId: 'id',
    clientSecret: 'secret',
    fetch: server.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 4 },
    ...options,
  });
  return { server, client };
}

describe('executions after an ambiguous failure', () => {
  it('recovers a lost response by status: exactly one execution, none re-sent', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/executions\/collection$/, { kind: 'lose-response' });

    const execution = await client.collect({ ...COLLECT, reference_id: REFERENCE });

    expect(execution.reference_id).toBe(REFERENCE);
    expect(execution.status).toBe('PENDING');
    expect(server.executeCalls).toBe(1);
    expect(server.executions.size).toBe(1);
    expect(server.count('GET', /^\/status\/collection\//)).toBe(1);
  });

  it('on a 404 from status after a lost request, re-sends exactly once with the same id', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/executions\/payout$/, { kind: 'network' });
    const ids: string[] = [];

    const execution = await client.payout(
      {
        session_id: '7',
        payout_account_id: '7',
        passcode: testPasscode(),
      },
      { onReferenceId: (id) => void ids.push(id) },
    );

    const posts = server.requests.filter((r) => r.path === '/executions/payout');
    expect(posts).toHaveLength(2);
    const sentIds = posts.map((r) => (r.body as { reference_id: string }).reference_id);
    expect(sentIds).toEqual([ids[0], ids[0]]);
    expect(execution.reference_id).toBe(ids[0]);
    expect(server.executions.size).toBe(1);
  });

  it('after a 503 on execute, polls status instead of executing again', async () => {
    const { server, client } = setup();
    // A proxy answers 503 after the server committed the execution.
    server.inject('POST', /^\/executions\/transfer$/, {
      kind: 'status',
      status: 503,
      body: { detail: 'Service Unavailable' },
      commit: true,
    });

    const execution = await client.transfer({ session_id: '9', reference_id: REFERENCE });

    expect(execution.reference_id).toBe(REFERENCE);
    expect(server.executeCalls).toBe(1);
    expect(server.count('POST', /^\/executions\/transfer$/)).toBe(1);
    expect(server.count('GET', /^\/status\/transfer\//)).toBe(1);
  });

  it('gives up after a second ambiguous failure and a second 404, carrying the reference id', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/executions\/refund$/, { kind: 'network' }, 2);

    const error = await client
      .refund({ session_id: '5', reference_id: REFERENCE })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DollrNetworkError);
    expect((error as DollrNetworkError).message).toBe(
      'POST /executions/refund failed: fetch failed',
    );
    expect((error as DollrNetworkError).referenceId).toBe(REFERENCE);
    expect(server.count('POST', /^\/executions\/refund$/)).toBe(2);
    expect(server.count('GET', /^\/status\/refund\//)).toBe(2);
  });

  it('awaits onReferenceId before any HTTP call and mints a UUID v4', async () => {
    const { server, client } = setup();
    let requestsWhenHookRan = -1;
    let minted = '';
    const execution = await client.collect(COLLECT, {
      onReferenceId: async (id) => {
        await new Promise((r) => setTimeout(r, 1));
        requestsWhenHookRan = server.requests.length;
        minted = id;
      },
    });
    expect(requestsWhenHookRan).toBe(0);
    expect(minted).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(execution.reference_id).toBe(minted);
    expect(server.requests.at(-1)?.body).toMatchObject({ reference_id: minted });
  });

  it('returns a 3-D Secure answer as such', async () => {
    const { client } = setup();
    const execution = await client.collect({ ...COLLECT, payment_account_id: '22' });
    expect(execution.requires_action).toBe(true);
    expect(execution.client_secret).toBe('pi_secret_3ds');
  });

  it('does not re-send on a definite 422, and the error carries the reference id', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/executions\/collection$/, {
      kind: 'status',
      status: 422,
      body: {
        detail: [{ loc: ['body', 'session_id'], msg: 'session not found', type: 'value_error' }],
      },
      headers: { 'x-request-id': 'req_123' },
    });
    const error = (await client
      .collect({ ...COLLECT, reference_id: REFERENCE })
      .catch((e: unknown) => e)) as DollrApiError;
    expect(error).toBeInstanceOf(DollrApiError);
    expect(error.message).toBe(
      '422 on POST /executions/collection: body.session_id: session not found',
    );
    expect(error.referenceId).toBe(REFERENCE);
    expect(error.requestId).toBe('req_123');
    expect(server.count('POST', /^\/executions\//)).toBe(1);
    expect(server.count('GET', /^\/status\//)).toBe(0);
  });
});

describe('retries', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits Retry-After seconds on a 429, then retries', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/sessions\/checkout$/, {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '3' },
    });
    let settled = false;
    const pending = client.createSession
      .checkout({ source_id: 101, source_type: 'INVOICE' })
      .finally(() => {
        settled = true;
      });

    await vi.advanceTimersByTimeAsync(2_999);
    expect(settled).toBe(false);
    expect(server.count('POST', /^\/sessions\/checkout$/)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const session = await pending;
    expect(session.id).toBe(42);
    expect(server.count('POST', /^\/sessions\/checkout$/)).toBe(2);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const { server, client } = setup();
    const at = new Date(Date.now() + 5_000).toUTCString();
    server.inject('GET', /^\/status\/source$/, {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': at },
    });
    const pending = client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(server.count('GET', /^\/status\/source$/)).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(pending).resolves.toMatchObject({ source_id: 101 });
    expect(server.count('GET', /^\/status\/source$/)).toBe(2);
  });

  it('gives up on a 429 that outlasts the budget with a DollrRateLimitError', async () => {
    const { server, client } = setup({ retry: { maxElapsedMs: 10_000 } });
    server.inject('GET', /^\/status\/source$/, {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '60' },
      body: { detail: 'Too many requests' },
    });
    const error = await client
      .getSourceStatus({ source_type: 'INVOICE', source_id: 101 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrRateLimitError);
    expect((error as DollrRateLimitError).retryAfterMs).toBe(60_000);
    expect((error as DollrRateLimitError).message).toBe(
      '429 on GET /status/source: Too many requests',
    );
  });
});

describe('transient failures', () => {
  it('retries a GET after a 503, then succeeds', async () => {
    const { server, client } = setup();
    server.inject('GET', /^\/status\/source$/, { kind: 'status', status: 503 });
    const status = await client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 });
    expect(status.source_id).toBe(101);
    expect(server.count('GET', /^\/status\/source$/)).toBe(2);
  });

  it('reports every attempt to onRequest and every answer to onResponse', async () => {
    const attempts: string[] = [];
    const answers: number[] = [];
    const { server, client } = setup({
      onRequest: ({ method, url, attempt }) =>
        attempts.push(`${method} ${new URL(url).pathname} #${attempt}`),
      onResponse: ({ status, durationMs }) => {
        expect(durationMs).toBeGreaterThanOrEqual(0);
        answers.push(status);
      },
    });
    server.inject('GET', /^\/status\/source$/, { kind: 'status', status: 503 });
    const { data } = await client.GET('/status/source', {
      params: { query: { source_type: 'ORDER', source_id: 201 } },
    });
    expect(data?.source_id).toBe(101);
    expect(attempts).toEqual([
      'POST /v1/jwt/client/obtain/token #1',
      'GET /v1/status/source #1',
      'GET /v1/status/source #2',
    ]);
    expect(answers).toEqual([200, 503, 200]);
  });

  it('retries the token call after a network error', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/jwt\//, { kind: 'network' });
    await expect(client.getToken()).resolves.toBe('token-1');
    expect(server.count('POST', /^\/jwt\//)).toBe(2);
  });

  it('stops after maxAttempts with the last answer', async () => {
    const { server, client } = setup({ retry: { maxAttempts: 3, baseDelayMs: 1 } });
    server.inject('GET', /^\/status\/source$/, { kind: 'status', status: 502 }, 5);
    const error = (await client
      .getSourceStatus({ source_type: 'INVOICE', source_id: 101 })
      .catch((e: unknown) => e)) as DollrApiError;
    expect(error).toBeInstanceOf(DollrApiError);
    expect(error.status).toBe(502);
    expect(server.count('GET', /^\/status\/source$/)).toBe(3);
  });

  it('never retries a raw POST to /sessions on a 503 or a network error', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/sessions\/payout$/, { kind: 'status', status: 503 });
    const { error, response } = await client.POST('/sessions/payout', {
      body: { payout_account_id: 7, amount: 10, currency: 'USD' },
    });
    expect(response.status).toBe(503);
    expect(error).toEqual({ detail: 'fault' });

    server.inject('POST', /^\/sessions\/payout$/, { kind: 'network' });
    await expect(
      client.createSession.payout({ payout_account_id: 7, amount: 10, currency: 'USD' }),
    ).rejects.toBeInstanceOf(DollrNetworkError);
    expect(server.count('POST', /^\/sessions\/payout$/)).toBe(2);
  });

  it('does not retry at all with retry: false', async () => {
    const { server, client } = setup({ retry: false });
    server.inject('GET', /^\/status\/source$/, { kind: 'status', status: 503 });
    await expect(
      client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 }),
    ).rejects.toMatchObject({ status: 503 });
    expect(server.count('GET', /^\/status\/source$/)).toBe(1);
  });
});

describe('auth', () => {
  it('refreshes once on a 401 mid-stream and replays the request once', async () => {
    const { server, client } = setup();
    await client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 });
    server.validTokens.clear(); // the token expired server-side

    const results = await Promise.all([
      client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 }),
      client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 }),
      client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 }),
    ]);

    expect(results).toHaveLength(3);
    expect(server.tokenCalls).toBe(2);
    const last = server.requests.filter((r) => r.path === '/status/source').at(-1);
    expect(last?.authorization).toBe('Bearer token-2');
  });

  it('a 401 that survives the refresh is a DollrAuthError, not a loop', async () => {
    const { server, client } = setup();
    server.inject('GET', /^\/status\/source$/, { kind: 'status', status: 401 }, 2);
    const error = await client
      .getSourceStatus({ source_type: 'INVOICE', source_id: 101 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrAuthError);
    expect(server.tokenCalls).toBe(2);
    expect(server.count('GET', /^\/status\/source$/)).toBe(2);
  });

  it('50 concurrent first calls share exactly one token request', async () => {
    const { server, client } = setup();
    let open = () => {};
    server.tokenGate = new Promise((resolve) => {
      open = resolve;
    });
    const calls = Array.from({ length: 50 }, () =>
      client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 }),
    );
    await new Promise((r) => setTimeout(r, 5));
    open();
    await Promise.all(calls);
    expect(server.tokenCalls).toBe(1);
    expect(server.count('GET', /^\/status\/source$/)).toBe(50);
  });

  it('caches the token and refreshes when fewer than 5 minutes remain', async () => {
    vi.useFakeTimers();
    try {
      const { server, client } = setup();
      server.tokenTtlMinutes = 10;
      await client.getToken();
      await client.getToken();
      expect(server.tokenCalls).toBe(1);
      vi.advanceTimersByTime(4 * 60_000 + 59_000); // 5 min 1 s left
      await client.getToken();
      expect(server.tokenCalls).toBe(1);
      vi.advanceTimersByTime(2_000); // 4 min 59 s left
      await expect(client.getToken()).resolves.toBe('token-2');
      expect(server.tokenCalls).toBe(2);
      await expect(client.getToken({ forceRefresh: true })).resolves.toBe('token-3');
    } finally {
      vi.useRealTimers();
    }
  });

  it('bad credentials are a DollrAuthError with the server detail', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/jwt\//, {
      kind: 'status',
      status: 401,
      body: { detail: 'Invalid client credentials' },
    });
    await expect(client.getToken()).rejects.toThrow(
      new DollrAuthError({
        status: 401,
        method: 'POST',
        path: '/jwt/client/obtain/token',
        detail: 'Invalid client credentials',
      }),
    );
  });
});

describe('timeouts and aborts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a request that outlives timeoutMs is a DollrTimeoutError', async () => {
    const { server, client } = setup({ timeoutMs: 1_000, retry: false });
    server.inject('GET', /^\/status\/source$/, { kind: 'hang' });
    const pending = client
      .getSourceStatus({ source_type: 'INVOICE', source_id: 101 })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await pending;
    expect(error).toBeInstanceOf(DollrTimeoutError);
    expect((error as DollrTimeoutError).timeoutMs).toBe(1_000);
    expect((error as Error).message).toBe('GET /status/source timed out after 1000 ms');
  });

  it('a timed-out execution is looked up by status, not executed twice', async () => {
    const { server, client } = setup({ timeoutMs: 1_000 });
    server.inject('POST', /^\/executions\/collection$/, { kind: 'hang' });
    const pending = client.collect({ ...COLLECT, reference_id: REFERENCE }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(10);
    // The hung request never reached the model: status says 404, so one re-send with the same id.
    const execution = (await pending) as ExecutionResponse;
    expect(execution.reference_id).toBe(REFERENCE);
    expect(server.executeCalls).toBe(1);
    expect(server.count('POST', /^\/executions\/collection$/)).toBe(2);
  });

  it('aborting during a wait rejects at once with DollrAbortError', async () => {
    const { server, client } = setup();
    server.lifecycle = ['PENDING', 'PROCESSING']; // never final
    const execution = await client.collect(COLLECT);
    const controller = new AbortController();
    const pending = client
      .waitForExecution('collection', execution.reference_id, { signal: controller.signal })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_500);
    const polls = server.count('GET', /^\/status\/collection\//);
    expect(polls).toBe(2);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(DollrAbortError);
    expect((error as DollrAbortError).referenceId).toBe(execution.reference_id);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.count('GET', /^\/status\/collection\//)).toBe(polls);
  });

  it('aborting during a 429 wait rejects with DollrAbortError', async () => {
    const { server, client } = setup();
    server.inject('GET', /^\/status\/source$/, {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '20' },
    });
    const controller = new AbortController();
    const pending = client
      .GET('/status/source', {
        params: { query: { source_type: 'INVOICE', source_id: 101 } },
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    await expect(pending).resolves.toBeInstanceOf(DollrAbortError);
    expect(server.count('GET', /^\/status\/source$/)).toBe(1);
  });
});

describe('waitForExecution', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls at once, then every 2 s growing ×1.5 to the cap, reporting each transition', async () => {
    const { server, client } = setup();
    // The model's lifecycle has no repeats: script the statuses the poller sees instead.
    const execution = await client.collect(COLLECT);
    const script: ExecutionResponse['status'][] = [
      'PENDING',
      'PENDING',
      'PROCESSING',
      'PROCESSING',
      'PROCESSING',
      'COMPLETED',
    ];
    const pollTimes: number[] = [];
    const start = Date.now();
    const fetch = server.fetch;
    const scripted = createDollrClient({
      baseUrl: BASE_URL,
      clientId: 'id',
      clientSecret: 'secret',
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (new URL(String(input)).pathname.startsWith('/v1/status/')) {
          pollTimes.push(Date.now() - start);
          const body = (await response.json()) as ExecutionResponse;
          return Response.json({ ...body, status: script.shift() });
        }
        return response;
      },
    });
    const seen: string[] = [];
    const pending = scripted.waitForExecution('collection', execution.reference_id, {
      maxIntervalMs: 5_000,
      onStatus: (e) => seen.push(e.status),
    });
    await vi.advanceTimersByTimeAsync(30_000);
    const final = await pending;
    expect(final.status).toBe('COMPLETED');
    expect(seen).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
    expect(pollTimes).toEqual([0, 2_000, 5_000, 9_500, 14_500, 19_500]);
  });

  it('resolves with a FAILED execution and times out with DollrTimeoutError', async () => {
    const { server, client } = setup();
    server.lifecycle = ['PENDING', 'FAILED'];
    const failed = await client.collect(COLLECT);
    const pending = client.waitForExecution('collection', failed.reference_id);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(pending).resolves.toMatchObject({ status: 'FAILED' });

    server.lifecycle = ['PROCESSING'];
    const stuck = await client.collect(COLLECT);
    const waiting = client
      .waitForExecution('collection', stuck.reference_id, { timeoutMs: 30_000 })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(30_000);
    const error = await waiting;
    expect(error).toBeInstanceOf(DollrTimeoutError);
    expect((error as DollrTimeoutError).referenceId).toBe(stuck.reference_id);
  });

  it('waits longer when the status endpoint keeps rate-limiting', async () => {
    const { server, client } = setup({ retry: { maxAttempts: 1 } });
    const execution = await client.collect(COLLECT);
    server.inject('GET', /^\/status\/collection\//, {
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '7' },
    });
    const pending = client.waitForExecution('collection', execution.reference_id);
    await vi.advanceTimersByTimeAsync(6_999);
    expect(server.count('GET', /^\/status\/collection\//)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.count('GET', /^\/status\/collection\//)).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(pending).resolves.toMatchObject({ status: 'COMPLETED' });
  });
});
