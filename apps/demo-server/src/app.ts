/**
 * The HTTP routes: the two pages, their assets, the API reference, and the small JSON API the
 * pages call. The money moves in payments.ts; this file only reads input, calls it and answers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  COUNTERPARTIES,
  PAYMENT_ACCOUNTS,
  PAYOUT_ACCOUNTS,
  SANDBOX_PASSCODE,
  WALLETS,
} from './accounts.js';
import { type Attempt, type Db, type Invoice, isFinal } from './db.js';
import { DemoError } from './errors.js';
import type { EventHub } from './events.js';
import { FieldReader, readBody } from './input.js';
import type { Payments } from './payments.js';

export interface AppOptions {
  db: Db;
  payments: Payments;
  events: EventHub;
  /** What the pages say about where Dollr is. */
  dollr: { kind: 'embedded' | 'external'; baseUrl: string };
  /** Keep-alive comments on idle event streams. */
  heartbeatMs?: number;
}

/** public/ sits next to src/ and dist/: found from this file, built or not. */
const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');

const ASSETS: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
};

const PAGE_SECURITY = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function createApp(options: AppOptions): Hono {
  const { db, payments, events } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const app = new Hono();

  const file = (name: string) => readFileSync(join(PUBLIC_DIR, name), 'utf8');
  const pages = { index: file('index.html'), admin: file('admin.html') };
  const assets = Object.fromEntries(Object.keys(ASSETS).map((name) => [name, file(name)]));
  const docsFile = createRequire(import.meta.url).resolve('@dollr/spec/docs.html');

  app.onError((error, c) => {
    if (error instanceof DemoError) {
      const { fields, attempt } = error.extra;
      return c.json(
        {
          error: error.message,
          ...(fields ? { fields } : {}),
          ...(attempt ? { attempt: attemptView(attempt) } : {}),
        },
        error.status,
      );
    }
    console.error(error);
    return c.json({ error: 'Something went wrong on the demo server' }, 500);
  });
  app.notFound((c) => c.json({ error: `Nothing at ${c.req.method} ${c.req.path}` }, 404));

  // Pages and assets.
  app.get('/', (c) => c.html(pages.index, 200, PAGE_SECURITY));
  app.get('/admin', (c) => c.html(pages.admin, 200, PAGE_SECURITY));
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const type = ASSETS[name];
    if (!type) return c.json({ error: `No asset ${name}` }, 404);
    return c.body(assets[name] as string, 200, { 'content-type': type, ...PAGE_SECURITY });
  });
  app.get('/docs', (c) => c.html(readFileSync(docsFile, 'utf8')));

  // What the pages need to know.
  app.get('/api/config', (c) =>
    c.json({
      dollr: options.dollr,
      payment_accounts: PAYMENT_ACCOUNTS,
      payout_accounts: PAYOUT_ACCOUNTS,
      wallets: WALLETS,
      counterparties: COUNTERPARTIES,
      // The sandbox's documented test passcode, only when the sandbox is our own.
      payout_defaults:
        options.dollr.kind === 'embedded'
          ? { passcode: SANDBOX_PASSCODE.code, phone: SANDBOX_PASSCODE.phone }
          : { passcode: '', phone: '' },
    }),
  );

  // Invoices.
  const invoiceView = (invoice: Invoice) => {
    const inFlight = db.inFlightAttempt(invoice.id);
    const last = db.lastAttempt(invoice.id);
    const payment = invoice.payment_attempt_id
      ? db.getAttempt(invoice.payment_attempt_id)
      : undefined;
    return {
      ...invoice,
      refunded_amount: db.refundedAmount(invoice.id),
      refundable_amount: payments.refundableAmount(invoice),
      in_flight: inFlight ? attemptView(inFlight) : null,
      payment: payment ? attemptView(payment) : null,
      last_attempt: last ? attemptView(last) : null,
    };
  };
  const requireInvoice = (c: Context): Invoice => {
    const raw = c.req.param('id') ?? '';
    const invoice = /^\d{1,12}$/.test(raw) ? db.getInvoice(Number(raw)) : undefined;
    if (!invoice) throw new DemoError(404, `There is no invoice or order ${raw}`);
    return invoice;
  };

  app.get('/api/invoices', (c) => c.json({ invoices: db.listInvoices().map(invoiceView) }));
  app.get('/api/invoices/:id', (c) => c.json({ invoice: invoiceView(requireInvoice(c)) }));

  app.post('/api/invoices/:id/pay', async (c) => {
    const invoice = requireInvoice(c);
    const form = new FieldReader(await readBody(c));
    const account = form.text(
      'payment_account_id',
      /^\d{1,12}$/,
      'must be the number of a payment account',
    );
    form.done();
    const attempt = await payments.pay(invoice.id, { paymentAccountId: account as string });
    return c.json({ attempt: attemptView(attempt) }, 202);
  });

  app.post('/api/invoices/:id/refund', async (c) => {
    const invoice = requireInvoice(c);
    const form = new FieldReader(await readBody(c));
    const amount = form.amount('amount');
    const reason = form.optionalText('reason', 200);
    form.done();
    const attempt = await payments.refund(invoice.id, {
      amount: amount as number,
      reason: reason ?? null,
    });
    return c.json({ attempt: attemptView(attempt) }, 202);
  });

  // Admin: payouts, transfers, every attempt.
  app.post('/api/payouts', async (c) => {
    const form = new FieldReader(await readBody(c));
    const payoutAccountId = form.id('payout_account_id');
    const amount = form.amount('amount');
    const currency = form.currency('currency');
    const passcode = form.text('passcode', /^\d{4,8}$/, 'must be 4 to 8 digits');
    const phone = form.text('phone', /^\d{8,15}$/, 'must be 8 to 15 digits, without +');
    form.done();
    const attempt = await payments.payout({
      payoutAccountId: payoutAccountId as number,
      amount: amount as number,
      currency: currency as string,
      passcode: passcode as string,
      phone: phone as string,
    });
    return c.json({ attempt: attemptView(attempt) }, 202);
  });

  app.post('/api/transfers', async (c) => {
    const form = new FieldReader(await readBody(c));
    const fromWalletId = form.id('from_wallet_id');
    const toCounterpartyId = form.id('to_counterparty_id');
    const amount = form.amount('amount');
    const currency = form.currency('currency');
    form.done();
    const attempt = await payments.transfer({
      fromWalletId: fromWalletId as number,
      toCounterpartyId: toCounterpartyId as number,
      amount: amount as number,
      currency: currency as string,
    });
    return c.json({ attempt: attemptView(attempt) }, 202);
  });

  app.get('/api/attempts', (c) => c.json({ attempts: db.listAttempts().map(attemptView) }));

  const requireAttempt = (c: Context): Attempt => {
    const raw = c.req.param('id') ?? '';
    const attempt = /^\d{1,12}$/.test(raw) ? db.getAttempt(Number(raw)) : undefined;
    if (!attempt) throw new DemoError(404, `There is no payment attempt ${raw}`);
    return attempt;
  };
  app.get('/api/attempts/:id', (c) => c.json({ attempt: attemptView(requireAttempt(c)) }));

  // Server-sent events: one attempt until it is final, or every attempt for the admin page.
  app.get('/api/attempts/:id/events', (c) => {
    const { id } = requireAttempt(c);
    return streamSSE(c, async (stream) => {
      // Subscribe first, then send the current state: no change can fall in between.
      const feed = events.feed(id);
      stream.onAbort(() => feed.close());
      const beat = setInterval(() => void stream.write(': keep-alive\n\n'), heartbeatMs);
      try {
        const current = db.getAttempt(id) as Attempt;
        await stream.writeSSE({ event: 'attempt', data: JSON.stringify(attemptView(current)) });
        if (isFinal(current.status)) return;
        for await (const attempt of feed) {
          await stream.writeSSE({ event: 'attempt', data: JSON.stringify(attemptView(attempt)) });
          if (isFinal(attempt.status)) return;
        }
      } finally {
        clearInterval(beat);
        feed.close();
      }
    });
  });

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const feed = events.feed('*');
      stream.onAbort(() => feed.close());
      const beat = setInterval(() => void stream.write(': keep-alive\n\n'), heartbeatMs);
      try {
        await stream.writeSSE({ event: 'ready', data: '{}' });
        for await (const attempt of feed) {
          await stream.writeSSE({ event: 'attempt', data: JSON.stringify(attemptView(attempt)) });
        }
      } finally {
        clearInterval(beat);
        feed.close();
      }
    }),
  );

  return app;
}

/** An attempt as the pages see it. */
export function attemptView(attempt: Attempt) {
  return { ...attempt, final: isFinal(attempt.status) };
}
