/**
 * The sandbox's test accounts, as the checkout and admin pages offer them: ids, outcomes and
 * balances are @dollr/mock's fixtures; only the labels are the demo's. Against the real API,
 * these would be the payer's own accounts.
 */
import { FIXTURES, type FixturePaymentAccount } from '@dollr/mock';

export interface TestAccount {
  id: string;
  label: string;
  /** What the sandbox does with it, in a few words. */
  outcome: string;
}

/** The payment accounts the checkout page offers, in this order, with the demo's labels. */
const PAYMENT_LABELS: ReadonlyMap<string, string> = new Map([
  ['23', 'Dollr wallet'],
  ['18', 'MTN mobile money (Liberia)'],
  ['21', 'Card'],
  ['22', 'Card with 3-D Secure'],
  ['19', 'Orange mobile money (Liberia)'],
]);

const OUTCOMES: Record<FixturePaymentAccount['outcome'], (message: string) => string> = {
  COMPLETED: () => 'succeeds',
  FAILED: (message) => `fails: ${message.toLowerCase()}`,
  REQUIRES_ACTION: () => 'asks the payer to authenticate, then succeeds',
  STUCK: () => 'stays processing',
};

function paymentAccount(id: string, label: string): TestAccount {
  const account = FIXTURES.paymentAccounts.find((a) => a.id === id);
  if (!account) throw new Error(`@dollr/mock has no payment account ${id}`);
  return { id, label, outcome: OUTCOMES[account.outcome](account.gateway_message) };
}

export const PAYMENT_ACCOUNTS: readonly TestAccount[] = [...PAYMENT_LABELS].map(([id, label]) =>
  paymentAccount(id, label),
);

export const PAYOUT_ACCOUNTS: readonly TestAccount[] = FIXTURES.payoutAccounts.map((a) => ({
  id: String(a.id),
  label: `Payout account ${a.id}`,
  outcome: a.outcome === 'COMPLETED' ? 'succeeds' : 'fails at the provider',
}));

export const WALLETS: readonly TestAccount[] = FIXTURES.wallets.map((w) => ({
  id: String(w.id),
  label: `Wallet ${w.id}${w.id === FIXTURES.payoutWalletId ? ' (main)' : ''}`,
  outcome: `${w.balance.toFixed(2)} ${w.currency}`,
}));

export const COUNTERPARTIES: readonly TestAccount[] = FIXTURES.counterparties.map((id) => ({
  id: String(id),
  label: `Counterparty ${id}`,
  outcome: '',
}));

/** The sandbox merchant's passcode and phone: prefilled on the admin page only for the embedded sandbox. */
export const SANDBOX_PASSCODE = { code: FIXTURES.passcode.code, phone: FIXTURES.passcode.phone };

/** The test accounts in one line, for the start-up banner. */
export function accountsLine(): string {
  return PAYMENT_ACCOUNTS.map((a) => `${a.label.toLowerCase()} ${a.id}`).join(' · ');
}
