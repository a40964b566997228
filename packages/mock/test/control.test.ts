/**
 * The control API end to end over HTTP, through Prism's validation proxy for both documents
 * (Dollr's and the control API's): every operation, 404s for unknown ids, and zero violations.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  controlSpecPath,
  type RunningSandbox,
  type RunningServer,
  startSandbox,
  startValidationProxy,
} from '../src/index.js';
import { testPasscode } from '../src/sandbox/fixtures.js';
import { type Api, api, collectionBody, inMinutes, type Json, ref } from './support.js';

let sandbox: RunningSandbox;
let dollrProxy: RunningServer;
let controlProxy: RunningServer;
let dollr: Api;
let control: Api;
let token: string;
let defaultToken: string;
let tenantCredentials: { clientId: string; clientSecret: string };

const START = new Date('2026-11-24T10:00:00Z');

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true, clock: 'manual', startAt: START });
  [dollrProxy, controlProxy] = await Promise.all([
    startValidationProxy({ upstream: sandbox.url }),
    startValidationProxy({ upstream: sandbox.rootUrl, spec: controlSpecPath() }),
  ]);
  dollr = api(dollrProxy.url);
  control = api(controlProxy.url);
  defaultToken = await dollr.token();
  const created = await control.call('POST', '/_sandbox/tenants', {
    token: defaultToken,
    body: { name: 'control.test.ts' },
  });
  expect(created.status).toBe(201);
  tenantCredentials = {
    clientId: created.body.client_id,
    clientSecret: created.body.client_secret,
  };
});

// Tests move the tenant's clock by hours in all; tokens follow it, so each test takes a new one.
beforeEach(async () => {
  token = await dollr.token(tenantCredentials);
});

afterAll(async () => {
  await Promise.all([dollrProxy?.close(), controlProxy?.close()]);
  await sandbox?.close();
  expect([...(dollr?.violations ?? []), ...(control?.violations ?? [])]).toEqual([]);
});

const ctl = (method: string, path: string, body?: unknown) =>
  control.call(method, `/_sandbox${path}`, { token, body });
const dol = (method: string, path: string, body?: unknown) =>
  dollr.call(method, path, { token, body });

async function checkout(sourceId = 101, type = 'INVOICE') {
  const res = await dol('POST', '/sessions/checkout', { source_id: sourceId, source_type: type });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Json;
}

/** Adds a source of the tenant: a USD invoice, unless `fields` say otherwise. */
const addSource = (fields: Json) =>
  ctl('POST', '/sources', { source_type: 'INVOICE', currency: 'USD', ...fields });

/** A new ACTIVE invoice of the tenant, so that tests do not share sources. */
async function freshInvoice(): Promise<number> {
  const res = await addSource({ total_amount: 100, status: 'ACTIVE' });
  expect(res.status).toBe(201);
  return res.body.source_id;
}

async function collect(account = '18', sourceId?: number) {
  const session = await checkout(sourceId ?? (await freshInvoice()));
  const reference_id = ref();
  const res = await dol(
    'POST',
    '/executions/collection',
    collectionBody(session.id, account, reference_id),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { session, reference_id, execution: res.body as Json };
}

const status = async (referenceId: string) =>
  (await dol('GET', `/status/collection/${referenceId}`)).body as Json;

describe('clock', () => {
  it('reads, advances by a duration and sets, forward only', async () => {
    const now = (await ctl('GET', '/clock')).body;
    expect(now).toEqual({ now: START.toISOString(), mode: 'manual' });
    const advanced = await ctl('POST', '/clock/advance', { by: '90s' });
    expect(advanced.body.now).toBe(new Date(START.getTime() + 90_000).toISOString());
    const target = new Date(START.getTime() + 30 * 60_000).toISOString();
    expect((await ctl('PUT', '/clock', { now: target })).body.now).toBe(target);
    const back = await ctl('PUT', '/clock', { now: START.toISOString() });
    expect(back.status).toBe(422);
    expect(back.body.detail[0].loc).toEqual(['body', 'now']);
  });

  it('is per tenant: the default tenant did not move', async () => {
    const other = await control.call('GET', '/_sandbox/clock', { token: defaultToken });
    expect(other.body.now).toBe(START.toISOString());
  });

  it('moves executions, session expiry and token expiry', async () => {
    const { reference_id } = await collect();
    await ctl('POST', '/clock/advance', { by: '4s' });
    expect((await status(reference_id)).status).toBe('COMPLETED');

    const session = await checkout(102);
    await ctl('POST', '/clock/advance', { by: '16m' });
    const late = await dol('POST', '/executions/collection', collectionBody(session.id, '18'));
    expect(late.status).toBe(422);
    expect(late.body.detail[0].msg).toMatch(/expired/);

    const created = await control.call('POST', '/_sandbox/tenants', {
      token: defaultToken,
      body: { clock: 'manual' },
    });
    const own = await dollr.token({
      clientId: created.body.client_id,
      clientSecret: created.body.client_secret,
    });
    await control.call('POST', '/_sandbox/clock/advance', { token: own, body: { by: '61m' } });
    const expired = await control.call('GET', '/_sandbox/clock', { token: own });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ detail: 'Could not validate credentials' });
  });
});

