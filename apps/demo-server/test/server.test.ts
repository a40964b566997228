/**
 * Every route of the demo, against the embedded sandbox on a manual clock: nothing moves until a
 * test advances time, so every state can be observed.
 */

import { FIXTURES } from '@dollr/mock';
import { streamText } from '@dollr/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Attempt } from '../src/db.js';
import type { Demo } from '../src/start.js';
import {
  attemptReaches,
  type DollrCall,
  eventually,
  MANUAL_SANDBOX,
  postJson,
  readAttemptEvents,
  recordingFetch,
  useTestDemo,
} from './helpers.js';

/** For each execute call: was its reference id already in our database when it left? */
const storedBeforeSend: boolean[] = [];
const dollr = recordingFetch((call: DollrCall) => {
  if (call.method === 'POST' && call.path.startsWith('/executions/')) {
    const ref = (call.body as { reference_id: string }).reference_id;
    const row = demo.db.sqlite.prepare('SELECT id FROM attempts WHERE reference_id = ?').get(ref);
    storedBeforeSend.push(row !== undefined);
  }
});

const started = useTestDemo({ fetch: dollr.fetch, sandbox: MANUAL_SANDBOX });
let demo: Demo;
beforeAll(() => {
  demo = started.demo;
});

/** Moves the sandbox's clock past both delays, waiting for the demo to see each step. */
async function settle(id: number): Promise<Attempt> {
  const clock = demo.sandbox?.clock;
  if (!clock) throw new Error('no embedded sandbox');
  await clock.advance(1_000);
  await attemptReaches(demo, id, 'PROCESSING', 'COMPLETED', 'FAILED');
  await clock.advance(1_000);
  return attemptReaches(demo, id, 'COMPLETED', 'FAILED');
}

async function json(response: Response) {
  // biome-ignore lint/suspicious/noExplicitAny: the tests read JSON answers loosely
  return (await response.json()) as Record<string, any>;
}

async function pay(invoiceId: number, account: string) {
  const response = await postJson(demo, `/api/invoices/${invoiceId}/pay`, {
    payment_account_id: account,
  });
  return { status: response.status, body: await json(response) };
}

describe('pages and assets', () => {
  it('serves the shop and admin pages with a strict content security policy', async () => {
    for (const path of ['/', '/admin']) {
      const response = await demo.app.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await response.text();
      expect(html).toContain('<main id="main">');
      expect(html).toContain('/assets/app.js');
      // One frame for every page: the navigation marks the page it is on, and only that one.
      expect(html.match(/<a [^>]*aria-current="page"/g)).toEqual([
        `<a href="${path}" aria-current="page"`,
      ]);
      expect(html.trimEnd()).toMatch(/<\/main>[\s\S]*<\/body>\n<\/html>$/);
    }
  });

  it('serves the script and the stylesheet, and 404s an unknown asset', async () => {
    const js = await demo.app.request('/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('textContent');
    const css = await demo.app.request('/assets/app.css');
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    const missing = await demo.app.request('/assets/secrets.txt');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: 'No asset secrets.txt' });
  });

  it('serves the API reference built from the spec at /docs', async () => {
    const response = await demo.app.request('/docs');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Dollr API reference');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await demo.app.request('/api/nothing');
    expect(response.status).toBe(404);
    expect((await json(response)).error).toMatch(/Nothing at GET \/api\/nothing/);
  });
});

describe('GET /api/config', () => {
  it('names the embedded sandbox, the test accounts and the sandbox passcode', async () => {
    const body = await json(await demo.app.request('/api/config'));
    expect(body.dollr).toEqual({ kind: 'embedded', baseUrl: demo.dollrUrl });
    expect(body.payment_accounts.map((a: { id: string }) => a.id).sort()).toEqual([
      '18',
      '19',
      '21',
      '22',
      '23',
    ]);
    const { code, phone } = FIXTURES.passcode;
    expect(body.payout_defaults).toEqual({ passcode: code, phone });
  });
});

