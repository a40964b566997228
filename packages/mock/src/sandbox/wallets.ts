/** Wallet balance changes, each written to the wallet's ledger in the same transaction. */
import { round2 } from './fees.js';
import type { LedgerRecord, Store } from './store.js';

export function moveBalance(
  store: Store,
  walletId: number,
  change: { amount: number; reason: LedgerRecord['reason']; at: number; reference_id?: string },
): void {
  const wallet = store.getWallet(walletId);
  if (!wallet) return;
  const balance = round2(wallet.balance + change.amount);
  store.putWallet({ ...wallet, balance });
  store.appendLedger({
    wallet_id: walletId,
    at: change.at,
    reason: change.reason,
    amount: round2(change.amount),
    balance,
    reference_id: change.reference_id ?? null,
  });
}
