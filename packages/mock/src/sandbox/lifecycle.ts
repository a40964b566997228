/**
 * The execution state machine: PENDING → PROCESSING → COMPLETED or FAILED, driven by the sandbox
 * clock. Transitions are applied lazily and in time order (before every request, and on
 * `clock.advance()`), at the time they were due, with their effects on sources, wallets and
 * refundable amounts.
 */
import { randomBytes } from 'node:crypto';
import { round2 } from './fees.js';
import type { ChangeFeed } from './realtime/feed.js';
import type { ExecutionRecord, Store } from './store.js';
import type { ExecutionResponse } from './types.js';
import { moveBalance } from './wallets.js';

export interface Delays {
  /** PENDING → PROCESSING, default 1000 ms. */
  processingMs: number;
  /** PROCESSING → COMPLETED or FAILED, default 3000 ms. */
  settleMs: number;
}

export function providerTransactionId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export class Lifecycle {
  constructor(
    private readonly store: Store,
    private readonly delays: Delays,
    /** Where every status change is published (the realtime socket listens). */
    private readonly feed?: ChangeFeed,
  ) {}

  /** A new execution was written. */
  created(execution: ExecutionRecord): void {
    this.feed?.publish({ type: 'INSERT', execution: { ...execution } });
  }

  private changed(execution: ExecutionRecord): void {
    this.feed?.publish({ type: 'UPDATE', execution: { ...execution } });
  }

  /** When the first transition of an execution created at `createdAt` is due. */
  firstDue(createdAt: number): number {
    return createdAt + this.delays.processingMs;
  }

  /** Apply every transition due at `nowMs`. */
  settle(nowMs: number): void {
    // Most requests find nothing due: no transaction then.
    const due = this.store.dueExecutions(nowMs);
    if (due.length === 0) return;
    this.store.transaction(() => {
      for (const execution of due) this.advance(execution, nowMs);
    });
  }

  /**
   * Drive an execution now (the control API): to a final status through PROCESSING, or into
   * PROCESSING held for `holdMs` (indefinitely when undefined). The caller checks it is not final.
   */
  drive(
    execution: ExecutionRecord,
    change: {
      status: 'COMPLETED' | 'FAILED' | 'PROCESSING';
      gateway_message?: string;
      wallet_message?: string;
      holdMs?: number;
    },
    nowMs: number,
  ): ExecutionRecord {
    return this.store.transaction(() => {
      let current: ExecutionRecord = { ...execution, awaiting_authentication: false };
      const steps: ExecutionRecord[] = [];
      if (change.status === 'PROCESSING') {
        if (current.status === 'PENDING') {
          current = this.toProcessing(current, nowMs);
          steps.push(current);
        }
        const held = change.holdMs === undefined || current.outcome === 'STUCK';
        current = { ...current, next_at: held ? null : nowMs + (change.holdMs as number) };
      } else {
        current = { ...current, outcome: change.status };
        if (change.gateway_message !== undefined)
          current.final_gateway_message = change.gateway_message;
        if (change.wallet_message !== undefined)
          current.final_wallet_message = change.wallet_message;
        if (current.status === 'PENDING') {
          current = this.toProcessing(current, nowMs);
          steps.push(current);
        }
        current = this.toFinal(current, nowMs);
        steps.push(current);
      }
      this.store.putExecution(current);
      for (const step of steps) this.changed(step);
      if (steps.length === 0) this.feed?.moved();
      return current;
    });
  }

  /** The payer's answer to a pending 3-D Secure challenge. */
  authenticate(execution: ExecutionRecord, succeeded: boolean, nowMs: number): ExecutionRecord {
    if (succeeded) {
      const current = this.toProcessing({ ...execution, awaiting_authentication: false }, nowMs);
      this.store.putExecution(current);
      this.changed(current);
      return current;
    }
    return this.drive(
      execution,
      { status: 'FAILED', gateway_message: 'Authentication failed' },
      nowMs,
    );
  }

  private advance(execution: ExecutionRecord, nowMs: number): void {
    let current = execution;
    const steps: ExecutionRecord[] = [];
    while (current.next_at !== null && current.next_at <= nowMs) {
      const at = current.next_at;
      current =
        current.status === 'PENDING' ? this.toProcessing(current, at) : this.toFinal(current, at);
      steps.push(current);
    }
    this.store.putExecution(current);
    for (const step of steps) this.changed(step);
  }

  private toProcessing(execution: ExecutionRecord, at: number): ExecutionRecord {
    return {
      ...execution,
      status: 'PROCESSING',
      // 3-D Secure done: the payer authenticated, the secret is spent.
      requires_action: false,
      client_secret: null,
      provider_transaction_id:
        execution.provider_transaction_id ?? providerTransactionId(execution.provider_prefix),
      gateway_message: execution.processing_gateway_message,
      updated_at: at,
      next_at:
        execution.outcome === 'STUCK' ? null : at + (execution.hold_ms ?? this.delays.settleMs),
    };
  }

  private toFinal(execution: ExecutionRecord, at: number): ExecutionRecord {
    const status = execution.outcome === 'FAILED' ? 'FAILED' : 'COMPLETED';
    const next: ExecutionRecord = {
      ...execution,
      status,
      requires_action: false,
      client_secret: null,
      gateway_message: execution.final_gateway_message,
      updated_at: at,
      next_at: null,
    };
    if (status === 'FAILED' && execution.final_wallet_message) {
      next.wallet_message = execution.final_wallet_message;
    }
    if (execution.kind === 'collection') this.settleCollection(next, at);
    if (status === 'FAILED') this.release(next);
    return next;
  }

  /** The source is PAID when its collection completes, and payable again when it fails. */
  private settleCollection(execution: ExecutionRecord, at: number): void {
    const session = this.store.getSession(execution.session_id);
    if (!session?.source_type || session.source_id === undefined) return;
    const source = this.store.getSource(session.source_type, session.source_id);
    if (!source) return;
    if (execution.status === 'COMPLETED')
      this.store.putSource({ ...source, status: 'PAID', paid_at: at });
    else this.store.putSource({ ...source, status: 'ACTIVE' });
  }

  /** A failed payout or transfer gives the debit back; a failed refund frees its amount. */
  private release(execution: ExecutionRecord): void {
    if (execution.wallet_id !== undefined && execution.debit) {
      moveBalance(this.store, execution.wallet_id, {
        amount: execution.debit,
        reason: 'RELEASE',
        at: execution.updated_at,
        reference_id: execution.reference_id,
      });
    }
    if (execution.kind === 'refund' && execution.refund_amount) {
      const session = this.store.getSession(execution.session_id);
      const intentId = session?.original_payment_intent_id;
      const intent = intentId === undefined ? undefined : this.store.getSession(intentId);
      if (intent) {
        this.store.putSession({
          ...intent,
          refunded: round2(Math.max(0, (intent.refunded ?? 0) - execution.refund_amount)),
        });
      }
    }
  }
}

/** The wire form of an execution. */
export function toExecutionResponse(execution: ExecutionRecord): ExecutionResponse {
  return {
    reference_id: execution.reference_id,
    status: execution.status,
    payer_amount: execution.payer_amount,
    payer_currency: execution.payer_currency,
    payee_amount: execution.payee_amount,
    payee_currency: execution.payee_currency,
    operation_type: execution.operation_type,
    provider_transaction_id: execution.provider_transaction_id,
    gateway_message: execution.gateway_message,
    wallet_message: execution.wallet_message,
    client_secret: execution.client_secret,
    requires_action: execution.requires_action,
  };
}
