/**
 * Execution rules: idempotency by reference id, session checks, fees, wallet debits. Every
 * function here is synchronous from its first check to its last write, so concurrent requests
 * with the same reference id cannot both create an execution.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Merchant } from './auth.js';
import type { AccountOutcomeRecord } from './catalog.js';
import { HttpError, unprocessable } from './errors.js';
import { convert, fee, round2, splitByBearer } from './fees.js';
import { FIXTURES, type FixturePaymentAccount } from './fixtures.js';
import { type Lifecycle, providerTransactionId, toExecutionResponse } from './lifecycle.js';
import { refundable, requireVerified, sessionStatus, type World } from './sessions.js';
import type { ExecutionRecord, SessionRecord } from './store.js';
import type {
  CheckoutExecutionPayload,
  ExecutionKind,
  ExecutionResponse,
  OperationType,
  PayoutExecutionPayload,
  RefundExecutionPayload,
  SessionKind,
  TransferExecutionPayload,
} from './types.js';
import { moveBalance } from './wallets.js';

export interface ExecutionWorld extends World {
  lifecycle: Lifecycle;
}

const SESSION_KIND: Record<ExecutionKind, SessionKind> = {
  collection: 'checkout',
  payout: 'payout',
  transfer: 'transfer',
  refund: 'refund',
};

const OPERATION: Record<ExecutionKind, OperationType> = {
  collection: 'COLLECTION',
  payout: 'PAYOUT',
  transfer: 'TRANSFER',
  refund: 'REFUND',
};

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A digest of the request body; the body itself (with a passcode) is never stored. */
export function fingerprint(kind: ExecutionKind, body: unknown): string {
  return createHash('sha256')
    .update(`${kind}\n${canonical(body)}`)
    .digest('hex');
}

type Draft = Pick<
  ExecutionRecord,
  | 'payer_amount'
  | 'payer_currency'
  | 'payee_amount'
  | 'payee_currency'
  | 'outcome'
  | 'final_gateway_message'
  | 'processing_gateway_message'
  | 'provider_prefix'
> &
  Partial<
    Pick<
      ExecutionRecord,
      | 'status'
      | 'wallet_message'
      | 'client_secret'
      | 'requires_action'
      | 'provider_transaction_id'
      | 'gateway_message'
      | 'wallet_id'
      | 'debit'
      | 'refund_amount'
      | 'next_at'
      | 'final_wallet_message'
      | 'hold_ms'
      | 'awaiting_authentication'
    >
  >;

interface Plan {
  draft: Draft;
  /** Writes that happen with the execution, in the same transaction. */
  effects(execution: ExecutionRecord): void;
}

function sessionProblem(id: string, why: string) {
  return unprocessable(['body', 'session_id'], `session ${id} ${why}`, 'value_error.session');
}

/** The session a request names, if it can be executed now by this merchant. */
function activeSession(
  world: World,
  merchant: Merchant,
  kind: ExecutionKind,
  id: string,
): SessionRecord {
  const numeric = /^\d{1,15}$/.test(id) ? Number(id) : undefined;
  const session = numeric === undefined ? undefined : world.store.getSession(numeric);
  if (!session || session.merchant !== merchant.clientId) throw sessionProblem(id, 'not found');
  const expected = SESSION_KIND[kind];
  if (session.kind !== expected) {
    throw sessionProblem(id, `is a ${session.kind} session, not a ${expected} session`);
  }
  const status = sessionStatus(session, world.nowMs());
  if (status === 'USED') throw sessionProblem(id, 'is not active: it was already executed');
  if (status === 'EXPIRED') throw sessionProblem(id, 'is not active: it has expired');
  return session;
}

function run(
  world: ExecutionWorld,
  merchant: Merchant,
  kind: ExecutionKind,
  body: { session_id: string; reference_id: string },
  plan: (session: SessionRecord) => Plan,
): ExecutionResponse {
  const print = fingerprint(kind, body);
  const existing = world.store.getExecution(body.reference_id);
  if (existing) {
    if (existing.fingerprint === print && existing.merchant === merchant.clientId) {
      return toExecutionResponse(existing);
    }
    throw unprocessable(
      ['body', 'reference_id'],
      'reference_id already exists: it was used for a different execution',
      'value_error.duplicate',
    );
  }
  const session = activeSession(world, merchant, kind, body.session_id);
  const { draft, effects } = plan(session);
  const now = world.nowMs();
  const execution: ExecutionRecord = {
    reference_id: body.reference_id,
    kind,
    merchant: merchant.clientId,
    fingerprint: print,
    session_id: session.id,
    status: 'PENDING',
    operation_type: OPERATION[kind],
    provider_transaction_id: null,
    gateway_message: null,
    wallet_message: null,
    client_secret: null,
    requires_action: false,
    created_at: now,
    updated_at: now,
    next_at: world.lifecycle.firstDue(now),
    ...draft,
  };
  if (execution.status === 'FAILED') execution.next_at = null;
  world.store.transaction(() => {
    world.store.putExecution(execution);
    world.store.putSession({
      ...session,
      used: true,
      updated_at: now,
      reference_id: body.reference_id,
    });
    effects(execution);
  });
  world.lifecycle.created(execution);
  return toExecutionResponse(execution);
}