describe('outcomes', () => {
  it('drives an execution to FAILED with a gateway message', async () => {
    const sourceId = await freshInvoice();
    const { reference_id } = await collect('18', sourceId);
    const driven = await ctl('POST', `/executions/${reference_id}/outcome`, {
      status: 'FAILED',
      gateway_message: 'Payer has insufficient funds',
    });
    expect(driven.status).toBe(200);
    expect(driven.body).toMatchObject({ status: 'FAILED', planned_status: 'FAILED' });
    expect(await status(reference_id)).toMatchObject({
      status: 'FAILED',
      gateway_message: 'Payer has insufficient funds',
    });
    // The source is payable again, as after any failed collection.
    const source = await dol('GET', `/status/source?source_type=INVOICE&source_id=${sourceId}`);
    expect(source.body.status).toBe('ACTIVE');
    const again = await ctl('POST', `/executions/${reference_id}/outcome`, { status: 'COMPLETED' });
    expect(again.status).toBe(422);
  });

  it('drives an execution to COMPLETED now', async () => {
    const { reference_id } = await collect('20'); // the account that stays PROCESSING
    const driven = await ctl('POST', `/executions/${reference_id}/outcome`, {
      status: 'COMPLETED',
    });
    expect(driven.body.status).toBe('COMPLETED');
    expect((await status(reference_id)).status).toBe('COMPLETED');
  });

  it('holds an execution PROCESSING for a while, then lets it go on', async () => {
    const { reference_id } = await collect('18', 103);
    const held = await ctl('POST', `/executions/${reference_id}/outcome`, {
      status: 'PROCESSING',
      hold_for: '2m',
    });
    expect(held.body).toMatchObject({ status: 'PROCESSING', planned_status: 'COMPLETED' });
    await ctl('POST', '/clock/advance', { by: '1m' });
    expect((await status(reference_id)).status).toBe('PROCESSING');
    await ctl('POST', '/clock/advance', { by: '61s' });
    expect((await status(reference_id)).status).toBe('COMPLETED');
  });

  it('sets the outcome of the next collections on a payment account, with a count', async () => {
    const set = await ctl('PUT', '/payment-accounts/18/outcome', {
      status: 'FAILED',
      gateway_message: 'Declined by the network',
      count: 1,
    });
    expect(set.body).toMatchObject({ payment_account_id: '18', remaining: 1 });
    const first = await collect('18', 104);
    const second = await collect('18', 105);
    await ctl('POST', '/clock/advance', { by: '5s' });
    expect(await status(first.reference_id)).toMatchObject({
      status: 'FAILED',
      gateway_message: 'Declined by the network',
    });
    expect((await status(second.reference_id)).status).toBe('COMPLETED');
    expect((await ctl('DELETE', '/payment-accounts/18/outcome')).status).toBe(204);
  });

  it('requires 3-D Secure, then confirms or fails the authentication', async () => {
    await ctl('PUT', '/payment-accounts/21/outcome', {
      status: 'COMPLETED',
      requires_action: true,
    });
    const confirmed = await collect('21', 106);
    expect(confirmed.execution).toMatchObject({ requires_action: true, status: 'PENDING' });
    expect(confirmed.execution.client_secret).toEqual(expect.any(String));
    await ctl('POST', '/clock/advance', { by: '1m' });
    expect((await status(confirmed.reference_id)).status).toBe('PENDING');
    const ok = await ctl('POST', `/executions/${confirmed.reference_id}/authentication`, {
      succeeded: true,
    });
    expect(ok.body).toMatchObject({ status: 'PROCESSING', requires_action: false });
    await ctl('POST', '/clock/advance', { by: '4s' });
    expect((await status(confirmed.reference_id)).status).toBe('COMPLETED');

    const refused = await collect('21', 107);
    const failed = await ctl('POST', `/executions/${refused.reference_id}/authentication`, {
      succeeded: false,
    });
    expect(failed.body).toMatchObject({
      status: 'FAILED',
      gateway_message: 'Authentication failed',
    });
    const notWaiting = await ctl('POST', `/executions/${refused.reference_id}/authentication`, {
      succeeded: true,
    });
    expect(notWaiting.status).toBe(422);
    await ctl('DELETE', '/payment-accounts/21/outcome');
  });

  it('fails a payout with a wallet message', async () => {
    const session = await dol('POST', '/sessions/payout', {
      payout_account_id: 7,
      amount: 10,
      currency: 'USD',
    });
    const reference_id = ref();
    const paid = await dol('POST', '/executions/payout', {
      session_id: String(session.body.id),
      payout_account_id: '7',
      reference_id,
      passcode: testPasscode(),
    });
    expect(paid.status).toBe(200);
    const driven = await ctl('POST', `/executions/${reference_id}/outcome`, {
      status: 'FAILED',
      wallet_message: 'Wallet frozen',
    });
    expect(driven.body).toMatchObject({ status: 'FAILED', wallet_message: 'Wallet frozen' });
    const ledger = await ctl('GET', '/wallets/1/ledger');
    const reasons = ledger.body.entries.map((e: Json) => [e.reason, e.reference_id]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['OPENING', null],
        ['DEBIT', reference_id],
        ['RELEASE', reference_id],
      ]),
    );
    expect(ledger.body.wallet.balance).toBe(1000);
  });
});

