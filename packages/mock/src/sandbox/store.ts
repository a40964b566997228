/**
 * Where the sandbox keeps its world: in memory (default, here, free of Node-only APIs so it runs
 * in a browser too) or in a SQLite file (`db` option, sqlite-store.ts), behind one synchronous
 * interface. Synchronous on purpose: a request's checks and writes run without an `await` in
 * between, so concurrent requests cannot interleave (idempotency, balances).
 */
import type { FixtureSource } from './fixtures.js';
import type {
  CheckoutSourceType,
  ExecutionKind,
  ExecutionStatus,
  OperationType,
  SessionKind,
} from './types.js';

export interface SourceRecord extends FixtureSource {
  paid_at: number | null;
}

export interface SessionRecord {
  id: number;
  kind: SessionKind;
  merchant: string;
  /** `ACTIVE` until executed; `EXPIRED` is derived from `expires_at`. */
  used: boolean;
  /** The execution that used it. */
  reference_id?: string;
  created_at: number;
  updated_at: number;
  expires_at: number;
  // checkout
  source_type?: CheckoutSourceType;
  source_id?: number;
  payment_account_id?: number | null;
  /** The collection that executed this checkout session (its payment intent). */
  collection_reference_id?: string;
  /** Refunds not failed against this payment intent, in the collection's payee currency. */
  refunded?: number;
  // payout
  wallet_id?: number;
  payout_account_id?: number;
  amount?: number;
  currency?: string;
  // transfer
  from_wallet_id?: number;
  to_counterparty_id?: number;
  // refund
  original_payment_intent_id?: number;
  reason?: string | null;
}

export interface ExecutionRecord {
  reference_id: string;
  kind: ExecutionKind;
  merchant: string;
  /** SHA-256 of the canonical request body: the same id with another body is a duplicate. */
  fingerprint: string;
  session_id: number;
  status: ExecutionStatus;
  operation_type: OperationType;
  payer_amount: number;
  payer_currency: string;
  payee_amount: number;
  payee_currency: string;
  provider_transaction_id: string | null;
  gateway_message: string | null;
  wallet_message: string | null;
  client_secret: string | null;
  requires_action: boolean;
  created_at: number;
  updated_at: number;
  /** When the next transition is due; null when final or waiting forever. */
  next_at: number | null;
  /** Where the execution ends. */
  outcome: 'COMPLETED' | 'FAILED' | 'STUCK';
  final_gateway_message: string | null;
  processing_gateway_message: string | null;
  provider_prefix: string;
  /** Wallet debited at execution, credited back if the execution fails. */
  wallet_id?: number;
  debit?: number;
  /** The amount to release on a failed refund. */
  refund_amount?: number;
  /** The wallet system's message on the final status (an outcome set through the control API). */
  final_wallet_message?: string | null;
  /** How long PROCESSING lasts, instead of the sandbox's settle delay (a hold). */
  hold_ms?: number;
  /** 3-D Secure waits for the control API's answer instead of passing on its own. */
  awaiting_authentication?: boolean;
}

export interface WalletRecord {
  id: number;
  currency: string;
  balance: number;
}

/** One movement of a wallet's balance (`reason` is a LedgerReason of the control spec). */
export interface LedgerRecord {
  id: number;
  wallet_id: number;
  at: number;
  reason: 'OPENING' | 'SET_BALANCE' | 'DEBIT' | 'RELEASE';
  amount: number;
  balance: number;
  reference_id: string | null;
}

