/**
 * A tenant's accounts beyond its store: payout accounts, counterparties and the outcomes set on
 * payment accounts through the control API. Starts as the fixtures; kept in memory.
 */
import { FIXTURES, type FixturePaymentAccount, type FixturePayoutAccount } from './fixtures.js';
import type { ExecutionStatus } from './types.js';

/** An outcome set on a payment account for its next collections. */
export interface AccountOutcomeRecord {
  status: ExecutionStatus;
  requires_action?: boolean;
  gateway_message?: string;
  wallet_message?: string;
  /** As sent (a Duration), and in milliseconds. */
  hold_for?: string;
  hold_ms?: number;
  /** Collections it still applies to; null for every one. */
  remaining: number | null;
}

export class Catalog {
  readonly payoutAccounts = new Map<number, FixturePayoutAccount>(
    FIXTURES.payoutAccounts.map((account) => [account.id, { ...account }]),
  );
  readonly counterparties = new Set<number>(FIXTURES.counterparties);
  readonly outcomes = new Map<string, AccountOutcomeRecord>();

  paymentAccount(id: string): FixturePaymentAccount | undefined {
    return FIXTURES.paymentAccounts.find((account) => account.id === id);
  }

  payoutAccount(id: number): FixturePayoutAccount | undefined {
    return this.payoutAccounts.get(id);
  }

  /** The outcome for one more collection on `accountId`, counted down; undefined when none is set. */
  takeOutcome(accountId: string): AccountOutcomeRecord | undefined {
    const outcome = this.outcomes.get(accountId);
    if (!outcome) return undefined;
    if (outcome.remaining !== null) {
      outcome.remaining -= 1;
      if (outcome.remaining <= 0) this.outcomes.delete(accountId);
    }
    return outcome;
  }
}
