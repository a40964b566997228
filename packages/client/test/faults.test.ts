/**
 * What the sandbox cannot do, against the hand-written fake of fake-dollr.ts. Everything else about
 * the client's recovery runs against the sandbox and its fault rules: sandbox-faults.test.ts (a lost
 * answer after the commit, a 5xx before it, a 429, a revoked token) and sandbox-recovery.test.ts
 * (5xx after the commit, giving up, retries, hooks, sessions never retried, auth refresh, 422s).
 * These stay here because they need:
 * - a failure before the request reaches the server (a network error: the sandbox's faults all
 *   happen once the request has arrived), hence "404 from status after a lost request" and the
 *   token call retried after a network error;
 * - exact timing under vitest's fake timers (Retry-After waits, timeouts, aborts, the polling
 *   schedule, token refresh 5 minutes before expiry), which a server on a real socket cannot keep;
 * - what the sandbox never sends: Retry-After as an HTTP date, or a status that repeats itself
 *   (a scripted lifecycle for the poller).
 */
import { testPasscode } from '@dollr/mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDollrClient,
  DollrAbortError,
  type DollrClientOptions,
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

/** The next request to `method path` is answered 429, with this Retry-After. */
function rateLimit(server: FakeDollr, method: string, path: RegExp, retryAfter: string) {
  server.inject(method, path, {
    kind: 'status',
    status: 429,
    headers: { 'retry-after': retryAfter },
  });
}

/** Fake timers for each test of the calling describe block. */
function useFakeTimers() {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

describe('executions after an ambiguous failure', () => {
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
});

describe('retries', () => {
  useFakeTimers();

  it('waits Retry-After seconds on a 429, then retries', async () => {
    const { server, client } = setup();
    rateLimit(server, 'POST', /^\/sessions\/checkout$/, '3');
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
    rateLimit(server, 'GET', /^\/status\/source$/, at);
    const pending = client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(server.count('GET', /^\/status\/source$/)).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(pending).resolves.toMatchObject({ source_id: 101 });
    expect(server.count('GET', /^\/status\/source$/)).toBe(2);
  });
});

describe('transient failures', () => {
  it('retries the token call after a network error', async () => {
    const { server, client } = setup();
    server.inject('POST', /^\/jwt\//, { kind: 'network' });
    await expect(client.getToken()).resolves.toBe('token-1');
    expect(server.count('POST', /^\/jwt\//)).toBe(2);
  });
});

describe('auth', () => {
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
});

describe('timeouts and aborts', () => {
  useFakeTimers();

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
    rateLimit(server, 'GET', /^\/status\/source$/, '20');
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
  useFakeTimers();

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
    rateLimit(server, 'GET', /^\/status\/collection\//, '7');
    const pending = client.waitForExecution('collection', execution.reference_id);
    await vi.advanceTimersByTimeAsync(6_999);
    expect(server.count('GET', /^\/status\/collection\//)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.count('GET', /^\/status\/collection\//)).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(pending).resolves.toMatchObject({ status: 'COMPLETED' });
  });
});