export interface Store {
  readonly kind: 'memory' | 'sqlite';
  /** True when the store was empty and needs its fixtures. */
  isFresh(): boolean;
  markInitialized(): void;
  getSource(type: string, id: number): SourceRecord | undefined;
  putSource(source: SourceRecord): void;
  getSession(id: number): SessionRecord | undefined;
  putSession(session: SessionRecord): void;
  getExecution(referenceId: string): ExecutionRecord | undefined;
  /** Inserts or replaces. */
  putExecution(execution: ExecutionRecord): void;
  /** Executions whose next transition is due at `nowMs`, oldest first. */
  dueExecutions(nowMs: number): ExecutionRecord[];
  /** When the earliest transition still to come is due; null when none is. */
  nextDueAt(): number | null;
  getWallet(id: number): WalletRecord | undefined;
  putWallet(wallet: WalletRecord): void;
  /** The next id of a sequence starting at `first` and growing by `step`. */
  nextId(sequence: string, first: number, step: number): number;
  listSessions(): SessionRecord[];
  listExecutions(): ExecutionRecord[];
  listWallets(): WalletRecord[];
  /** Appends a ledger entry; its `id` is given by the store. */
  appendLedger(entry: Omit<LedgerRecord, 'id'>): LedgerRecord;
  /** A wallet's ledger, oldest first. */
  listLedger(walletId: number): LedgerRecord[];
  /** Run `fn` atomically (SQLite: one transaction, durable on return). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export class MemoryStore implements Store {
  readonly kind = 'memory';
  private initialized = false;
  private readonly sources = new Map<string, SourceRecord>();
  private readonly sessions = new Map<number, SessionRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  /** Executions with a transition still due. */
  private readonly open = new Map<string, ExecutionRecord>();
  private readonly wallets = new Map<number, WalletRecord>();
  private readonly sequences = new Map<string, number>();
  private readonly ledger: LedgerRecord[] = [];
  private earliestDue = Number.POSITIVE_INFINITY;

  isFresh() {
    return !this.initialized;
  }
  markInitialized() {
    this.initialized = true;
  }
  getSource(type: string, id: number) {
    const found = this.sources.get(`${type}:${id}`);
    return found && { ...found };
  }
  putSource(source: SourceRecord) {
    this.sources.set(`${source.source_type}:${source.source_id}`, { ...source });
  }
  getSession(id: number) {
    const found = this.sessions.get(id);
    return found && { ...found };
  }
  putSession(session: SessionRecord) {
    this.sessions.set(session.id, { ...session });
  }
  getExecution(referenceId: string) {
    const found = this.executions.get(referenceId);
    return found && { ...found };
  }
  putExecution(execution: ExecutionRecord) {
    const copy = { ...execution };
    this.executions.set(copy.reference_id, copy);
    if (copy.next_at === null) this.open.delete(copy.reference_id);
    else {
      this.open.set(copy.reference_id, copy);
      this.earliestDue = Math.min(this.earliestDue, copy.next_at);
    }
  }
  dueExecutions(nowMs: number) {
    if (nowMs < this.earliestDue) return [];
    const due: ExecutionRecord[] = [];
    let earliest = Number.POSITIVE_INFINITY;
    for (const execution of this.open.values()) {
      const at = execution.next_at as number;
      if (at <= nowMs) due.push({ ...execution });
      else earliest = Math.min(earliest, at);
    }
    this.earliestDue = earliest;
    return due.sort((a, b) => (a.next_at as number) - (b.next_at as number));
  }
  nextDueAt() {
    let earliest: number | null = null;
    for (const execution of this.open.values()) {
      const at = execution.next_at as number;
      if (earliest === null || at < earliest) earliest = at;
    }
    return earliest;
  }
  getWallet(id: number) {
    const found = this.wallets.get(id);
    return found && { ...found };
  }
  putWallet(wallet: WalletRecord) {
    this.wallets.set(wallet.id, { ...wallet });
  }
  nextId(sequence: string, first: number, step: number) {
    const last = this.sequences.get(sequence);
    const next = last === undefined ? first : last + step;
    this.sequences.set(sequence, next);
    return next;
  }
  listSessions() {
    return [...this.sessions.values()].map((session) => ({ ...session }));
  }
  listExecutions() {
    return [...this.executions.values()].map((execution) => ({ ...execution }));
  }
  listWallets() {
    return [...this.wallets.values()].map((wallet) => ({ ...wallet }));
  }
  appendLedger(entry: Omit<LedgerRecord, 'id'>) {
    const record = { ...entry, id: this.ledger.length + 1 };
    this.ledger.push(record);
    return { ...record };
  }
  listLedger(walletId: number) {
    return this.ledger.filter((e) => e.wallet_id === walletId).map((e) => ({ ...e }));
  }
  transaction<T>(fn: () => T): T {
    return fn();
  }
  close() {}
}
