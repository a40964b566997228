import type { ExecutionResponse, PaymentSourceStatus } from '@dollr/client';
import { formatRecord, money } from './output.js';

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Fees = payer_amount − payee_amount, when both are in the same currency. */
export function fees(execution: ExecutionResponse): number | null {
  if (execution.payer_currency !== execution.payee_currency) return null;
  return Math.round((execution.payer_amount - execution.payee_amount) * 100) / 100;
}

/** Any session, as returned by the API: every field, in the API's order. */
export function renderSession(kind: string, session: Record<string, unknown>): string {
  const rows = Object.entries(session)
    .filter(([k]) => k !== 'id')
    .map(([k, v]): [string, string] => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  return formatRecord(`${capitalize(kind)} session ${String(session.id)}`, rows);
}

/** An execution for humans. A card's client_secret is never shown here (it is in --json). */
export function renderExecution(kind: string, execution: ExecutionResponse): string {
  const fee = fees(execution);
  return formatRecord(`${capitalize(kind)} ${execution.reference_id}`, [
    ['status', execution.status],
    ['operation', execution.operation_type],
    ['payer amount', money(execution.payer_amount, execution.payer_currency)],
    ['payee amount', money(execution.payee_amount, execution.payee_currency)],
    ['fees', fee === null ? 'n/a (different currencies)' : money(fee, execution.payee_currency)],
    ['provider tx', execution.provider_transaction_id],
    ['gateway message', execution.gateway_message],
    ['wallet message', execution.wallet_message],
    [
      'requires action',
      execution.requires_action
        ? 'yes: the payer must authenticate the card (3-D Secure); the client_secret is in --json output'
        : undefined,
    ],
  ]);
}

export function renderSource(source: PaymentSourceStatus): string {
  return formatRecord(
    `${capitalize(source.source_type.toLowerCase())} ${source.source_id} (${source.source_number})`,
    [
      ['status', source.status],
      ['total', money(source.total_amount, source.currency)],
      ['paid at', source.paid_at],
    ],
  );
}

/** Why an execution failed, in one sentence. */
export function failureReason(kind: string, execution: ExecutionResponse): string {
  const why = execution.gateway_message ?? execution.wallet_message;
  return `The ${kind} ${execution.reference_id} FAILED${why ? `: ${why}` : ''}.`;
}
