/**
 * The sandbox's test accounts, documented like Stripe's test cards. Every sandbox starts with
 * exactly this world; the README's "test accounts" table is this object in words.
 */
import type {
  CheckoutSourceType,
  FeeBearer,
  PayoutExecutionPayload,
  SourceStatus,
} from './types.js';

export const TEST_CREDENTIALS = {
  clientId: 'dollr_test_client',
  clientSecret: 'dollr_test_secret',
} as const;

/** A merchant that may collect but is not verified for payouts, transfers or refunds (403). */
export const UNVERIFIED_CREDENTIALS = {
  clientId: 'dollr_test_unverified',
  clientSecret: 'dollr_test_secret',
} as const;

export interface FixtureSource {
  source_id: number;
  source_type: CheckoutSourceType;
  source_number: string;
  status: SourceStatus;
  currency: string;
  total_amount: number;
  fee_bearer: FeeBearer;
}

export type PaymentMethod = 'MOBILE_MONEY' | 'CREDIT_CARD' | 'WALLET';
export type AccountOutcome = 'COMPLETED' | 'FAILED' | 'STUCK' | 'REQUIRES_ACTION';

export interface FixturePaymentAccount {
  id: string;
  method: PaymentMethod;
  provider: 'PAWAPAY' | 'STRIPE' | 'PLATFORM';
  network: string;
  outcome: AccountOutcome;
  /** The provider's message on the final status. */
  gateway_message: string;
}

export interface FixturePayoutAccount {
  id: number;
  network: string;
  outcome: 'COMPLETED' | 'FAILED';
  gateway_message: string;
}

export interface FixtureWallet {
  id: number;
  currency: string;
  balance: number;
}

function invoice(
  id: number,
  total_amount: number,
  fee_bearer: FeeBearer,
  status: SourceStatus = 'ACTIVE',
): FixtureSource {
  return {
    source_id: id,
    source_type: 'INVOICE',
    source_number: `INV-${String(id).padStart(4, '0')}`,
    status,
    currency: 'USD',
    total_amount,
    fee_bearer,
  };
}

function order(id: number, total_amount: number, fee_bearer: FeeBearer): FixtureSource {
  return {
    source_id: id,
    source_type: 'ORDER',
    source_number: `ORD-${String(id).padStart(4, '0')}`,
    status: 'ACTIVE',
    currency: 'USD',
    total_amount,
    fee_bearer,
  };
}

/**
 * `count` open USD invoices from `firstId` on, the payer bearing the fees: sources to seed a
 * sandbox with (`seed: { sources }`) when a test or a benchmark pays more invoices than the
 * fixtures hold.
 */
export function openInvoices(count: number, firstId: number, totalAmount = 10): FixtureSource[] {
  return Array.from({ length: count }, (_, i) => invoice(firstId + i, totalAmount, 'PAYER'));
}

