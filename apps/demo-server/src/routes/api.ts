/**
 * The small JSON API the pages call: what they need to know, the invoices, payments and refunds,
 * payouts and transfers, and every attempt. It reads input, calls payments.ts and answers.
 */
import { type Context, Hono } from 'hono';
import {
  COUNTERPARTIES,
  PAYMENT_ACCOUNTS,
  PAYOUT_ACCOUNTS,
  SANDBOX_PASSCODE,
  WALLETS,
} from '../accounts.js';
import type { Attempt, Db, Invoice } from '../db.js';
import { DemoError } from '../errors.js';
import { FieldReader, readBody } from '../input.js';
import type { Payments } from '../payments.js';
import { attemptView, invoiceView } from '../views.js';

export interface ApiOptions {
  db: Db;
  payments: Payments;
  /** What the pages say about where Dollr is. */
  dollr: { kind: 'embedded' | 'external'; baseUrl: string };
}

const ID = /^\d{1,12}$/;

/** The invoice named by the `:id` of the path, or a 404. */
export function requireInvoice(db: Db, c: Context): Invoice {
  const raw = c.req.param('id') ?? '';
  const invoice = ID.test(raw) ? db.getInvoice(Number(raw)) : undefined;
  if (!invoice) throw new DemoError(404, `There is no invoice or order ${raw}`);
  return invoice;
}

/** The attempt named by the `:id` of the path, or a 404. */
export function requireAttempt(db: Db, c: Context): Attempt {
  const raw = c.req.param('id') ?? '';
  const attempt = ID.test(raw) ? db.getAttempt(Number(raw)) : undefined;
  if (!attempt) throw new DemoError(404, `There is no payment attempt ${raw}`);
  return attempt;
}

const accepted = (c: Context, attempt: Attempt) => c.json({ attempt: attemptView(attempt) }, 202);

export function apiRouter({ db, payments, dollr }: ApiOptions): Hono {
  const api = new Hono();
  const view = (invoice: Invoice) => invoiceView(db, payments, invoice);

  api.get('/config', (c) =>
    c.json({
      dollr,
      payment_accounts: PAYMENT_ACCOUNTS,
      payout_accounts: PAYOUT_ACCOUNTS,
      wallets: WALLETS,
      counterparties: COUNTERPARTIES,
      // The sandbox's documented test passcode, only when the sandbox is our own.
      payout_defaults:
        dollr.kind === 'embedded'
          ? { passcode: SANDBOX_PASSCODE.code, phone: SANDBOX_PASSCODE.phone }
          : { passcode: '', phone: '' },
    }),
  );

  api.get('/invoices', (c) => c.json({ invoices: db.listInvoices().map(view) }));
  api.get('/invoices/:id', (c) => c.json({ invoice: view(requireInvoice(db, c)) }));

  api.post('/invoices/:id/pay', async (c) => {
    const invoice = requireInvoice(db, c);
    const form = new FieldReader(await readBody(c));
    const account = form.text('payment_account_id', ID, 'must be the number of a payment account');
    form.done();
    return accepted(c, await payments.pay(invoice.id, { paymentAccountId: account as string }));
  });

  api.post('/invoices/:id/refund', async (c) => {
    const invoice = requireInvoice(db, c);
    const form = new FieldReader(await readBody(c));
    const amount = form.amount('amount');
    const reason = form.optionalText('reason', 200);
    form.done();
    const refund = { amount: amount as number, reason: reason ?? null };
    return accepted(c, await payments.refund(invoice.id, refund));
  });

  api.post('/payouts', async (c) => {
    const form = new FieldReader(await readBody(c));
    const payout = {
      payoutAccountId: form.id('payout_account_id') as number,
      amount: form.amount('amount') as number,
      currency: form.currency('currency') as string,
      passcode: form.text('passcode', /^\S{1,64}$/, 'must be the merchant passcode') as string,
      phone: form.phone('phone') as string,
    };
    form.done();
    return accepted(c, await payments.payout(payout));
  });

  api.post('/transfers', async (c) => {
    const form = new FieldReader(await readBody(c));
    const transfer = {
      fromWalletId: form.id('from_wallet_id') as number,
      toCounterpartyId: form.id('to_counterparty_id') as number,
      amount: form.amount('amount') as number,
      currency: form.currency('currency') as string,
    };
    form.done();
    return accepted(c, await payments.transfer(transfer));
  });

  api.get('/attempts', (c) => c.json({ attempts: db.listAttempts().map(attemptView) }));
  api.get('/attempts/:id', (c) => c.json({ attempt: attemptView(requireAttempt(db, c)) }));
  return api;
}
