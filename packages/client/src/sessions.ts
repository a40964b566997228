import type { Client } from 'openapi-fetch';
import { unwrap } from './responses.js';
import type {
  CheckoutSession,
  CreateCheckoutSessionPayload,
  CreatePayoutSessionPayload,
  Expiry,
  PayoutSession,
  paths,
  RefundSession,
  RefundSessionInput,
  TransferSession,
  TransferSessionInput,
} from './types.js';

/** The expiry of a transfer or refund session when the caller names none. */
const DEFAULT_EXPIRY_MS = 15 * 60_000;

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface SessionApi {
  checkout(body: CreateCheckoutSessionPayload, options?: RequestOptions): Promise<CheckoutSession>;
  payout(body: CreatePayoutSessionPayload, options?: RequestOptions): Promise<PayoutSession>;
  /** `expiresAt`: a Date, ms from now, or an ISO string (default 15 minutes from now). */
  transfer(body: TransferSessionInput, options?: RequestOptions): Promise<TransferSession>;
  /** `expiresAt`: a Date, ms from now, or an ISO string (default 15 minutes from now). */
  refund(body: RefundSessionInput, options?: RequestOptions): Promise<RefundSession>;
}

/** An ISO 8601 date-time for an expiry given as a Date, a duration in ms from now, or a string. */
export function toExpiresAt(expiry: Expiry = DEFAULT_EXPIRY_MS): string {
  if (typeof expiry === 'string') return expiry;
  const date = typeof expiry === 'number' ? new Date(Date.now() + expiry) : expiry;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid expiry: ${String(expiry)}`);
  return date.toISOString();
}

function withExpiry<T extends { expiresAt?: Expiry; expires_at?: string }>({
  expiresAt,
  expires_at,
  ...rest
}: T): Omit<T, 'expiresAt' | 'expires_at'> & { expires_at: string } {
  return { ...rest, expires_at: expires_at ?? toExpiresAt(expiresAt) };
}

export function sessionApi(api: Client<paths>): SessionApi {
  return {
    checkout: (body, { signal } = {}) =>
      unwrap(api.POST('/sessions/checkout', { body, signal }), 'POST', '/sessions/checkout'),
    payout: (body, { signal } = {}) =>
      unwrap(api.POST('/sessions/payout', { body, signal }), 'POST', '/sessions/payout'),
    transfer: (body, { signal } = {}) =>
      unwrap(
        api.POST('/sessions/transfer', { body: withExpiry(body), signal }),
        'POST',
        '/sessions/transfer',
      ),
    refund: (body, { signal } = {}) =>
      unwrap(
        api.POST('/sessions/refund', { body: withExpiry(body), signal }),
        'POST',
        '/sessions/refund',
      ),
  };
}