describe('world', () => {
  it('creates invoices and orders, publishes and cancels them', async () => {
    const draft = await addSource({ total_amount: 12.5, fee_bearer: 'PAYEE' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'IDLE', fee_bearer: 'PAYEE', total_amount: 12.5 });
    const id = draft.body.source_id as number;
    const refused = await dol('POST', '/sessions/checkout', {
      source_id: id,
      source_type: 'INVOICE',
    });
    expect(refused.status).toBe(422);
    const published = await ctl('POST', `/sources/INVOICE/${id}/publish`);
    expect(published.body.status).toBe('ACTIVE');
    expect((await collect('18', id)).execution.payee_amount).toBe(12.31);

    const order = await addSource({
      source_type: 'ORDER',
      source_id: 777,
      total_amount: 5,
      status: 'ACTIVE',
    });
    expect(order.body).toMatchObject({ source_number: 'ORD-0777', status: 'ACTIVE' });
    expect((await ctl('POST', '/sources/ORDER/777/cancel')).body.status).toBe('CANCELED');
    expect((await ctl('POST', '/sources/ORDER/777/publish')).status).toBe(422);
    expect(
      (await addSource({ source_type: 'ORDER', source_id: 777, total_amount: 1 })).status,
    ).toBe(422);
    expect(
      (await addSource({ source_type: 'ORDER', total_amount: 1, status: 'PAID' })).status,
    ).toBe(422);
  });

  it('sets wallet balances, creates wallets, and a short balance fails a transfer', async () => {
    expect((await ctl('PUT', '/wallets/2', { balance: 0.5 })).body).toEqual({
      id: 2,
      currency: 'USD',
      balance: 0.5,
    });
    expect((await ctl('PUT', '/wallets/9', { balance: 20, currency: 'USD' })).status).toBe(200);
    expect((await ctl('PUT', '/wallets/10', { balance: 20 })).status).toBe(422);
    expect((await ctl('PUT', '/wallets/9', { balance: 20, currency: 'NGN' })).status).toBe(422);
    const wallets = await ctl('GET', '/wallets');
    expect(wallets.body.wallets.map((w: Json) => w.id)).toEqual([1, 2, 9]);

    const counterparty = await ctl('POST', '/counterparties', {});
    expect(counterparty.status).toBe(201);
    const session = await dol('POST', '/sessions/transfer', {
      from_wallet_id: 2,
      to_counterparty_id: counterparty.body.id,
      amount: 1,
      currency: 'USD',
      expires_at: inMinutes(new Date((await ctl('GET', '/clock')).body.now), 10),
    });
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    const transfer = await dol('POST', '/executions/transfer', {
      session_id: String(session.body.id),
      reference_id: ref(),
    });
    expect(transfer.body).toMatchObject({
      status: 'FAILED',
      wallet_message: 'Insufficient balance',
    });
    expect((await ctl('POST', '/counterparties', { id: counterparty.body.id })).status).toBe(422);
  });

  it('creates payout accounts that complete or fail', async () => {
    const account = await ctl('POST', '/payout-accounts', {
      status: 'FAILED',
      network: 'AIRTEL_RWA',
    });
    expect(account.status).toBe(201);
    expect(account.body).toMatchObject({ network: 'AIRTEL_RWA', status: 'FAILED' });
    const session = await dol('POST', '/sessions/payout', {
      payout_account_id: account.body.id,
      amount: 1,
      currency: 'USD',
    });
    expect(session.status).toBe(200);
  });

  it('expires a session now', async () => {
    const session = await checkout(108);
    const expired = await ctl('POST', `/sessions/${session.id}/expire`);
    expect(expired.body).toMatchObject({ id: session.id, status: 'EXPIRED' });
    const late = await dol('POST', '/executions/collection', collectionBody(session.id, '18'));
    expect(late.status).toBe(422);
  });

  it('unverifies the merchant: payouts and refunds answer 403, then verifies it again', async () => {
    expect((await ctl('GET', '/merchant')).body.verified).toBe(true);
    expect((await ctl('PUT', '/merchant', { verified: false })).body.verified).toBe(false);
    const payout = await dol('POST', '/sessions/payout', {
      payout_account_id: 7,
      amount: 1,
      currency: 'USD',
    });
    expect(payout.status).toBe(403);
    const refund = await dol('POST', '/sessions/refund', {
      original_payment_intent_id: 5012,
      amount: 1,
      expires_at: inMinutes(new Date((await ctl('GET', '/clock')).body.now), 10),
    });
    expect(refund.status).toBe(403);
    await ctl('PUT', '/merchant', { verified: true });
    const again = await dol('POST', '/sessions/payout', {
      payout_account_id: 7,
      amount: 1,
      currency: 'USD',
    });
    expect(again.status).toBe(200);
  });
});

