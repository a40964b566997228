import { TEST_CREDENTIALS, testPasscode } from '@dollr/mock';
import { useDollrMock } from '@dollr/mock/vitest';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CheckoutSession,
  createDollrClient,
  DollrApiError,
  DollrAuthError,
  type DollrClient,
  type ExecutionResponse,
  type PaymentSourceStatus,
  type PayoutSession,
  type RefundSession,
  type TransferSession,
} from '../src/index.js';

// Prism answers every operation from the spec's examples and validates each request against it
// (`errors: true` turns an invalid request into a 422), so these tests prove the client sends
// what the spec accepts and reads what the spec returns.
const mock = useDollrMock({ errors: true });
let client: DollrClient;
const REFERENCE = '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f';
const PASSCODE = testPasscode();

beforeAll(() => {
  client = createDollrClient({
    baseUrl: mock.url,
    ...TEST_CREDENTIALS,
    retry: { baseDelayMs: 10 },
  });
});

function isExecution(e: ExecutionResponse) {
  expect(e).toMatchObject({
    reference_id: expect.any(String),
    status: expect.stringMatching(/^(PENDING|PROCESSING|COMPLETED|FAILED)$/),
    payer_currency: expect.any(String),
    payee_currency: expect.any(String),
    operation_type: expect.any(String),
  });
}

describe('every operation against the Prism mock', () => {
  it('obtainToken: a bearer token from client credentials', async () => {
    const token = await client.getToken();
    expect(token).toEqual(expect.any(String));
    const raw = await client.POST('/jwt/client/obtain/token', {
      body: { client_id: TEST_CREDENTIALS.clientId, client_secret: TEST_CREDENTIALS.clientSecret },
    });
    expect(raw.response.status).toBe(200);
    expectTypeOf(raw.data?.expires_in).toEqualTypeOf<number | undefined>();
    expect(raw.data?.expires_in).toEqual(expect.any(Number));
  });

  it('createCheckoutSession', async () => {
    const session = await client.createSession.checkout({ source_id: 101, source_type: 'INVOICE' });
    expectTypeOf(session).toEqualTypeOf<CheckoutSession>();
    expect(session).toMatchObject({ id: expect.any(Number), source_type: expect.any(String) });
  });

  it('createPayoutSession', async () => {
    const session = await client.createSession.payout({
      payout_account_id: 7,
      amount: 25,
      currency: 'USD',
    });
    expectTypeOf(session).toEqualTypeOf<PayoutSession>();
    expect(session).toMatchObject({ id: expect.any(Number), wallet_id: expect.any(Number) });
  });

  it('createTransferSession, with an expiry as a duration', async () => {
    const session = await client.createSession.transfer({
      from_wallet_id: 1,
      to_counterparty_id: 12,
      amount: 10,
      currency: 'USD',
      expiresAt: 10 * 60_000,
    });
    expectTypeOf(session).toEqualTypeOf<TransferSession>();
    expect(session).toMatchObject({
      id: expect.any(Number),
      to_counterparty_id: expect.any(Number),
    });
  });

  it('createRefundSession, with an expiry as a Date', async () => {
    const session = await client.createSession.refund({
      original_payment_intent_id: 5001,
      amount: 10,
      reason: 'Customer returned the goods',
      expiresAt: new Date(Date.now() + 60 * 60_000),
    });
    expectTypeOf(session).toEqualTypeOf<RefundSession>();
    expect(session).toMatchObject({
      id: expect.any(Number),
      original_payment_intent_id: expect.any(Number),
    });
  });

  it('collect', async () => {
    let stored = '';
    const execution = await client.collect(
      { session_id: '5001', payment_account_id: '18', currency: 'USD' },
      {
        onReferenceId: (id) => {
          stored = id;
        },
      },
    );
    expect(stored).toMatch(/^[0-9a-f-]{36}$/);
    isExecution(execution);
  });

  it('payout', async () => {
    isExecution(
      await client.payout({
        session_id: '6001',
        payout_account_id: '7',
        reference_id: REFERENCE,
        passcode: PASSCODE,
      }),
    );
  });

  it('transfer', async () => {
    isExecution(await client.transfer({ session_id: '7001' }));
  });

  it('refund', async () => {
    isExecution(await client.refund({ session_id: '8001' }));
  });

  it.each(['collection', 'payout', 'transfer', 'refund'] as const)('get%sStatus', async (kind) => {
    const execution = await client.getExecution(kind, REFERENCE);
    expectTypeOf(execution).toEqualTypeOf<ExecutionResponse>();
    isExecution(execution);
  });

  it('getSourceStatus', async () => {
    const status = await client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 });
    expectTypeOf(status).toEqualTypeOf<PaymentSourceStatus>();
    expect(status).toMatchObject({ source_id: expect.any(Number), status: expect.any(String) });
  });

  it('waitForExecution resolves on a final example', async () => {
    const execution = await client.waitForExecution('collection', REFERENCE, { intervalMs: 10 });
    expect(['COMPLETED', 'FAILED']).toContain(execution.status);
  });
});

