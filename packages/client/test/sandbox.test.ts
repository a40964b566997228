import { testPasscode, UNVERIFIED_CREDENTIALS } from '@dollr/mock';
import { useDollrSandbox } from '@dollr/mock/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDollrClient,
  DollrApiError,
  DollrAuthError,
  type DollrClient,
  type ExecutionResponse,
} from '../src/index.js';

// The stateful sandbox with a manual clock: executions move only when the test advances time
// (PENDING → PROCESSING after 1 s, → final after 3 s more), so a whole flow runs deterministically.
const sandbox = useDollrSandbox({ clock: 'manual' });
let dollr: DollrClient;

beforeAll(() => {
  dollr = createDollrClient({ baseUrl: sandbox.url, ...sandbox.credentials });
});

/**
 * Waits for an execution while moving the sandbox clock: each step of time is taken only once
 * the poller has reported the status before it, so every transition is observed.
 */
async function settle(kind: 'collection' | 'payout', referenceId: string) {
  const seen: string[] = [];
  const reached = new Map<string, () => void>();
  const observed = (status: string) =>
    new Promise<void>((resolve) => {
      if (seen.includes(status)) resolve();
      else reached.set(status, resolve);
    });
  const waiting = dollr.waitForExecution(kind, referenceId, {
    intervalMs: 5,
    maxIntervalMs: 5,
    onStatus: (e) => {
      seen.push(e.status);
      reached.get(e.status)?.();
    },
  });
  await observed('PENDING');
  await sandbox.clock.advance(1_000);
  await observed('PROCESSING');
  await sandbox.clock.advance(3_000);
  const final = await waiting;
  return { final, seen };
}

describe('a whole checkout in the sandbox', () => {
  it('session → collect → wait ends COMPLETED, with the invoice paid', async () => {
    const session = await dollr.createSession.checkout({ source_id: 101, source_type: 'INVOICE' });
    expect(session).toMatchObject({ source_id: 101, status: 'ACTIVE' });

    let stored: string | undefined;
    const started = await dollr.collect(
      { session_id: String(session.id), payment_account_id: '18', currency: 'USD' },
      {
        onReferenceId: (id) => {
          stored = id;
        },
      },
    );
    expect(started.reference_id).toBe(stored);
    expect(started.status).toBe('PENDING');

    const { final, seen } = await settle('collection', started.reference_id);
    expect(final.status).toBe('COMPLETED');
    expect(final.operation_type).toBe('COLLECTION');
    // Fixture 101: USD 100, fee bearer PAYER, mobile money 1.5 %.
    expect(final).toMatchObject({ payer_amount: 101.5, payee_amount: 100, payer_currency: 'USD' });
    expect(seen).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);

    const invoice = await dollr.getSourceStatus({ source_type: 'INVOICE', source_id: 101 });
    expect(invoice.status).toBe('PAID');
  });

  it('a declined payer ends FAILED with the provider message', async () => {
    const session = await dollr.createSession.checkout({ source_id: 102, source_type: 'INVOICE' });
    const started = await dollr.collect({
      session_id: String(session.id),
      payment_account_id: '19',
      currency: 'USD',
    });
    const { final } = await settle('collection', started.reference_id);
    expect(final.status).toBe('FAILED');
    expect(final.gateway_message).toBe('The payer declined the request');
  });

  it('replaying the same reference id returns the original execution, never a second one', async () => {
    const session = await dollr.createSession.checkout({ source_id: 103, source_type: 'INVOICE' });
    const body = { session_id: String(session.id), payment_account_id: '21', currency: 'USD' };
    const first = await dollr.collect(body);
    const again = await dollr.collect({ ...body, reference_id: first.reference_id });
    expect(again.reference_id).toBe(first.reference_id);
    expect(again.payer_amount).toBe(first.payer_amount);
  });

  it('3-D Secure: the first answer asks for action and carries the client secret', async () => {
    const session = await dollr.createSession.checkout({ source_id: 104, source_type: 'INVOICE' });
    const started: ExecutionResponse = await dollr.collect({
      session_id: String(session.id),
      payment_account_id: '22',
      currency: 'USD',
    });
    expect(started.requires_action).toBe(true);
    expect(started.client_secret).toEqual(expect.any(String));
  });

  it('an unknown reference id is a 404 from getExecution', async () => {
    const error = await dollr
      .getExecution('collection', '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrApiError);
    expect((error as DollrApiError).status).toBe(404);
  });

  it('a used session is a 422 that names the problem, tagged with the reference id', async () => {
    const session = await dollr.createSession.checkout({ source_id: 105, source_type: 'INVOICE' });
    const body = { session_id: String(session.id), payment_account_id: '18', currency: 'USD' };
    await dollr.collect(body);
    const error = (await dollr.collect(body).catch((e: unknown) => e)) as DollrApiError;
    expect(error).toBeInstanceOf(DollrApiError);
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/^422 on POST \/executions\/collection: /);
    expect(error.referenceId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('payouts and merchants in the sandbox', () => {
  it('a payout to account 7 completes and debits the wallet', async () => {
    const session = await dollr.createSession.payout({
      payout_account_id: 7,
      amount: 25,
      currency: 'USD',
    });
    expect(session.wallet_id).toBe(1);
    const started = await dollr.payout({
      session_id: String(session.id),
      payout_account_id: '7',
      passcode: testPasscode(),
    });
    const { final } = await settle('payout', started.reference_id);
    expect(final.status).toBe('COMPLETED');
    expect(final.operation_type).toBe('PAYOUT');
  });

  it('an unverified merchant gets a DollrAuthError on a payout session', async () => {
    const unverified = createDollrClient({
      baseUrl: sandbox.url,
      ...UNVERIFIED_CREDENTIALS,
    });
    const error = await unverified.createSession
      .payout({ payout_account_id: 7, amount: 1, currency: 'USD' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrAuthError);
    expect((error as DollrAuthError).status).toBe(403);
  });

  it('wrong credentials are a DollrAuthError from the token call', async () => {
    const wrong = createDollrClient({
      baseUrl: sandbox.url,
      clientId: 'nobody',
      clientSecret: 'x',
    });
    await expect(wrong.getToken()).rejects.toMatchObject({
      name: 'DollrAuthError',
      status: 401,
      path: '/jwt/client/obtain/token',
    });
  });
});