describe('inspect', () => {
  it('lists and gets sessions and executions of the tenant only', async () => {
    await ctl('POST', '/clock/advance', { by: '1s' });
    const { session, reference_id } = await collect('18', 109);
    const sessions = await ctl('GET', '/sessions');
    expect(sessions.body.sessions[0]).toMatchObject({
      id: session.id,
      kind: 'checkout',
      reference_id,
    });
    expect((await ctl('GET', `/sessions/${session.id}`)).body.status).toBe('USED');
    const executions = await ctl('GET', '/executions');
    expect(executions.body.executions[0]).toMatchObject({ reference_id, session_id: session.id });
    expect((await ctl('GET', `/executions/${reference_id}`)).body.client_id).toMatch(
      /^dollr_test_tn_/,
    );
    const fromDefault = await control.call('GET', `/_sandbox/executions/${reference_id}`, {
      token: defaultToken,
    });
    expect(fromDefault.status).toBe(404);
  });
});

describe('unknown ids are 404', () => {
  it.each([
    ['GET', '/executions/nope'],
    ['POST', '/executions/nope/outcome', { status: 'COMPLETED' }],
    ['POST', '/executions/nope/authentication', { succeeded: true }],
    ['GET', '/sessions/999999'],
    ['POST', '/sessions/999999/expire'],
    ['GET', '/wallets/999/ledger'],
    ['POST', '/sources/INVOICE/999999/publish'],
    ['POST', '/sources/ORDER/999999/cancel'],
    ['PUT', '/payment-accounts/99/outcome', { status: 'FAILED' }],
    ['DELETE', '/payment-accounts/99/outcome'],
    ['POST', '/tenants/tn_nope/reset'],
    ['DELETE', '/tenants/tn_nope'],
  ])('%s %s', async (method, path, body?: unknown) => {
    const res = await ctl(method, path, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: expect.any(String) });
  });
});

describe('tenants', () => {
  it('lists, reads, resets and deletes', async () => {
    const created = await control.call('POST', '/_sandbox/tenants', {
      token: defaultToken,
      body: {},
    });
    const own = await dollr.token({
      clientId: created.body.client_id,
      clientSecret: created.body.client_secret,
    });
    const list = await control.call('GET', '/_sandbox/tenants', { token: own });
    expect(list.body.tenants[0]).toMatchObject({ id: 'default', default: true });
    expect(list.body.tenants.map((t: Json) => t.id)).toContain(created.body.id);
    expect((await control.call('GET', '/_sandbox/tenant', { token: own })).body.id).toBe(
      created.body.id,
    );

    await control.call('PUT', '/_sandbox/wallets/1', { token: own, body: { balance: 1 } });
    await control.call('POST', '/_sandbox/clock/advance', { token: own, body: { by: '5m' } });
    const reset = await control.call('POST', `/_sandbox/tenants/${created.body.id}/reset`, {
      token: own,
    });
    expect(reset.status).toBe(200);
    const wallets = await control.call('GET', '/_sandbox/wallets', { token: own });
    expect(wallets.body.wallets[0].balance).toBe(1000);

    expect((await control.call('DELETE', '/_sandbox/tenants/default', { token: own })).status).toBe(
      422,
    );
    expect(
      (await control.call('DELETE', `/_sandbox/tenants/${created.body.id}`, { token: own })).status,
    ).toBe(204);
    expect((await control.call('GET', '/_sandbox/tenant', { token: own })).status).toBe(401);
  });
});
