/** Session rules: what each kind of session needs to be created, and how it reads on the wire. */
import type { Merchant } from './auth.js';
import type { Catalog } from './catalog.js';
import { HttpError, unprocessable } from './errors.js';
import { round2 } from './fees.js';
import { FIXTURES } from './fixtures.js';
import type { SessionRecord, Store } from './store.js';
import type {
  CheckoutSessionResponse,
  CreateCheckoutSessionPayload,
  CreatePayoutSessionPayload,
  CreateRefundSessionPayload,
  CreateTransferSessionPayload,
  PayoutSessionResponse,
  RefundSessionResponse,
  SessionKind,
  SessionStatus,
  TransferSessionResponse,
} from './types.js';

export interface World {
  store: Store;
  nowMs(): number;
  /** Server expiry of checkout and payout sessions. */
  sessionTtlMs: number;
  /** Payout accounts, counterparties and payment-account outcomes of the tenant. */
  catalog: Catalog;
}

/** Larger amounts are refused: beyond this, fees and balances lose cents in floating point. */
export const MAX_AMOUNT = 1_000_000_000_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function sessionStatus(session: SessionRecord, nowMs: number): SessionStatus {
  if (session.used) return 'USED';
  return nowMs >= session.expires_at ? 'EXPIRED' : 'ACTIVE';
}

export function requireVerified(merchant: Merchant, feature: string): void {
  if (!merchant.verified) throw new HttpError(403, `Merchant is not verified for ${feature}`);
}

export function checkAmount(amount: number): number {
  if (amount > MAX_AMOUNT) {
    throw unprocessable(
      ['body', 'amount'],
      `ensure this value is less than or equal to ${MAX_AMOUNT}`,
      'value_error.number.not_le',
    );
  }
  return round2(amount);
}

/**
 * What a transfer or refund session checks before its own rules: a verified merchant, an expiry
 * the client chose in the future, and an amount within the limit.
 */
function checkMoneyOut(
  world: World,
  merchant: Merchant,
  feature: string,
  body: { expires_at: string; amount: number },
): { expiresAt: number; amount: number } {
  requireVerified(merchant, feature);
  const expiresAt = Date.parse(body.expires_at);
  if (!Number.isFinite(expiresAt) || expiresAt <= world.nowMs()) {
    throw unprocessable(
      ['body', 'expires_at'],
      'expires_at must be in the future',
      'value_error.datetime.not_future',
    );
  }
  return { expiresAt, amount: checkAmount(body.amount) };
}

function walletCurrency(world: World, walletId: number, currency: string) {
  const wallet = world.store.getWallet(walletId);
  if (!wallet) throw new HttpError(404, 'Wallet not found');
  if (wallet.currency !== currency) {
    throw unprocessable(
      ['body', 'currency'],
      `currency must be ${wallet.currency}, the currency of wallet ${walletId}`,
      'value_error.currency',
    );
  }
  return wallet;
}

function newSession(
  world: World,
  kind: SessionKind,
  merchant: Merchant,
  expiresAt: number,
): SessionRecord {
  const now = world.nowMs();
  return {
    id: world.store.nextId(`session:${kind}`, FIXTURES.firstSessionIds[kind], 10),
    kind,
    merchant: merchant.clientId,
    used: false,
    created_at: now,
    updated_at: now,
    expires_at: expiresAt,
  };
}

function common(session: SessionRecord, nowMs: number) {
  return {
    id: session.id,
    status: sessionStatus(session, nowMs),
    expires_at: iso(session.expires_at),
    created_at: iso(session.created_at),
    updated_at: iso(session.updated_at),
  };
}

/**
 * Stores a new session holding `fields`, and answers it as Dollr does: the common fields, then
 * those.
 */
