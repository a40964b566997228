/**
 * The Dollr docs' own flow, with the spec's example request bodies sent exactly as written, runs
 * against a fresh sandbox (through Prism's validation proxy). The sandbox's clock starts at the
 * examples' own time, 2026-11-24T10:15:00Z, so their `expires_at` values are in the future.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type RunningSandbox,
  type RunningServer,
  startSandbox,
  startValidationProxy,
} from '../src/index.js';
import { type Api, api, specExamples } from './support.js';

let sandbox: RunningSandbox;
let proxy: RunningServer;
let client: Api;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: 'manual', startAt: '2026-11-24T10:15:00Z', quiet: true });
  proxy = await startValidationProxy({ upstream: sandbox.url });
  client = api(proxy.url);
});

afterAll(async () => {
  await proxy?.close();
  await sandbox?.close();
});

it('every example request of the spec runs unchanged, in the documented order', async () => {
  const ex = specExamples();
  const tokenRes = await client.call('POST', '/jwt/client/obtain/token', {
    body: ex.TokenRequest?.value,
  });
  expect(tokenRes.status).toBe(200);
  const token = tokenRes.body.access_token as string;
  const post = (path: string, name: string) =>
    client.call('POST', path, { token, body: ex[name]?.value });

  // Checkout of invoice 101, collected from payment account "18".
  const checkout = await post('/sessions/checkout', 'CheckoutInvoiceRequest');
  expect(checkout.status).toBe(200);
  expect(checkout.body).toMatchObject({ id: 5012, source_id: 101, status: 'ACTIVE' });
  const collection = await post('/executions/collection', 'CollectionRequest');
  expect(collection.status).toBe(200);
  expect(collection.body).toMatchObject({
    reference_id: ex.CollectionRequest?.value.reference_id,
    payer_amount: ex.CollectionCompleted?.value.payer_amount,
    payee_amount: ex.CollectionCompleted?.value.payee_amount,
  });
  await sandbox.clock.advance(4000);
  const collected = await client.call(
    'GET',
    `/status/collection/${ex.CollectionRequest?.value.reference_id}`,
    { token },
  );
  expect(collected.body.status).toBe('COMPLETED');
  const sourceStatus = await client.call(
    'GET',
    '/status/source?source_type=INVOICE&source_id=101',
    {
      token,
    },
  );
  expect(sourceStatus.body).toMatchObject({ ...ex.SourcePaid?.value, paid_at: expect.any(String) });

  // Payout of 25 USD to payout account 7, with the merchant passcode.
  const payoutSession = await post('/sessions/payout', 'PayoutSessionRequest');
  expect(payoutSession.body).toMatchObject({ id: 6021, wallet_id: 1, payout_account_id: 7 });
  const payout = await post('/executions/payout', 'PayoutRequest');
  expect(payout.status).toBe(200);
  expect(payout.body.operation_type).toBe('PAYOUT');

  // Transfer of 40.5 USD to counterparty 12.
  const transferSession = await post('/sessions/transfer', 'TransferSessionRequest');
  expect(transferSession.body).toMatchObject({ id: 7033, amount: 40.5 });
  const transfer = await post('/executions/transfer', 'TransferRequest');
  expect(transfer.status).toBe(200);

  // Refund of 10 on checkout 5012, the completed collection above.
  const refundSession = await post('/sessions/refund', 'RefundSessionRequest');
  expect(refundSession.body).toMatchObject({
    id: 8044,
    original_payment_intent_id: 5012,
    amount: 10,
  });
  const refund = await post('/executions/refund', 'RefundRequest');
  expect(refund.status).toBe(200);

  await sandbox.clock.advance(4000);
  for (const [kind, name] of [
    ['payout', 'PayoutRequest'],
    ['transfer', 'TransferRequest'],
    ['refund', 'RefundRequest'],
  ] as const) {
    const res = await client.call('GET', `/status/${kind}/${ex[name]?.value.reference_id}`, {
      token,
    });
    expect(res.body.status).toBe('COMPLETED');
  }
  expect(client.violations).toEqual([]);
});