describe('invoices', () => {
  it('lists the catalogue: invoices 101–110 and orders 201–205, all unpaid', async () => {
    const { invoices } = await json(await demo.app.request('/api/invoices'));
    expect(invoices.map((i: { id: number }) => i.id)).toEqual([
      101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 201, 202, 203, 204, 205,
    ]);
    expect(invoices[0]).toMatchObject({ number: 'INV-0101', amount: 100, status: 'OPEN' });
  });

  it('shows one invoice, and 404s an unknown or malformed id', async () => {
    const one = await json(await demo.app.request('/api/invoices/102'));
    expect(one.invoice).toMatchObject({ id: 102, fee_bearer: 'PAYEE', in_flight: null });
    for (const id of ['999', 'abc', '1e3']) {
      const response = await demo.app.request(`/api/invoices/${id}`);
      expect(response.status).toBe(404);
      expect((await json(response)).error).toBe(`There is no invoice or order ${id}`);
    }
  });
});

describe('POST /api/invoices/:id/pay', () => {
  it('pays an invoice: session, reference id stored first, collection, status stream, PAID', async () => {
    const { status, body } = await pay(101, '23');
    expect(status).toBe(202);
    const attempt = body.attempt as Attempt;
    expect(attempt).toMatchObject({ kind: 'collection', invoice_id: 101, status: 'PENDING' });
    expect(attempt.reference_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempt.session_id).toMatch(/^\d+$/);
    expect(storedBeforeSend).toEqual([true]);

    // The event stream: the current state at once, then every change, ending at the final one.
    const stream = await demo.app.request(`/api/attempts/${attempt.id}/events`);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = readAttemptEvents(stream);
    await settle(attempt.id);
    const statuses = (await events).map((e) => e.status);
    expect(statuses[0]).toBe('PENDING');
    expect(statuses).toContain('PROCESSING');
    expect(statuses.at(-1)).toBe('COMPLETED');

    const { invoice } = await json(await demo.app.request('/api/invoices/101'));
    expect(invoice).toMatchObject({ status: 'PAID', refundable_amount: 100, in_flight: null });
    expect(invoice.payment).toMatchObject({ payer_amount: 100, payee_amount: 100 });
    // Dollr agrees.
    const source = await demo.client.getSourceStatus({ source_type: 'INVOICE', source_id: 101 });
    expect(source.status).toBe('PAID');
  });

  it('refuses to pay an invoice that is already paid (409), without calling Dollr', async () => {
    const sessions = dollr.count('POST', '/sessions/checkout');
    const { status, body } = await pay(101, '23');
    expect(status).toBe(409);
    expect(body.error).toBe('INV-0101 is already paid');
    expect(dollr.count('POST', '/sessions/checkout')).toBe(sessions);
  });

  it('404s an unknown invoice', async () => {
    const { status, body } = await pay(4242, '23');
    expect(status).toBe(404);
    expect(body.error).toBe('There is no invoice or order 4242');
  });

  it('shows a failed payment with the provider message and leaves the invoice payable', async () => {
    const first = await pay(103, '19');
    expect(first.status).toBe(202);
    const failed = await settle(first.body.attempt.id);
    expect(failed).toMatchObject({ status: 'FAILED', message: 'The payer declined the request' });
    expect(demo.db.getInvoice(103)?.status).toBe('OPEN');

    // A new attempt is safe after FAILED: a new session and a new reference id.
    const second = await pay(103, '21');
    expect(second.status).toBe(202);
    expect(second.body.attempt.reference_id).not.toBe(failed.reference_id);
    expect(second.body.attempt.session_id).not.toBe(failed.session_id);
    expect((await settle(second.body.attempt.id)).status).toBe('COMPLETED');
    expect(demo.db.getInvoice(103)?.status).toBe('PAID');
  });

  it('says when the payer must authenticate (3-D Secure), then completes', async () => {
    const { status, body } = await pay(104, '22');
    expect(status).toBe(202);
    expect(body.attempt.requires_action).toBe(true);
    expect(body.attempt).not.toHaveProperty('client_secret');
    expect((await settle(body.attempt.id)).status).toBe('COMPLETED');
  });

  it("passes on Dollr's refusal of an unknown payment account (422) and frees the invoice", async () => {
    const { status, body } = await pay(105, '99');
    expect(status).toBe(422);
    expect(body.error).toMatch(/payment account not found/i);
    expect(body.attempt).toMatchObject({ status: 'FAILED', invoice_id: 105 });
    expect(demo.db.inFlightAttempt(105)).toBeUndefined();
  });

  it('rejects malformed input with the field named', async () => {
    const missing = await postJson(demo, '/api/invoices/106/pay', {});
    expect(missing.status).toBe(422);
    expect(await json(missing)).toMatchObject({
      error: 'Please correct the form: payment_account_id is required',
      fields: { payment_account_id: 'is required' },
    });

    const bad = await postJson(demo, '/api/invoices/106/pay', { payment_account_id: '23; DROP' });
    expect(bad.status).toBe(422);
    expect((await json(bad)).fields.payment_account_id).toMatch(/number of a payment account/);

    const notJson = await demo.app.request('/api/invoices/106/pay', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"payment_account_id": ',
    });
    expect(notJson.status).toBe(400);
    expect((await json(notJson)).error).toBe('The request body is not valid JSON');

    const plain = await demo.app.request('/api/invoices/106/pay', { method: 'POST', body: 'x' });
    expect(plain.status).toBe(415);
  });

  it('accepts an HTML form body too', async () => {
    const response = await demo.app.request('/api/invoices/201/pay', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_account_id=18',
    });
    expect(response.status).toBe(202);
    const { attempt } = await json(response);
    expect((await settle(attempt.id)).status).toBe('COMPLETED');
  });
});

