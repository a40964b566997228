/**
 * The sandbox's behaviour, end to end, over each transport (test/transports.ts): over HTTP through
 * Prism's validation proxy, where every request and every answer is checked against the spec and
 * no answer may carry a violation; and through the MSW handlers, where `fetch` to Dollr's own base
 * URL is answered in-process. The same assertions hold over both.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxClockHandle } from '../src/index.js';
import { testPasscode } from '../src/sandbox/fixtures.js';
import { type Api, CREDENTIALS, inMinutes, ref, UNVERIFIED } from './support.js';
import { type Reached, TRANSPORTS } from './transports.js';

type TokenOverrides = NonNullable<Parameters<typeof testPasscode>[0]>['token'];

const PROCESSING_MS = 1000;
const SETTLE_MS = 3000;

describe.each(TRANSPORTS)('over $name', (transport) => {
  let reached: Reached;
  let sandbox: { clock: SandboxClockHandle };
  let client: Api;
  let token: string;

  beforeAll(async () => {
    reached = await transport.start({
      clock: 'manual',
      quiet: true,
      delays: { processingMs: PROCESSING_MS, settleMs: SETTLE_MS },
      seed: {
        sources: [
          {
            source_id: 900,
            source_type: 'INVOICE',
            source_number: 'INV-0900',
            status: 'ACTIVE',
            currency: 'USD',
            total_amount: 300,
            fee_bearer: 'PAYEE',
          },
        ],
      },
    });
    sandbox = reached;
    client = reached.client;
    token = await client.token();
  });

  afterAll(async () => {
    await reached?.close();
  });

  // Tests move the clock by hours: every test starts with a fresh token.
  beforeEach(async () => {
    token = await client.token();
  });

  afterEach(() => {
    expect(client.violations).toEqual([]);
  });

  const settle = () => sandbox.clock.advance(PROCESSING_MS + SETTLE_MS);

  async function checkout(source_id: number, source_type: 'INVOICE' | 'ORDER' = 'INVOICE') {
    const res = await client.call('POST', '/sessions/checkout', {
      token,
      body: { source_id, source_type },
    });
    expect(res.status).toBe(200);
    return res.body as { id: number; status: string; expires_at: string; created_at: string };
  }

  async function collect(sessionId: number, account: string, currency = 'USD', reference = ref()) {
    return client.call('POST', '/executions/collection', {
      token,
      body: {
        session_id: String(sessionId),
        payment_account_id: account,
        currency,
        reference_id: reference,
      },
    });
  }

  const status = (kind: string, reference: string) =>
    client.call('GET', `/status/${kind}/${reference}`, { token });

  const source = (id: number, type = 'INVOICE') =>
    client.call('GET', `/status/source?source_type=${type}&source_id=${id}`, { token });

  const passcode = (token: TokenOverrides = {}) => testPasscode({ token });

  describe('auth', () => {
    it('issues a token for the test credentials, valid for expires_in minutes', async () => {
      const res = await client.call('POST', '/jwt/client/obtain/token', {
        body: { client_id: CREDENTIALS.clientId, client_secret: CREDENTIALS.clientSecret },
      });
      expect(res.status).toBe(200);
      expect(res.body.expires_in).toBe(60);
      expect(res.body.access_token.split('.')).toHaveLength(3);
    });

    it('rejects other credentials with 401', async () => {
      for (const body of [
        { client_id: CREDENTIALS.clientId, client_secret: 'wrong' },
        { client_id: 'someone_else', client_secret: CREDENTIALS.clientSecret },
      ]) {
        const res = await client.call('POST', '/jwt/client/obtain/token', { body });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ detail: 'Invalid client credentials' });
      }
    });

    it('answers 401 Could not validate credentials for a token that is not ours', async () => {
      const res = await source(101);
      expect(res.status).toBe(200);
      const forged = `${token.slice(0, -4)}AAAA`;
      const bad = await client.call('GET', '/status/source?source_type=INVOICE&source_id=101', {
        token: forged,
      });
      expect(bad.status).toBe(401);
      expect(bad.body).toEqual({ detail: 'Could not validate credentials' });
    });
  });

  describe('checkout sessions', () => {
    it('creates an ACTIVE session with a server expiry (15 minutes)', async () => {
      const session = await checkout(105);
      expect(session.status).toBe('ACTIVE');
      expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(15 * 60_000);
    });

    it('refuses sources that cannot be paid (422) and unknown ones (404)', async () => {
      for (const id of [190, 191]) {
        const res = await client.call('POST', '/sessions/checkout', {
          token,
          body: { source_id: id, source_type: 'INVOICE' },
        });
        expect(res.status).toBe(422);
        expect(res.body.detail[0].loc).toEqual(['body', 'source_id']);
        expect(res.body.detail[0].msg).toMatch(id === 190 ? /IDLE/ : /CANCELED/);
      }
      const unknown = await client.call('POST', '/sessions/checkout', {
        token,
        body: { source_id: 999, source_type: 'INVOICE' },
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ detail: 'Source not found' });
      const wrongType = await client.call('POST', '/sessions/checkout', {
        token,
        body: { source_id: 101, source_type: 'ORDER' },
      });
      expect(wrongType.status).toBe(404);
    });
  });

  describe('collections', () => {
    it('mobile money 18: PENDING → PROCESSING → COMPLETED, fees on the payer, source PAID', async () => {
      const session = await checkout(101);
      const reference = ref();
      const res = await collect(session.id, '18', 'USD', reference);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        reference_id: reference,
        status: 'PENDING',
        payer_amount: 101.5,
        payer_currency: 'USD',
        payee_amount: 100,
        payee_currency: 'USD',
        operation_type: 'COLLECTION',
        requires_action: false,
      });
      expect((await source(101)).body.status).toBe('PROCESSING');

      await sandbox.clock.advance(PROCESSING_MS);
      const processing = await status('collection', reference);
      expect(processing.body.status).toBe('PROCESSING');
      expect(processing.body.provider_transaction_id).toMatch(/^pp_/);

      await sandbox.clock.advance(SETTLE_MS);
      const done = await status('collection', reference);
      expect(done.body).toMatchObject({ status: 'COMPLETED', gateway_message: 'Payment received' });
      expect(done.body.provider_transaction_id).toBe(processing.body.provider_transaction_id);

      const paid = await source(101);
      expect(paid.body).toMatchObject({ status: 'PAID', source_number: 'INV-0101' });
      expect(Date.parse(paid.body.paid_at)).toBe(
        Date.parse(session.created_at) + PROCESSING_MS + SETTLE_MS,
      );
      const again = await client.call('POST', '/sessions/checkout', {
        token,
        body: { source_id: 101, source_type: 'INVOICE' },
      });
      expect(again.status).toBe(422);
    });

    it('mobile money 19 FAILS with the gateway message; the source is payable again; fees on the payee', async () => {
      const session = await checkout(102);
      const reference = ref();
      const res = await collect(session.id, '19', 'USD', reference);
      expect(res.body).toMatchObject({ payer_amount: 250, payee_amount: 246.25 });
      await settle();
      const failed = await status('collection', reference);
      expect(failed.body).toMatchObject({
        status: 'FAILED',
        gateway_message: 'The payer declined the request',
      });
      expect((await source(102)).body.status).toBe('ACTIVE');
      await checkout(102);
    });

    it('mobile money 20 stays PROCESSING', async () => {
      const session = await checkout(103);
      const reference = ref();
      await collect(session.id, '20', 'USD', reference);
      await sandbox.clock.advance(24 * 60 * 60_000);
      token = await client.token();
      expect((await status('collection', reference)).body.status).toBe('PROCESSING');
      expect((await source(103)).body.status).toBe('PROCESSING');
    });

    it('card 21 completes with 2.9 % + 0.30 on top', async () => {
      const session = await checkout(201, 'ORDER');
      const reference = ref();
      const res = await collect(session.id, '21', 'USD', reference);
      // 35 + 35 * 2.9 % + 0.30 = 36.315 → 36.32
      expect(res.body).toMatchObject({ payer_amount: 36.32, payee_amount: 35 });
      await settle();
      expect((await status('collection', reference)).body.status).toBe('COMPLETED');
      expect((await source(201, 'ORDER')).body.status).toBe('PAID');
    });

    it('card 22 first requires 3-D Secure, then completes', async () => {
      const session = await checkout(106);
      const reference = ref();
      const res = await collect(session.id, '22', 'USD', reference);
      expect(res.body).toMatchObject({ status: 'PENDING', requires_action: true });
      expect(res.body.client_secret).toMatch(/^pi_[0-9a-f]+_secret_/);
      expect(res.body.provider_transaction_id).toMatch(/^pi_/);
      await settle();
      const done = await status('collection', reference);
      expect(done.body).toMatchObject({
        status: 'COMPLETED',
        requires_action: false,
        client_secret: null,
      });
    });

    it('wallet 23 completes without fees', async () => {
      const session = await checkout(202, 'ORDER');
      const res = await collect(session.id, '23');
      expect(res.body).toMatchObject({ payer_amount: 120, payee_amount: 120 });
    });

    it("converts to the payer's currency at the sandbox's fixed rates", async () => {
      const session = await checkout(203, 'ORDER');
      const res = await collect(session.id, '18', 'LRD');
      // 15.5 + 1.5 % = 15.73 USD (15.7325) → × 190 LRD
      expect(res.body).toMatchObject({
        payer_amount: 2988.7,
        payer_currency: 'LRD',
        payee_amount: 15.5,
        payee_currency: 'USD',
      });
    });

    it('an unknown payment account is a 422 on payment_account_id', async () => {
      const session = await checkout(204, 'ORDER');
      const res = await collect(session.id, '99');
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual([
        {
          loc: ['body', 'payment_account_id'],
          msg: 'payment account not found',
          type: 'value_error.not_found',
        },
      ]);
    });
  });

  describe('sessions that cannot be executed', () => {
    it('unknown, used, expired or wrong-type sessions are 422s naming the session', async () => {
      const unknown = await collect(424242, '18');
      expect(unknown.status).toBe(422);
      expect(unknown.body.detail[0]).toMatchObject({ loc: ['body', 'session_id'] });
      expect(unknown.body.detail[0].msg).toMatch(/session 424242 not found/);

      const session = await checkout(107);
      expect((await collect(session.id, '18')).status).toBe(200);
      const used = await collect(session.id, '18');
      expect(used.status).toBe(422);
      expect(used.body.detail[0].loc).toEqual(['body', 'session_id']);
      expect(used.body.detail[0].msg).toMatch(new RegExp(`session ${session.id} is not active`));

      const later = await checkout(108);
      await sandbox.clock.advance(15 * 60_000);
      const expired = await collect(later.id, '18');
      expect(expired.status).toBe(422);
      expect(expired.body.detail[0].msg).toMatch(/expired/);

      const payoutSession = await client.call('POST', '/sessions/payout', {
        token,
        body: { payout_account_id: 7, amount: 1, currency: 'USD' },
      });
      const wrong = await collect(payoutSession.body.id, '18');
      expect(wrong.status).toBe(422);
      expect(wrong.body.detail[0].msg).toMatch(/is a payout session, not a checkout session/);
    });
  });

  describe('idempotency', () => {
    it('the same reference id with the same body returns the original execution', async () => {
      const session = await checkout(109);
      const reference = ref();
      const first = await collect(session.id, '21', 'USD', reference);
      await sandbox.clock.advance(PROCESSING_MS);
      const replay = await collect(session.id, '21', 'USD', reference);
      expect(replay.status).toBe(200);
      expect(replay.body).toMatchObject({
        reference_id: reference,
        payer_amount: first.body.payer_amount,
      });
      // The replay shows where the original execution stands now.
      expect(replay.body.status).toBe('PROCESSING');
    });

    it('the same reference id with another body is a 422 duplicate', async () => {
      const session = await checkout(110);
      const reference = ref();
      await collect(session.id, '18', 'USD', reference);
      const other = await collect(session.id, '21', 'USD', reference);
      expect(other.status).toBe(422);
      expect(other.body.detail).toEqual([
        {
          loc: ['body', 'reference_id'],
          msg: 'reference_id already exists: it was used for a different execution',
          type: 'value_error.duplicate',
        },
      ]);
      const transferSession = await client.call('POST', '/sessions/transfer', {
        token,
        body: {
          from_wallet_id: 1,
          to_counterparty_id: 12,
          amount: 1,
          currency: 'USD',
          expires_at: inMinutes(sandbox.clock.now(), 5),
        },
      });
      const otherKind = await client.call('POST', '/executions/transfer', {
        token,
        body: { session_id: String(transferSession.body.id), reference_id: reference },
      });
      expect(otherKind.status).toBe(422);
      expect(otherKind.body.detail[0].type).toBe('value_error.duplicate');
    });
  });

  describe('payouts', () => {
    const payoutSession = async (payout_account_id: number, amount: number) => {
      const res = await client.call('POST', '/sessions/payout', {
        token,
        body: { payout_account_id, amount, currency: 'USD' },
      });
      expect(res.status).toBe(200);
      return res.body as {
        id: number;
        wallet_id: number;
        status: string;
        expires_at: string;
        created_at: string;
      };
    };
    const execute = (sessionId: number, account: string, code = passcode(), reference = ref()) =>
      client.call('POST', '/executions/payout', {
        token,
        body: {
          session_id: String(sessionId),
          payout_account_id: account,
          reference_id: reference,
          passcode: code,
        },
      });

    it('a payout session debits the main wallet, expires with the server, and account 7 completes', async () => {
      const session = await payoutSession(7, 25);
      expect(session.wallet_id).toBe(1);
      expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(15 * 60_000);
      const reference = ref();
      const res = await execute(session.id, '7', passcode(), reference);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'PENDING',
        operation_type: 'PAYOUT',
        payer_amount: 25.38,
        payee_amount: 25,
      });
      await settle();
      expect((await status('payout', reference)).body).toMatchObject({
        status: 'COMPLETED',
        gateway_message: 'Payout delivered',
      });
    });

    it('account 8 fails at the provider', async () => {
      const session = await payoutSession(8, 10);
      const reference = ref();
      await execute(session.id, '8', passcode({ phone: null, user_id: 1 }), reference);
      await settle();
      const res = await status('payout', reference);
      expect(res.body.status).toBe('FAILED');
      expect(res.body.gateway_message).toMatch(/rejected/);
    });

    it('a wrong passcode is a 403; another payout account than the session’s is a 422', async () => {
      const session = await payoutSession(7, 5);
      const wrongCode = await execute(session.id, '7', passcode({ code: '000000' }));
      expect(wrongCode.status).toBe(403);
      expect(wrongCode.body).toEqual({ detail: 'Invalid passcode' });
      const wrongPhone = await execute(session.id, '7', passcode({ phone: '231770000009' }));
      expect(wrongPhone.status).toBe(403);
      const wrongAccount = await execute(session.id, '8');
      expect(wrongAccount.status).toBe(422);
      expect(wrongAccount.body.detail[0].loc).toEqual(['body', 'payout_account_id']);
      expect((await execute(session.id, '7')).status).toBe(200);
    });

    it('an unknown payout account is a 404', async () => {
      const res = await client.call('POST', '/sessions/payout', {
        token,
        body: { payout_account_id: 99, amount: 5, currency: 'USD' },
      });
      expect(res.status).toBe(404);
    });
  });

  describe('transfers and wallet balances', () => {
    const transferSession = (from_wallet_id: number, amount: number, minutes = 5, to = 12) =>
      client.call('POST', '/sessions/transfer', {
        token,
        body: {
          from_wallet_id,
          to_counterparty_id: to,
          amount,
          currency: 'USD',
          expires_at: inMinutes(sandbox.clock.now(), minutes),
        },
      });
    const execute = (sessionId: number, reference = ref()) =>
      client.call('POST', '/executions/transfer', {
        token,
        body: { session_id: String(sessionId), reference_id: reference },
      });

    it('a transfer within the balance completes; beyond it fails with a wallet_message', async () => {
      const ok = await transferSession(2, 4.5);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        from_wallet_id: 2,
        to_counterparty_id: 12,
        status: 'ACTIVE',
      });
      const reference = ref();
      const res = await execute(ok.body.id, reference);
      expect(res.body).toMatchObject({ status: 'PENDING', payer_amount: 4.5, payee_amount: 4.5 });
      await settle();
      expect((await status('transfer', reference)).body.status).toBe('COMPLETED');

      // Wallet 2 had 5.00; 0.50 is left.
      const short = await transferSession(2, 0.51);
      const failed = await execute(short.body.id);
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({
        status: 'FAILED',
        wallet_message: 'Insufficient balance',
      });
      const exact = await transferSession(2, 0.5);
      expect((await execute(exact.body.id)).body.status).toBe('PENDING');
    });

    it("takes the client's expiry, which must be in the future", async () => {
      const session = await transferSession(1, 1, 2);
      expect(session.status).toBe(200);
      expect(Date.parse(session.body.expires_at)).toBe(sandbox.clock.now().getTime() + 2 * 60_000);
      const past = await transferSession(1, 1, -1);
      expect(past.status).toBe(422);
      expect(past.body.detail[0].loc).toEqual(['body', 'expires_at']);
      await sandbox.clock.advance(2 * 60_000);
      const expired = await execute(session.body.id);
      expect(expired.status).toBe(422);
      expect(expired.body.detail[0].msg).toMatch(/expired/);
    });

    it('unknown wallets and counterparties are 404s', async () => {
      expect((await transferSession(9, 1)).status).toBe(404);
      expect((await transferSession(1, 1, 5, 99)).status).toBe(404);
    });
  });

  describe('refunds', () => {
    async function completedCollection(id: number) {
      const session = await checkout(id);
      const reference = ref();
      await collect(session.id, '18', 'USD', reference);
      await settle();
      expect((await status('collection', reference)).body.status).toBe('COMPLETED');
      return session.id;
    }
    const refundSession = (intent: number, amount: number) =>
      client.call('POST', '/sessions/refund', {
        token,
        body: {
          original_payment_intent_id: intent,
          amount,
          reason: 'test',
          expires_at: inMinutes(sandbox.clock.now(), 10),
        },
      });
    const execute = (sessionId: number, reference = ref()) =>
      client.call('POST', '/executions/refund', {
        token,
        body: { session_id: String(sessionId), reference_id: reference },
      });

    it('refunds never exceed what was collected', async () => {
      // INV-0900: 300 USD, fees on the payee: 295.50 collected.
      const intent = await completedCollection(900);
      const first = await refundSession(intent, 200);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        original_payment_intent_id: intent,
        amount: 200,
        reason: 'test',
      });
      const tooMuch = await refundSession(intent, 95.51);
      // Nothing executed yet: 295.50 is still refundable.
      expect(tooMuch.status).toBe(200);
      const reference = ref();
      const res = await execute(first.body.id, reference);
      expect(res.body).toMatchObject({
        operation_type: 'REFUND',
        payer_amount: 200,
        status: 'PENDING',
      });
      // Now only 95.50 is left: the second session cannot run, nor can a new one ask for more.
      const over = await execute(tooMuch.body.id);
      expect(over.status).toBe(422);
      expect(over.body.detail[0].loc).toEqual(['body', 'session_id']);
      const overSession = await refundSession(intent, 95.51);
      expect(overSession.status).toBe(422);
      expect(overSession.body.detail[0].loc).toEqual(['body', 'amount']);
      const rest = await refundSession(intent, 95.5);
      expect((await execute(rest.body.id)).status).toBe(200);
      await settle();
      expect((await status('refund', reference)).body).toMatchObject({
        status: 'COMPLETED',
        gateway_message: 'Refund sent to the payer',
      });
    });

    it('a payment intent without a completed collection cannot be refunded; an unknown one is 404', async () => {
      const session = await checkout(205, 'ORDER');
      const notYet = await refundSession(session.id, 1);
      expect(notYet.status).toBe(422);
      expect(notYet.body.detail[0].loc).toEqual(['body', 'original_payment_intent_id']);
      expect((await refundSession(999_992, 1)).status).toBe(404);
    });
  });

  describe('status', () => {
    it('an unknown reference, or one of another kind, is a 404', async () => {
      expect((await status('collection', ref())).status).toBe(404);
      const session = await checkout(104);
      const reference = ref();
      await collect(session.id, '21', 'USD', reference);
      expect((await status('collection', reference)).status).toBe(200);
      for (const kind of ['payout', 'transfer', 'refund']) {
        const res = await status(kind, reference);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ detail: 'Execution not found' });
      }
    });

    it('the source status of an unknown source is a 404', async () => {
      expect((await source(12345)).status).toBe(404);
      expect((await source(101, 'SUBSCRIPTION')).status).toBe(404);
    });
  });

  describe('an unverified merchant', () => {
    it('may collect but gets 403 on payout, transfer and refund sessions', async () => {
      const unverified = await client.token(UNVERIFIED);
      const checkoutRes = await client.call('POST', '/sessions/checkout', {
        token: unverified,
        body: { source_id: 205, source_type: 'ORDER' },
      });
      expect(checkoutRes.status).toBe(200);
      const expires_at = inMinutes(sandbox.clock.now(), 5);
      const attempts = [
        ['/sessions/payout', { payout_account_id: 7, amount: 5, currency: 'USD' }, /payouts/],
        [
          '/sessions/transfer',
          { from_wallet_id: 1, to_counterparty_id: 12, amount: 5, currency: 'USD', expires_at },
          /transfers/,
        ],
        [
          '/sessions/refund',
          { original_payment_intent_id: 5012, amount: 1, expires_at },
          /refunds/,
        ],
      ] as const;
      for (const [path, body, word] of attempts) {
        const res = await client.call('POST', path, { token: unverified, body });
        expect(res.status).toBe(403);
        expect(res.body.detail).toMatch(word);
      }
    });
  });

  describe('tokens expire', () => {
    it('a token older than expires_in minutes is refused', async () => {
      const old = await client.token();
      await sandbox.clock.advance(60 * 60_000);
      const res = await client.call('GET', '/status/source?source_type=INVOICE&source_id=101', {
        token: old,
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Could not validate credentials' });
      token = await client.token();
    });
  });
});
