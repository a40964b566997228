/** What the pages see of the demo's records: an attempt with its `final` flag, an invoice with its money. */

import type { Via } from '@dollr/client/realtime';
import { type Attempt, type Db, type Invoice, isFinal } from './db.js';
import type { Payments } from './payments.js';

/** An attempt as the pages see it; `followed_by` while its status is followed (realtime or polling). */
export function attemptView(attempt: Attempt, followedBy?: Via) {
  return { ...attempt, final: isFinal(attempt.status), followed_by: followedBy ?? null };
}

/** An invoice with what was refunded, what may still be, and its attempts. */
export function invoiceView(db: Db, payments: Payments, invoice: Invoice) {
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
}