describe('POST /api/invoices/:id/refund', () => {
  it("refuses a refund larger than the payment (422) by the server's own check", async () => {
    const before = dollr.count('POST', '/sessions/refund');
    const response = await postJson(demo, '/api/invoices/101/refund', { amount: '150.00' });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.error).toMatch(/more than the 100.00 USD left to refund/);
    expect(body.fields).toEqual({ amount: 'at most 100.00' });
    expect(dollr.count('POST', '/sessions/refund')).toBe(before);
  });

  it('refunds part, then the rest, then refuses a third (409)', async () => {
    const part = await postJson(demo, '/api/invoices/101/refund', {
      amount: '40',
      reason: 'Milestone cut short',
    });
    expect(part.status).toBe(202);
    const partial = (await json(part)).attempt as Attempt;
    expect(partial).toMatchObject({ kind: 'refund', amount: 40, reason: 'Milestone cut short' });
    expect((await settle(partial.id)).status).toBe('COMPLETED');
    // The refund session named the collection's checkout session as the payment intent.
    const refundSession = dollr.calls.findLast((c) => c.path === '/sessions/refund');
    const payment = demo.db.getAttempt(demo.db.getInvoice(101)?.payment_attempt_id as number);
    expect(refundSession?.body).toMatchObject({
      original_payment_intent_id: Number(payment?.session_id),
      amount: 40,
    });
    let { invoice } = await json(await demo.app.request('/api/invoices/101'));
    expect(invoice).toMatchObject({ status: 'PAID', refunded_amount: 40, refundable_amount: 60 });

    const rest = await postJson(demo, '/api/invoices/101/refund', { amount: 60 });
    expect(rest.status).toBe(202);
    expect((await settle((await json(rest)).attempt.id)).status).toBe('COMPLETED');
    ({ invoice } = await json(await demo.app.request('/api/invoices/101')));
    expect(invoice).toMatchObject({ status: 'REFUNDED', refundable_amount: 0 });

    const again = await postJson(demo, '/api/invoices/101/refund', { amount: 1 });
    expect(again.status).toBe(409);
    expect((await json(again)).error).toBe('INV-0101 is already fully refunded');
  });

  it('refuses to refund an unpaid invoice (409) and checks the amount field', async () => {
    const unpaid = await postJson(demo, '/api/invoices/107/refund', { amount: 5 });
    expect(unpaid.status).toBe(409);
    expect((await json(unpaid)).error).toMatch(/is not paid/);
    for (const amount of ['-3', '1.234', 'ten', '0']) {
      const response = await postJson(demo, '/api/invoices/103/refund', { amount });
      expect(response.status).toBe(422);
      expect(Object.keys((await json(response)).fields)).toEqual(['amount']);
    }
    const missing = await postJson(demo, '/api/invoices/999/refund', { amount: 5 });
    expect(missing.status).toBe(404);
  });
});