function storeSession<F extends Partial<SessionRecord>>(
  world: World,
  kind: SessionKind,
  merchant: Merchant,
  expiresAt: number,
  fields: F,
) {
  return world.store.transaction(() => {
    const session: SessionRecord = { ...newSession(world, kind, merchant, expiresAt), ...fields };
    world.store.putSession(session);
    return { ...common(session, world.nowMs()), ...fields };
  });
}

export function createCheckoutSession(
  world: World,
  merchant: Merchant,
  body: CreateCheckoutSessionPayload,
): CheckoutSessionResponse {
  const source = world.store.getSource(body.source_type, body.source_id);
  if (!source) throw new HttpError(404, 'Source not found');
  if (source.status !== 'ACTIVE') {
    throw unprocessable(
      ['body', 'source_id'],
      `${source.source_number} is ${source.status}: only an ACTIVE source can be paid`,
      'value_error.source_not_payable',
    );
  }
  return storeSession(world, 'checkout', merchant, world.nowMs() + world.sessionTtlMs, {
    source_id: body.source_id,
    source_type: body.source_type,
    payment_account_id: null,
  });
}

export function createPayoutSession(
  world: World,
  merchant: Merchant,
  body: CreatePayoutSessionPayload,
): PayoutSessionResponse {
  requireVerified(merchant, 'payouts');
  if (!world.catalog.payoutAccount(body.payout_account_id)) {
    throw new HttpError(404, 'Payout account not found');
  }
  const amount = checkAmount(body.amount);
  const wallet = walletCurrency(world, FIXTURES.payoutWalletId, body.currency);
  return storeSession(world, 'payout', merchant, world.nowMs() + world.sessionTtlMs, {
    wallet_id: wallet.id,
    payout_account_id: body.payout_account_id,
    amount,
    currency: body.currency,
  });
}

export function createTransferSession(
  world: World,
  merchant: Merchant,
  body: CreateTransferSessionPayload,
): TransferSessionResponse {
  const { expiresAt, amount } = checkMoneyOut(world, merchant, 'transfers', body);
  walletCurrency(world, body.from_wallet_id, body.currency);
  if (!world.catalog.counterparties.has(body.to_counterparty_id)) {
    throw new HttpError(404, 'Counterparty not found');
  }
  return storeSession(world, 'transfer', merchant, expiresAt, {
    from_wallet_id: body.from_wallet_id,
    to_counterparty_id: body.to_counterparty_id,
    amount,
    currency: body.currency,
  });
}

/** What is left to refund on a payment intent (a checkout session with a completed collection). */
export function refundable(
  world: World,
  merchant: Merchant,
  intentId: number,
  loc: Array<string | number>,
) {
  const intent = world.store.getSession(intentId);
  if (intent?.kind !== 'checkout' || intent.merchant !== merchant.clientId) {
    throw new HttpError(404, 'Payment intent not found');
  }
  const collection = intent.collection_reference_id
    ? world.store.getExecution(intent.collection_reference_id)
    : undefined;
  if (collection?.status !== 'COMPLETED') {
    throw unprocessable(
      loc,
      `payment intent ${intentId} has no completed collection to refund`,
      'value_error.not_refundable',
    );
  }
  return {
    intent,
    collection,
    remaining: round2(collection.payee_amount - (intent.refunded ?? 0)),
  };
}

export function createRefundSession(
  world: World,
  merchant: Merchant,
  body: CreateRefundSessionPayload,
): RefundSessionResponse {
  const { expiresAt, amount } = checkMoneyOut(world, merchant, 'refunds', body);
  const { remaining } = refundable(world, merchant, body.original_payment_intent_id, [
    'body',
    'original_payment_intent_id',
  ]);
  if (amount > remaining) {
    throw unprocessable(
      ['body', 'amount'],
      `ensure this value is less than or equal to ${remaining}, what is left to refund`,
      'value_error.number.not_le',
    );
  }
  return storeSession(world, 'refund', merchant, expiresAt, {
    original_payment_intent_id: body.original_payment_intent_id,
    amount,
    reason: body.reason ?? null,
  });
}
