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

/**
 * A POST that starts an attempt: `read` takes what it needs from the form (and the path), every
 * field is checked at once (a 422 naming each bad one), then `start` runs and the answer is 202.
 */
function startsAttempt<T>(
  read: (form: FieldReader, c: Context) => T,
  start: (input: T) => Promise<Attempt>,
) {
  return async (c: Context) => {
    const form = new FieldReader(await readBody(c));
    const input = read(form, c);
    form.done();
    return c.json({ attempt: attemptView(await start(input)) }, 202);
  };
}

/** The `amount` and `currency` fields of a form that sends money. */
function moneyFields(form: FieldReader): { amount: number; currency: string } {
  return { amount: form.amount('amount') as number, currency: form.currency('currency') as string };
}

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

  api.post(
    '/invoices/:id/pay',
    startsAttempt(
      (form, c) => ({
        invoiceId: requireInvoice(db, c).id,
        paymentAccountId: form.text(
          'payment_account_id',
          ID,
          'must be the number of a payment account',
        ),
      }),
      ({ invoiceId, paymentAccountId }) =>
        payments.pay(invoiceId, { paymentAccountId: paymentAccountId as string }),
    ),
  );

  api.post(
    '/invoices/:id/refund',
    startsAttempt(
      (form, c) => ({
        invoiceId: requireInvoice(db, c).id,
        amount: form.amount('amount') as number,
        reason: form.optionalText('reason', 200) ?? null,
      }),
      ({ invoiceId, ...refund }) => payments.refund(invoiceId, refund),
    ),
  );

  api.post(
    '/payouts',
    startsAttempt(
      (form) => ({
        payoutAccountId: form.id('payout_account_id') as number,
        ...moneyFields(form),
        passcode: form.text('passcode', /^\S{1,64}$/, 'must be the merchant passcode') as string,
        phone: form.phone('phone') as string,
      }),
      (payout) => payments.payout(payout),
    ),
  );

  api.post(
    '/transfers',
    startsAttempt(
      (form) => ({
        fromWalletId: form.id('from_wallet_id') as number,
        toCounterpartyId: form.id('to_counterparty_id') as number,
        ...moneyFields(form),
      }),
      (transfer) => payments.transfer(transfer),
    ),
  );

  api.get('/attempts', (c) =>
    c.json({ attempts: db.listAttempts().map((a) => attemptView(a, payments.followedBy(a.id))) }),
  );
  api.get('/attempts/:id', (c) => {
    const attempt = requireAttempt(db, c);
    return c.json({ attempt: attemptView(attempt, payments.followedBy(attempt.id)) });
  });
  return api;
}