describe('POST /api/payouts', () => {
  const payout = (body: Record<string, unknown>) =>
    postJson(demo, '/api/payouts', {
      payout_account_id: '7',
      amount: '25.00',
      currency: 'USD',
      phone: FIXTURES.passcode.phone,
      passcode: FIXTURES.passcode.code,
      ...body,
    });

  it('sends a payout with the passcode, and never stores the passcode', async () => {
    const response = await payout({});
    expect(response.status).toBe(202);
    const { attempt } = await json(response);
    expect(attempt).toMatchObject({ kind: 'payout', account: '7', amount: 25 });
    expect((await settle(attempt.id)).status).toBe('COMPLETED');
    const execute = dollr.calls.findLast((c) => c.path === '/executions/payout');
    expect(execute?.body).toMatchObject({
      payout_account_id: '7',
      passcode: {
        token: { code: FIXTURES.passcode.code, phone: FIXTURES.passcode.phone },
        device: { type: 'SERVER' },
      },
    });
    const row = JSON.stringify(demo.db.getAttempt(attempt.id));
    expect(row).not.toContain(`${FIXTURES.passcode.code}"`);
    expect(row).not.toContain('passcode');
  });

  it('shows a payout that fails at the provider', async () => {
    const { attempt } = await json(await payout({ payout_account_id: 8 }));
    const failed = await settle(attempt.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.message).toBeTruthy();
  });

  it("passes on Dollr's refusal of a wrong passcode (403)", async () => {
    const response = await payout({ passcode: '000000' });
    expect(response.status).toBe(403);
    const body = await json(response);
    expect(body.error).toMatch(/invalid passcode/i);
    expect(body.attempt.status).toBe('FAILED');
  });

  it('names every malformed field', async () => {
    const response = await postJson(demo, '/api/payouts', { amount: 'lots', currency: 'dollars' });
    expect(response.status).toBe(422);
    expect(Object.keys((await json(response)).fields).sort()).toEqual([
      'amount',
      'currency',
      'passcode',
      'payout_account_id',
      'phone',
    ]);
  });
});

describe('POST /api/transfers', () => {
  it('transfers between wallets, and shows an insufficient balance as FAILED', async () => {
    const ok = await postJson(demo, '/api/transfers', {
      from_wallet_id: 1,
      to_counterparty_id: 12,
      amount: '10.00',
      currency: 'USD',
    });
    expect(ok.status).toBe(202);
    const done = await settle((await json(ok)).attempt.id);
    expect(done).toMatchObject({ kind: 'transfer', status: 'COMPLETED' });

    const short = await postJson(demo, '/api/transfers', {
      from_wallet_id: 2,
      to_counterparty_id: 13,
      amount: 50,
      currency: 'USD',
    });
    const failed = await settle((await json(short)).attempt.id);
    expect(failed).toMatchObject({
      status: 'FAILED',
      message: expect.stringMatching(/insufficient/i),
    });
  });

  it('names every malformed field', async () => {
    const response = await postJson(demo, '/api/transfers', { from_wallet_id: 'one', amount: 0 });
    expect(response.status).toBe(422);
    expect(Object.keys((await json(response)).fields).sort()).toEqual([
      'amount',
      'currency',
      'from_wallet_id',
      'to_counterparty_id',
    ]);
  });
});

describe('attempts and events', () => {
  it('lists every attempt with its reference id and status, newest first', async () => {
    const { attempts } = await json(await demo.app.request('/api/attempts'));
    expect(attempts.length).toBeGreaterThan(8);
    expect(attempts[0].id).toBeGreaterThan(attempts.at(-1).id);
    for (const attempt of attempts) {
      expect(attempt.final).toBe(true);
      if (attempt.reference_id) expect(attempt.reference_id).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Every execute call that reached Dollr had its reference id stored beforehand.
    expect(storedBeforeSend.length).toBe(dollr.count('POST', /^\/executions\//));
    expect(storedBeforeSend.every(Boolean)).toBe(true);
  });

  it('shows one attempt and 404s an unknown one', async () => {
    const one = await json(await demo.app.request('/api/attempts/1'));
    expect(one.attempt).toMatchObject({ id: 1, kind: 'collection' });
    const missing = await demo.app.request('/api/attempts/999999');
    expect(missing.status).toBe(404);
    expect((await demo.app.request('/api/attempts/999999/events')).status).toBe(404);
  });

  it('streams every change to the admin page over /api/events', async () => {
    const controller = new AbortController();
    const response = await demo.app.request('/api/events', { signal: controller.signal });
    const stream = streamText(response.body);
    await stream.until('event: ready');
    const { body } = await pay(108, '23');
    await stream.until(`"id":${body.attempt.id},`);
    expect(stream.text).toContain('"kind":"collection"');
    await stream.cancel();
    controller.abort();
    await settle(body.attempt.id);
    // Every stream, finished or abandoned, has let go of its subscription.
    await eventually(() => (demo.events.listenerCount === 0 ? true : undefined), 'no listeners');
  });
});