export function collect(world: ExecutionWorld, merchant: Merchant, body: CheckoutExecutionPayload) {
  return run(world, merchant, 'collection', body, (session) => {
    const account = world.catalog.paymentAccount(body.payment_account_id);
    if (!account) {
      throw unprocessable(
        ['body', 'payment_account_id'],
        'payment account not found',
        'value_error.not_found',
      );
    }
    const source = world.store.getSource(
      session.source_type as string,
      session.source_id as number,
    );
    if (source?.status !== 'ACTIVE') {
      throw sessionProblem(
        body.session_id,
        `is not active: its source is ${source?.status ?? 'gone'} and cannot be paid now`,
      );
    }
    const split = splitByBearer(account.method, source.total_amount, source.fee_bearer);
    const payer = convert(split.payer, source.currency, body.currency);
    if (payer === undefined) {
      throw unprocessable(
        ['body', 'currency'],
        `currency ${body.currency} is not supported; use one of ${Object.keys(FIXTURES.exchangeRates).join(', ')}`,
        'value_error.currency',
      );
    }
    const chosen = world.catalog.takeOutcome(account.id);
    const threeDS = chosen
      ? chosen.requires_action === true
      : account.outcome === 'REQUIRES_ACTION';
    const prefix =
      account.provider === 'PAWAPAY' ? 'pp' : account.provider === 'STRIPE' ? 'pi' : 'wl';
    const draft: Draft = {
      payer_amount: payer,
      payer_currency: body.currency,
      payee_amount: split.payee,
      payee_currency: source.currency,
      outcome: account.outcome === 'REQUIRES_ACTION' ? 'COMPLETED' : account.outcome,
      final_gateway_message: account.gateway_message,
      processing_gateway_message:
        account.method === 'MOBILE_MONEY'
          ? 'Waiting for the payer to approve on their phone'
          : null,
      provider_prefix: prefix,
    };
    if (chosen) Object.assign(draft, chosenOutcome(chosen, account));
    if (threeDS) {
      const intent = providerTransactionId('pi');
      Object.assign(draft, {
        provider_transaction_id: intent,
        client_secret: `${intent}_secret_${randomBytes(8).toString('hex')}`,
        requires_action: true,
        gateway_message: 'Authentication required',
      });
    }
    return {
      draft,
      effects(execution) {
        world.store.putSource({ ...source, status: 'PROCESSING' });
        const current = world.store.getSession(session.id) as SessionRecord;
        world.store.putSession({
          ...current,
          payment_account_id: Number(account.id),
          collection_reference_id: execution.reference_id,
        });
      },
    };
  });
}

/** The draft fields of an outcome set on the payment account through the control API. */
function chosenOutcome(
  chosen: AccountOutcomeRecord,
  account: FixturePaymentAccount,
): Partial<Draft> {
  const own =
    account.outcome === 'FAILED' ? 'FAILED' : account.outcome === 'STUCK' ? 'STUCK' : 'COMPLETED';
  const outcome =
    chosen.status === 'COMPLETED' || chosen.status === 'FAILED'
      ? chosen.status
      : chosen.hold_ms === undefined
        ? 'STUCK'
        : own;
  const fallback =
    outcome === 'FAILED' && own !== 'FAILED' ? 'The payment failed' : account.gateway_message;
  return {
    outcome,
    final_gateway_message: chosen.gateway_message ?? fallback,
    final_wallet_message: chosen.wallet_message ?? null,
    ...(chosen.hold_ms !== undefined && { hold_ms: chosen.hold_ms }),
    ...(chosen.requires_action && { awaiting_authentication: true, next_at: null }),
  };
}