describe('errors against the spec examples', () => {
  /** A client whose requests ask Prism for the spec's example of one error status. */
  function clientPreferring(code: number, path: RegExp): DollrClient {
    return createDollrClient({
      baseUrl: mock.url,
      ...TEST_CREDENTIALS,
      retry: false,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        if (path.test(new URL(String(input)).pathname)) headers.set('prefer', `code=${code}`);
        return fetch(input, { ...init, headers });
      },
    });
  }

  it('a request the spec rejects is a DollrApiError naming the operation', async () => {
    const error = await client.createSession
      // @ts-expect-error an invalid enum on purpose: the types forbid it, and so does the mock
      .checkout({ source_id: 101, source_type: 'RECEIPT' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrApiError);
    expect(error).toMatchObject({ status: 422, method: 'POST', path: '/sessions/checkout' });
    expect((error as Error).message).toMatch(/^422 on POST \/sessions\/checkout: /);
  });

  it('the 422 example reads as a sentence', async () => {
    const error = await clientPreferring(422, /^\/sessions\/checkout$/)
      .createSession.checkout({ source_id: 101, source_type: 'INVOICE' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrApiError);
    expect((error as Error).message).toBe(
      '422 on POST /sessions/checkout: body.currency: Field required',
    );
    expect((error as DollrApiError).detail).toEqual([
      {
        type: 'missing',
        loc: ['body', 'currency'],
        msg: 'Field required',
        input: {
          session_id: '12345',
          payment_account_id: '1',
          reference_id: '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
        },
      },
    ]);
  });

  it('the 403 example is a DollrAuthError', async () => {
    const error = await clientPreferring(403, /^\/sessions\/payout$/)
      .createSession.payout({ payout_account_id: 7, amount: 1, currency: 'USD' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrAuthError);
    expect((error as Error).message).toBe(
      '403 on POST /sessions/payout: Merchant is not verified for payouts',
    );
  });

  it('the 404 example on status is a DollrApiError 404', async () => {
    const error = await clientPreferring(404, /^\/status\//)
      .getExecution('payout', REFERENCE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrApiError);
    expect(error).toMatchObject({ status: 404, detail: 'Execution not found' });
  });

  it('the 401 example on the token call is a DollrAuthError', async () => {
    const error = await clientPreferring(401, /\/jwt\//)
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DollrAuthError);
    expect((error as Error).message).toBe(
      '401 on POST /jwt/client/obtain/token: Invalid client credentials',
    );
  });

  it('a 500 on execute is ambiguous: the helper looks the execution up by status', async () => {
    const seen: string[] = [];
    const execution = await createDollrClient({
      baseUrl: mock.url,
      ...TEST_CREDENTIALS,
      retry: { baseDelayMs: 1 },
      onRequest: ({ method, url }) => seen.push(`${method} ${new URL(url).pathname}`),
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        if (new URL(String(input)).pathname === '/executions/collection') {
          headers.set('prefer', 'code=500');
        }
        return fetch(input, { ...init, headers });
      },
    }).collect({
      session_id: '5001',
      payment_account_id: '18',
      currency: 'USD',
      reference_id: REFERENCE,
    });
    isExecution(execution);
    expect(seen).toEqual([
      'POST /jwt/client/obtain/token',
      'POST /executions/collection',
      `GET /status/collection/${REFERENCE}`,
    ]);
  });
});
