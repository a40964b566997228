/**
 * The client's recovery rules against the sandbox's faults (not a hand-written fake): each fault
 * is set through the control API, and the request log and the doctor say what the client did.
 */
import { type RunningSandbox, startSandbox, testPasscode } from '@dollr/mock';
import { type ControlClient, type CreateFault, createControlClient } from '@dollr/mock/control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDollrClient, type DollrClient } from '../src/index.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: 'manual', quiet: true });
});

afterAll(async () => {
  await sandbox?.close();
});

interface Harness {
  dollr: DollrClient;
  control: ControlClient;
}

/** A tenant of its own, a client for it (short timeout, quick backoff) and its control client. */
async function harness(): Promise<Harness> {
  const admin = createDollrClient({ baseUrl: sandbox.url, ...sandbox.credentials });
  const bootstrap = createControlClient({ baseUrl: sandbox.url, token: () => admin.getToken() });
  const { data: tenant } = await bootstrap.POST('/_sandbox/tenants', { body: {} });
  if (!tenant) throw new Error('no tenant');
  const dollr = createDollrClient({
    baseUrl: sandbox.url,
    clientId: tenant.client_id,
    clientSecret: tenant.client_secret,
    timeoutMs: 500,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  const control = createControlClient({ baseUrl: sandbox.url, token: () => dollr.getToken() });
  return { dollr, control };
}

async function requests(h: Harness) {
  const { data } = await h.control.GET('/_sandbox/requests', {
    params: { query: { limit: 1000 } },
  });
  return data?.requests ?? [];
}

async function findings(h: Harness) {
  const { data } = await h.control.GET('/_sandbox/doctor');
  return (data?.findings ?? []).map((f) => f.rule);
}

async function fault(h: Harness, body: CreateFault) {
  const { response } = await h.control.POST('/_sandbox/faults', { body });
  expect(response.status).toBe(201);
}

/** A checkout of one of the fixture invoices, collected from payment account 18. */
async function collectInvoice(h: Harness, sourceId: number) {
  const session = await h.dollr.createSession.checkout({
    source_id: sourceId,
    source_type: 'INVOICE',
  });
  return h.dollr.collect({
    session_id: String(session.id),
    payment_account_id: '18',
    currency: 'USD',
  });
}

/**
 * Deno's fetch re-sends a request, POSTs included, when its pooled keep-alive connection is reset
 * before any byte of an answer: the client never sees that reset. The sandbox then answers the
 * replayed execution with the original one (reference_id idempotency).
 */
const RUNTIME_RESENDS_ON_RESET = 'Deno' in globalThis;

describe('a lost response after the commit', () => {
  it.each(['NO_ANSWER_AFTER_EFFECT', 'RESET_AFTER_EFFECT'] as const)(
    '%s during collect ends in exactly one execution, found by status',
    async (kind) => {
      const h = await harness();
      await fault(h, { kind, operation: 'collect', count: 1 });
      const started = await collectInvoice(h, 101);
      expect(started.status).toBe('PENDING');

      const { data } = await h.control.GET('/_sandbox/executions');
      expect(data?.executions.map((e) => e.reference_id)).toEqual([started.reference_id]);
      const log = await requests(h);
      const resent = kind === 'RESET_AFTER_EFFECT' && RUNTIME_RESENDS_ON_RESET;
      const recovery = resent ? 'collect 200' : 'getCollectionStatus 200';
      expect(log.map((r) => `${r.operation} ${r.status ?? 'no answer'}`)).toEqual([
        'obtainToken 200',
        'createCheckoutSession 200',
        'collect no answer',
        recovery,
      ]);
      // The doctor sees the runtime's re-send for what it is: an execution retried unlooked.
      expect(await findings(h)).toEqual(resent ? ['RETRY_WITHOUT_STATUS'] : []);
    },
  );

  it('during a payout, the wallet is debited exactly once', async () => {
    const h = await harness();
    await fault(h, { kind: 'NO_ANSWER_AFTER_EFFECT', operation: 'payout', count: 1 });
    const session = await h.dollr.createSession.payout({
      payout_account_id: 7,
      amount: 25,
      currency: 'USD',
    });
    const started = await h.dollr.payout({
      session_id: String(session.id),
      payout_account_id: '7',
      passcode: testPasscode(),
    });
    const { data } = await h.control.GET('/_sandbox/wallets/{wallet_id}/ledger', {
      params: { path: { wallet_id: session.wallet_id } },
    });
    const debits = data?.entries.filter((e) => e.reason === 'DEBIT') ?? [];
    expect(debits).toEqual([expect.objectContaining({ reference_id: started.reference_id })]);
  });
});

describe('a 5xx before the commit', () => {
  it('leads to exactly one re-send, with the same reference id, after a status lookup', async () => {
    const h = await harness();
    await fault(h, { kind: 'ERROR_BEFORE_EFFECT', operation: 'collect', count: 1, status: 503 });
    const started = await collectInvoice(h, 102);
    const log = await requests(h);
    const collects = log.filter((r) => r.operation === 'collect');
    expect(collects.map((r) => r.status)).toEqual([503, 200]);
    expect(collects.map((r) => (r.request.body as { reference_id: string }).reference_id)).toEqual([
      started.reference_id,
      started.reference_id,
    ]);
    expect(log.map((r) => r.operation).slice(-3)).toEqual([
      'collect',
      'getCollectionStatus',
      'collect',
    ]);
    expect(await findings(h)).toEqual([]);
  });
});

describe('a 429', () => {
  it('is retried only after Retry-After, as the doctor confirms', async () => {
    const h = await harness();
    await fault(h, {
      kind: 'RATE_LIMIT',
      operation: 'createCheckoutSession',
      count: 1,
      retry_after: 1,
    });
    const session = await h.dollr.createSession.checkout({
      source_id: 103,
      source_type: 'INVOICE',
    });
    expect(session.status).toBe('ACTIVE');
    const statuses = (await requests(h))
      .filter((r) => r.operation === 'createCheckoutSession')
      .map((r) => r.status);
    expect(statuses).toEqual([429, 200]);
    expect(await findings(h)).toEqual([]);
  });
});

describe('a revoked token (401 on a valid token)', () => {
  it('leads to exactly one refresh and one replay', async () => {
    const h = await harness();
    await h.dollr.getToken();
    await fault(h, { kind: 'UNAUTHORIZED', operation: 'createCheckoutSession', count: 1 });
    const session = await h.dollr.createSession.checkout({
      source_id: 104,
      source_type: 'INVOICE',
    });
    expect(session.status).toBe('ACTIVE');
    const log = await requests(h);
    expect(log.map((r) => `${r.operation} ${r.status}`)).toEqual([
      'obtainToken 200',
      'createCheckoutSession 401',
      'obtainToken 200',
      'createCheckoutSession 200',
    ]);
    expect(await findings(h)).toEqual([]);
  });
});
