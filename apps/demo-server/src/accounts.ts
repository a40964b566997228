/**
 * The sandbox's test accounts, as the checkout and admin pages offer them (see the "test accounts"
 * table of @dollr/mock). Against the real API, these would be the payer's own accounts.
 */
export interface TestAccount {
  id: string;
  label: string;
  /** What the sandbox does with it, in a few words. */
  outcome: string;
}

export const PAYMENT_ACCOUNTS: readonly TestAccount[] = [
  { id: '23', label: 'Dollr wallet', outcome: 'succeeds' },
  { id: '18', label: 'MTN mobile money (Liberia)', outcome: 'succeeds' },
  { id: '21', label: 'Card', outcome: 'succeeds' },
  {
    id: '22',
    label: 'Card with 3-D Secure',
    outcome: 'asks the payer to authenticate, then succeeds',
  },
  { id: '19', label: 'Orange mobile money (Liberia)', outcome: 'fails: the payer declines' },
];

export const PAYOUT_ACCOUNTS: readonly TestAccount[] = [
  { id: '7', label: 'Payout account 7', outcome: 'succeeds' },
  { id: '8', label: 'Payout account 8', outcome: 'fails at the provider' },
];

export const WALLETS: readonly TestAccount[] = [
  { id: '1', label: 'Wallet 1 (main)', outcome: '1000.00 USD' },
  { id: '2', label: 'Wallet 2', outcome: '5.00 USD' },
];

export const COUNTERPARTIES: readonly TestAccount[] = [
  { id: '12', label: 'Counterparty 12', outcome: '' },
  { id: '13', label: 'Counterparty 13', outcome: '' },
];

/** The sandbox merchant's passcode and phone: prefilled on the admin page only for the embedded sandbox. */
export const SANDBOX_PASSCODE = { code: '123456', phone: '231770000001' } as const;