function checkPasscode(body: PayoutExecutionPayload): void {
  const { code, phone, user_id } = body.passcode.token;
  const expected = FIXTURES.passcode;
  const who = phone === expected.phone || user_id === expected.user_id;
  if (code !== expected.code || !who) throw new HttpError(403, 'Invalid passcode');
}

/** Debit `amount` from a wallet now, or fail the execution at once when the balance is short. */
function debit(world: World, walletId: number, amount: number): Partial<Draft> {
  const wallet = world.store.getWallet(walletId);
  if (!wallet || wallet.balance < amount) {
    return { status: 'FAILED', wallet_message: 'Insufficient balance', outcome: 'FAILED' };
  }
  return { wallet_id: walletId, debit: amount };
}

function applyDebit(world: World, execution: ExecutionRecord): void {
  if (execution.wallet_id === undefined || !execution.debit) return;
  moveBalance(world.store, execution.wallet_id, {
    amount: -execution.debit,
    reason: 'DEBIT',
    at: execution.created_at,
    reference_id: execution.reference_id,
  });
}

export function payout(world: ExecutionWorld, merchant: Merchant, body: PayoutExecutionPayload) {
  requireVerified(merchant, 'payouts');
  return run(world, merchant, 'payout', body, (session) => {
    if (body.payout_account_id !== String(session.payout_account_id)) {
      throw unprocessable(
        ['body', 'payout_account_id'],
        `payout account ${body.payout_account_id} is not the one of session ${session.id}`,
        'value_error.payout_account',
      );
    }
    checkPasscode(body);
    const account = world.catalog.payoutAccount(session.payout_account_id as number);
    const amount = session.amount as number;
    const payer = round2(amount + fee('MOBILE_MONEY', amount));
    const draft: Draft = {
      payer_amount: payer,
      payer_currency: session.currency as string,
      payee_amount: amount,
      payee_currency: session.currency as string,
      outcome: account?.outcome ?? 'FAILED',
      final_gateway_message: account?.gateway_message ?? null,
      processing_gateway_message: null,
      provider_prefix: 'pp',
      ...debit(world, session.wallet_id as number, payer),
    };
    return { draft, effects: (execution) => applyDebit(world, execution) };
  });
}

export function transfer(
  world: ExecutionWorld,
  merchant: Merchant,
  body: TransferExecutionPayload,
) {
  requireVerified(merchant, 'transfers');
  return run(world, merchant, 'transfer', body, (session) => {
    const amount = session.amount as number;
    const draft: Draft = {
      payer_amount: amount,
      payer_currency: session.currency as string,
      payee_amount: amount,
      payee_currency: session.currency as string,
      outcome: 'COMPLETED',
      final_gateway_message: null,
      processing_gateway_message: null,
      provider_prefix: 'wl',
      ...debit(world, session.from_wallet_id as number, amount),
    };
    return { draft, effects: (execution) => applyDebit(world, execution) };
  });
}

export function refund(world: ExecutionWorld, merchant: Merchant, body: RefundExecutionPayload) {
  requireVerified(merchant, 'refunds');
  return run(world, merchant, 'refund', body, (session) => {
    const amount = session.amount as number;
    const { intent, collection, remaining } = refundable(
      world,
      merchant,
      session.original_payment_intent_id as number,
      ['body', 'session_id'],
    );
    if (amount > remaining) {
      throw sessionProblem(
        body.session_id,
        `is not active: ${amount} exceeds the ${remaining} left to refund on payment intent ${intent.id}`,
      );
    }
    const prefix = collection.provider_transaction_id?.split('_')[0] ?? 'pp';
    const draft: Draft = {
      payer_amount: amount,
      payer_currency: collection.payee_currency,
      payee_amount: amount,
      payee_currency: collection.payee_currency,
      outcome: 'COMPLETED',
      final_gateway_message: 'Refund sent to the payer',
      processing_gateway_message: null,
      provider_prefix: prefix,
      refund_amount: amount,
    };
    return {
      draft,
      effects() {
        const current = world.store.getSession(intent.id) as SessionRecord;
        world.store.putSession({ ...current, refunded: round2((current.refunded ?? 0) + amount) });
      },
    };
  });
}

/** The execution under a reference id, if it is of this kind and this merchant's; 404 otherwise. */
export function executionStatus(
  world: World,
  merchant: Merchant,
  kind: ExecutionKind,
  referenceId: string,
): ExecutionResponse {
  const execution = world.store.getExecution(referenceId);
  if (!execution || execution.kind !== kind || execution.merchant !== merchant.clientId) {
    throw new HttpError(404, 'Execution not found');
  }
  return toExecutionResponse(execution);
}
