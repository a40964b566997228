/**
 * Double clicks and concurrent requests: one invoice, one execution, whatever arrives at once.
 * The sandbox runs on a manual clock, so the first payment stays in flight while the others land.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Db, InvoiceBusyError } from '../src/db.js';
import type { Demo } from '../src/start.js';
import { attemptReaches, MANUAL_SANDBOX, recordingFetch, useTestDemo } from './helpers.js';

const dollr = recordingFetch();
const started = useTestDemo({ fetch: dollr.fetch, sandbox: MANUAL_SANDBOX });
let demo: Demo;
beforeAll(() => {
  demo = started.demo;
});

/** A Pay click, over real HTTP to the listening server. */
function payOverHttp(invoiceId: number, account = '23') {
  return fetch(new URL(`/api/invoices/${invoiceId}/pay`, demo.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payment_account_id: account }),
  });
}

describe('two Pay requests for one invoice at once', () => {
  it('execute exactly once: one 202, one 409 naming the in-flight attempt', async () => {
    const [a, b] = await Promise.all([payOverHttp(102), payOverHttp(102)]);
    const answers = [
      { status: a.status, body: await a.json() },
      { status: b.status, body: await b.json() },
    ].sort((x, y) => x.status - y.status);
    expect(answers.map((x) => x.status)).toEqual([202, 409]);
    const [accepted, refused] = answers as unknown as [
      { body: { attempt: { id: number } } },
      { body: { error: string; attempt: { id: number } } },
    ];
    expect(refused.body.error).toBe('A payment of INV-0102 is already in progress');
    expect(refused.body.attempt.id).toBe(accepted.body.attempt.id);

    // What reached Dollr: one checkout session, one collection.
    expect(dollr.count('POST', '/sessions/checkout')).toBe(1);
    expect(dollr.count('POST', '/executions/collection')).toBe(1);
    expect(demo.db.listAttempts().filter((x) => x.invoice_id === 102)).toHaveLength(1);
  });

  it('ten at once, still one execution; and none after it completes', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => payOverHttp(106, '18')));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(dollr.count('POST', '/executions/collection')).toBe(2); // 102's and 106's

    // Let both complete, then click again: already paid, nothing sent.
    const clock = demo.sandbox?.clock;
    await clock?.advance(1_000);
    await clock?.advance(1_000);
    for (const attempt of demo.db.listAttempts()) {
      await attemptReaches(demo, attempt.id, 'COMPLETED');
    }
    const late = await payOverHttp(106);
    expect(late.status).toBe(409);
    expect((await late.json()).error).toBe('INV-0106 is already paid');
    expect(dollr.count('POST', '/executions/collection')).toBe(2);

    // Dollr's own count of the source's executions agrees: the source is PAID once.
    const source = await demo.client.getSourceStatus({ source_type: 'INVOICE', source_id: 106 });
    expect(source.status).toBe('PAID');
  });

  it('a payment and a refund of one invoice cannot overlap either', async () => {
    const refund = () =>
      fetch(new URL('/api/invoices/102/refund', demo.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: '1.00' }),
      });
    const [a, b] = await Promise.all([refund(), refund()]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    expect(dollr.count('POST', '/executions/refund')).toBe(1);
  });
});

describe('the lock lives in SQLite', () => {
  it('holds across two connections to the same file (two processes)', () => {
    const file = join(started.dataDir, 'lock.sqlite');
    const one = new Db(file);
    const two = new Db(file);
    try {
      one.seed([
        {
          id: 1,
          source_type: 'INVOICE',
          number: 'INV-1',
          customer: 'x',
          description: 'y',
          currency: 'USD',
          amount: 1,
          fee_bearer: 'PAYER',
        },
      ]);
      const first = one.insertAttempt({ kind: 'collection', invoice_id: 1 }, ['OPEN']);
      expect(() => two.insertAttempt({ kind: 'collection', invoice_id: 1 }, ['OPEN'])).toThrow(
        InvoiceBusyError,
      );
      // Once final, the lock is free again.
      one.updateAttempt(first.id, { status: 'FAILED', message: 'declined' });
      expect(two.insertAttempt({ kind: 'collection', invoice_id: 1 }, ['OPEN']).status).toBe(
        'STARTING',
      );
    } finally {
      one.close();
      two.close();
    }
  });
});