export const FIXTURES = {
  credentials: {
    verified: TEST_CREDENTIALS,
    unverified: UNVERIFIED_CREDENTIALS,
  },
  sources: [
    invoice(101, 100, 'PAYER'),
    invoice(102, 250, 'PAYEE'),
    invoice(103, 75.5, 'PAYER'),
    invoice(104, 1200, 'PAYEE'),
    invoice(105, 19.99, 'PAYER'),
    invoice(106, 500, 'PAYER'),
    invoice(107, 42, 'PAYEE'),
    invoice(108, 3000, 'PAYER'),
    invoice(109, 8.75, 'PAYEE'),
    invoice(110, 640, 'PAYER'),
    invoice(190, 60, 'PAYER', 'IDLE'),
    invoice(191, 80, 'PAYER', 'CANCELED'),
    order(201, 35, 'PAYER'),
    order(202, 120, 'PAYEE'),
    order(203, 15.5, 'PAYER'),
    order(204, 999.99, 'PAYER'),
    order(205, 60, 'PAYEE'),
  ] satisfies FixtureSource[],
  paymentAccounts: [
    {
      id: '18',
      method: 'MOBILE_MONEY',
      provider: 'PAWAPAY',
      network: 'MTN_MOMO_LBR',
      outcome: 'COMPLETED',
      gateway_message: 'Payment received',
    },
    {
      id: '19',
      method: 'MOBILE_MONEY',
      provider: 'PAWAPAY',
      network: 'ORANGE_MONEY_LBR',
      outcome: 'FAILED',
      gateway_message: 'The payer declined the request',
    },
    {
      id: '20',
      method: 'MOBILE_MONEY',
      provider: 'PAWAPAY',
      network: 'AIRTEL_RWA',
      outcome: 'STUCK',
      gateway_message: 'Waiting for the payer to approve on their phone',
    },
    {
      id: '21',
      method: 'CREDIT_CARD',
      provider: 'STRIPE',
      network: 'CREDIT_CARD',
      outcome: 'COMPLETED',
      gateway_message: 'Payment received',
    },
    {
      id: '22',
      method: 'CREDIT_CARD',
      provider: 'STRIPE',
      network: 'CREDIT_CARD',
      outcome: 'REQUIRES_ACTION',
      gateway_message: 'Payment received',
    },
    {
      id: '23',
      method: 'WALLET',
      provider: 'PLATFORM',
      network: 'WALLET',
      outcome: 'COMPLETED',
      gateway_message: 'Payment received',
    },
  ] satisfies FixturePaymentAccount[],
  payoutAccounts: [
    { id: 7, network: 'MTN_MOMO_LBR', outcome: 'COMPLETED', gateway_message: 'Payout delivered' },
    {
      id: 8,
      network: 'ORANGE_MONEY_LBR',
      outcome: 'FAILED',
      gateway_message: 'The recipient account rejected the payout',
    },
  ] satisfies FixturePayoutAccount[],
  /** The merchant passcode that authorises payouts: `code` with `phone` or `user_id`. */
  passcode: { code: '123456', phone: '231770000001', user_id: 1 },
  wallets: [
    { id: 1, currency: 'USD', balance: 1000 },
    { id: 2, currency: 'USD', balance: 5 },
  ] satisfies FixtureWallet[],
  /** The wallet a payout session debits (the merchant's main wallet). */
  payoutWalletId: 1,
  counterparties: [12, 13],
  /** Fees by payment method: a percentage of the amount plus a fixed part, in the source currency. */
  fees: {
    MOBILE_MONEY: { percent: 1.5, fixed: 0 },
    CREDIT_CARD: { percent: 2.9, fixed: 0.3 },
    WALLET: { percent: 0, fixed: 0 },
  } satisfies Record<PaymentMethod, { percent: number; fixed: number }>,
  /**
   * Units of each currency per 1 USD, for collections where the payer's currency differs from the
   * source's. Any other currency is a 422.
   */
  exchangeRates: { USD: 1, LRD: 190, RWF: 1400, NGN: 1500 } as Record<string, number>,
  /**
   * The first session id of each kind. Ids then grow by 10, so each kind keeps its own last digit
   * and the spec's example requests (session "5012", "6021", "7033", "8044") run unchanged
   * against a fresh sandbox.
   */
  firstSessionIds: { checkout: 5012, payout: 6021, transfer: 7033, refund: 8044 },
} as const;

type PasscodePayload = PayoutExecutionPayload['passcode'];

/**
 * The `passcode` of a payout the sandbox accepts: the fixture merchant's code and phone, and a
 * test device. Override any part to build a wrong one: `testPasscode({ token: { code: '0' } })`,
 * or `testPasscode({ token: { phone: null, user_id: 1 } })` for the user id instead of the phone.
 */
export function testPasscode(
  overrides: {
    token?: Partial<PasscodePayload['token']>;
    device?: Partial<PasscodePayload['device']>;
  } = {},
): PasscodePayload {
  const { code, phone } = FIXTURES.passcode;
  return {
    token: { code, phone, ...overrides.token },
    device: {
      name: 'test-runner',
      type: 'SERVER',
      platform: 'NODE',
      user_agent: 'dollr-test',
      client_ip: '127.0.0.1',
      ...overrides.device,
    },
  };
}
