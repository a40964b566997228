/**
 * The reference integration: how a merchant moves money through Dollr with @dollr/client.
 *
 * Every payment follows the same four steps, and each step carries one of Dollr's rules:
 *
 * 1. TAKE THE LOCK AND WRITE THE ATTEMPT DOWN FIRST. A row in `attempts` (status STARTING) is the
 *    merchant's record that it is about to move money. For an invoice, SQLite's unique partial
 *    index lets only one unfinished attempt exist: a second click gets a 409, not a second payment.
 *
 * 2. CREATE THE SESSION RIGHT BEFORE EXECUTING. Sessions are short-lived intents; never cache one,
 *    never create it "in advance" when the page opens.
 *
 * 3. STORE THE REFERENCE ID BEFORE THE EXECUTE CALL. The client mints a UUID v4 per attempt and
 *    awaits `onReferenceId` before sending the request; we persist it there. Whatever happens
 *    next (timeout, crash, lost response), the attempt can be found again by that id.
 *
 * 4. FOLLOW THE STATUS, NEVER RE-EXECUTE. After the execute call, the status is the only way
 *    forward: PENDING → PROCESSING → COMPLETED or FAILED. A collection is followed live through
 *    Dollr's realtime channel when one is configured (polling when it fails), anything else by
 *    polling; either way the final status is the status endpoint's, so an invoice turns PAID only
 *    on what `GET /status/collection/{id}` confirmed, never on a realtime row. An ambiguous failure
 *    (timeout, 5xx, lost connection) is answered by following the stored reference id, never by
 *    sending again. Only a FAILED execution, or one Dollr has never heard of (404), makes a fresh
 *    attempt safe — and a fresh attempt means a new session and a new reference id.
 */
import { hostname } from 'node:os';
import {
  DollrAbortError,
  DollrApiError,
  type DollrClient,
  type ExecutionKind,
  type ExecutionResponse,
} from '@dollr/client';
import { type RealtimeOptions, type Via, watchExecution } from '@dollr/client/realtime';
import {
  type Attempt,
  type AttemptUpdate,
  type Db,
  type Invoice,
  InvoiceBusyError,
  InvoiceStateError,
  type InvoiceStatus,
  isFinal,
  type NewAttempt,
  toCents,
} from './db.js';
import { DemoError, fromDollrError, isDefiniteRefusal } from './errors.js';
import type { EventHub } from './events.js';

export interface PaymentsOptions {
  client: DollrClient;
  db: Db;
  events: EventHub;
  /** The first interval between two status polls. */
  pollIntervalMs: number;
  /** The longest interval between two status polls (the interval grows ×1.5 up to it). */
  maxPollIntervalMs: number;
  /** Dollr's realtime channel, to follow collections live; without it every status is polled. */
  realtime?: RealtimeOptions;
  log?: (message: string) => void;
}

export interface PayInput {
  /** The payer's Dollr payment account (wallet, mobile money or card), as a string. */
  paymentAccountId: string;
}
export interface RefundInput {
  amount: number;
  reason?: string | null;
}
export interface PayoutInput {
  payoutAccountId: number;
  amount: number;
  currency: string;
  /** The merchant passcode: used for this one request, never stored, never logged. */
  passcode: string;
  phone: string;
}
export interface TransferInput {
  fromWalletId: number;
  toCounterpartyId: number;
  amount: number;
  currency: string;
}

/** How long a transfer or refund session we create stays executable: we execute it at once. */
const CLIENT_SESSION_TTL_MS = 5 * 60_000;
/** One wait lasts this long before the watcher starts a new one: it never gives up on its own. */
const WAIT_SLICE_MS = 10 * 60_000;

export class Payments {
  readonly #client: DollrClient;
  readonly #db: Db;
  readonly #events: EventHub;
  readonly #pollIntervalMs: number;
  readonly #maxPollIntervalMs: number;
  readonly #realtime: RealtimeOptions | undefined;
  readonly #log: (message: string) => void;
  readonly #closing = new AbortController();
  readonly #watchers = new Map<number, Promise<void>>();
  /** How each unfinished attempt's status is being followed (for the pages). */
  readonly #followedBy = new Map<number, Via>();

  constructor(options: PaymentsOptions) {
    this.#client = options.client;
    this.#db = options.db;
    this.#events = options.events;
    this.#pollIntervalMs = options.pollIntervalMs;
    this.#maxPollIntervalMs = options.maxPollIntervalMs;
    this.#realtime = options.realtime;
    this.#log = options.log ?? (() => {});
  }

  /** `realtime` or `polling` while the attempt's status is being followed. */
  followedBy(attemptId: number): Via | undefined {
    return this.#followedBy.get(attemptId);
  }

  /** Pays an invoice (or order) from the payer's account: checkout session → collection. */
  async pay(invoiceId: number, input: PayInput): Promise<Attempt> {
    const invoice = this.#requireInvoice(invoiceId);
    if (invoice.status !== 'OPEN') {
      throw new DemoError(409, `${invoice.number} is already ${invoice.status.toLowerCase()}`);
    }
    // Rule 1: the attempt and the lock, before anything reaches Dollr.
    const attempt = this.#claim(
      invoice,
      {
        kind: 'collection',
        account: input.paymentAccountId,
        amount: invoice.amount,
        currency: invoice.currency,
      },
      ['OPEN'],
    );
    return this.#run(attempt, async (onReferenceId) => {
      // Rule 2: the checkout session, created right before it is executed.
      const session = await this.#client.createSession.checkout({
        source_id: invoice.id,
        source_type: invoice.source_type,
      });
      this.#db.setSessionId(attempt.id, String(session.id));
      // Rule 3: the client awaits onReferenceId (which stores the id) before it sends this.
      return this.#client.collect(
        {
          session_id: String(session.id), // the API takes ids as strings here
          payment_account_id: input.paymentAccountId,
          currency: invoice.currency, // the payer pays in the invoice's currency
        },
        { onReferenceId },
      );
    });
  }

  /** Gives back all or part of a paid invoice: refund session → refund execution. */
  async refund(invoiceId: number, input: RefundInput): Promise<Attempt> {
    const invoice = this.#requireInvoice(invoiceId);
    if (invoice.status === 'OPEN' || invoice.payment_attempt_id == null) {
      throw new DemoError(409, `${invoice.number} is not paid, so there is nothing to refund`);
    }
    if (invoice.status === 'REFUNDED') {
      throw new DemoError(409, `${invoice.number} is already fully refunded`);
    }
    const payment = this.#db.getAttempt(invoice.payment_attempt_id) as Attempt;
    // Our own check first: Dollr would refuse it too, but a merchant knows what it collected.
    const refundable = this.refundableAmount(invoice);
    if (toCents(input.amount) > toCents(refundable)) {
      throw new DemoError(
        422,
        `A refund of ${input.amount.toFixed(2)} is more than the ${refundable.toFixed(2)} ${payment.payee_currency ?? invoice.currency} left to refund`,
        { fields: { amount: `at most ${refundable.toFixed(2)}` } },
      );
    }
    const attempt = this.#claim(
      invoice,
      {
        kind: 'refund',
        amount: input.amount,
        currency: payment.payee_currency ?? invoice.currency,
        reason: input.reason ?? null,
      },
      ['PAID'],
    );
    return this.#run(attempt, async (onReferenceId) => {
      const session = await this.#client.createSession.refund({
        // The payment intent is the checkout session the completed collection executed.
        original_payment_intent_id: Number(payment.session_id),
        amount: input.amount,
        reason: input.reason ?? null,
        expiresAt: CLIENT_SESSION_TTL_MS,
      });
      this.#db.setSessionId(attempt.id, String(session.id));
      return this.#client.refund({ session_id: String(session.id) }, { onReferenceId });
    });
  }

  /** Sends money from the merchant wallet to a payout account, authorised by the passcode. */
  async payout(input: PayoutInput): Promise<Attempt> {
    const attempt = this.#db.insertAttempt({
      kind: 'payout',
      account: String(input.payoutAccountId),
      amount: input.amount,
      currency: input.currency,
    });
    this.#events.publish(attempt);
    return this.#run(attempt, async (onReferenceId) => {
      const session = await this.#client.createSession.payout({
        payout_account_id: input.payoutAccountId,
        amount: input.amount,
        currency: input.currency,
      });
      this.#db.setSessionId(attempt.id, String(session.id));
      return this.#client.payout(
        {
          session_id: String(session.id),
          payout_account_id: String(input.payoutAccountId),
          passcode: {
            token: { code: input.passcode, phone: input.phone },
            device: {
              name: hostname(),
              type: 'SERVER',
              platform: 'NODE',
              user_agent: `dollr-demo-server node/${process.version}`,
              client_ip: '127.0.0.1',
            },
          },
        },
        { onReferenceId },
      );
    });
  }

  /** Moves money from one of the merchant's wallets to a counterparty. */
  async transfer(input: TransferInput): Promise<Attempt> {
    const attempt = this.#db.insertAttempt({
      kind: 'transfer',
      account: `wallet ${input.fromWalletId} → counterparty ${input.toCounterpartyId}`,
      amount: input.amount,
      currency: input.currency,
    });
    this.#events.publish(attempt);
    return this.#run(attempt, async (onReferenceId) => {
      const session = await this.#client.createSession.transfer({
        from_wallet_id: input.fromWalletId,
        to_counterparty_id: input.toCounterpartyId,
        amount: input.amount,
        currency: input.currency,
        expiresAt: CLIENT_SESSION_TTL_MS,
      });
      this.#db.setSessionId(attempt.id, String(session.id));
      return this.#client.transfer({ session_id: String(session.id) }, { onReferenceId });
    });
  }

  /**
   * After a restart: every attempt that was not final when the process stopped is looked up by
   * its stored reference id — never executed again.
   */
  async recover(): Promise<{ resumed: number; abandoned: number }> {
    let resumed = 0;
    let abandoned = 0;
    for (const attempt of this.#db.unfinishedAttempts()) {
      if (!attempt.reference_id) {
        // No reference id stored means the execute request was never sent (the id is stored
        // before sending): nothing can have moved. The lock is released; a new attempt is safe.
        this.#apply(attempt.id, {
          status: 'FAILED',
          message:
            'Interrupted before the execute call was sent: nothing was executed. Safe to retry.',
        });
        abandoned++;
        continue;
      }
      try {
        const execution = await this.#client.getExecution(attempt.kind, attempt.reference_id, {
          signal: this.#closing.signal,
        });
        this.#record(attempt.id, execution);
        if (!isFinal(execution.status)) this.#watch(attempt.id, attempt.kind, attempt.reference_id);
        resumed++;
      } catch (error) {
        if (error instanceof DollrApiError && error.status === 404) {
          this.#abandon(attempt.id);
          abandoned++;
        } else {
          // Dollr is unreachable for now: keep polling in the background, never re-execute.
          this.#log(
            `recovery of attempt ${attempt.id} continues in the background: ${errorText(error)}`,
          );
          this.#watch(attempt.id, attempt.kind, attempt.reference_id);
          resumed++;
        }
      }
    }
    return { resumed, abandoned };
  }

  /** What is left to refund on a paid invoice: the payee amount collected, minus refunds. */
  refundableAmount(invoice: Invoice): number {
    if (invoice.payment_attempt_id == null) return 0;
    const payment = this.#db.getAttempt(invoice.payment_attempt_id);
    const collected = payment?.payee_amount ?? invoice.amount;
    return Math.max(0, toCents(collected) - toCents(this.#db.refundedAmount(invoice.id))) / 100;
  }

  /** Resolves when every status watcher has settled (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    while (this.#watchers.size > 0) await Promise.allSettled([...this.#watchers.values()]);
  }

  /** Stops polling. Unfinished attempts stay unfinished in the database: the next start recovers them. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.idle();
  }

  #requireInvoice(invoiceId: number): Invoice {
    const invoice = this.#db.getInvoice(invoiceId);
    if (!invoice) throw new DemoError(404, `There is no invoice or order ${invoiceId}`);
    return invoice;
  }

  /** Rule 1: the attempt row and the invoice's lock, checked and taken in one transaction. */
  #claim(invoice: Invoice, input: NewAttempt, allowed: readonly InvoiceStatus[]): Attempt {
    try {
      const attempt = this.#db.insertAttempt({ ...input, invoice_id: invoice.id }, allowed);
      this.#events.publish(attempt);
      return attempt;
    } catch (error) {
      if (error instanceof InvoiceBusyError) {
        const what = error.inFlight.kind === 'refund' ? 'A refund' : 'A payment';
        throw new DemoError(409, `${what} of ${invoice.number} is already in progress`, {
          attempt: error.inFlight,
        });
      }
      if (error instanceof InvoiceStateError) {
        throw new DemoError(
          409,
          `${invoice.number} is ${error.status?.toLowerCase()}: it cannot be ${input.kind === 'refund' ? 'refunded' : 'paid'} now`,
        );
      }
      throw error;
    }
  }

  /**
   * Steps 2–4 for one attempt: `execute` creates the session and calls the client's execute
   * helper with our `onReferenceId`; then the status is followed in the background.
   */
  async #run(
    attempt: Attempt,
    execute: (onReferenceId: (referenceId: string) => void) => Promise<ExecutionResponse>,
  ): Promise<Attempt> {
    const onReferenceId = (referenceId: string) => {
      // Rule 3, the heart of it: on disk before the request is on the wire.
      this.#db.setReferenceId(attempt.id, referenceId);
    };
    let execution: ExecutionResponse;
    try {
      execution = await execute(onReferenceId);
    } catch (error) {
      const referenceId = this.#db.getAttempt(attempt.id)?.reference_id;
      if (!referenceId || isDefiniteRefusal(error)) {
        // Dollr said no (or we never got as far as executing): nothing moved, the lock is freed.
        const failed = this.#apply(attempt.id, { status: 'FAILED', message: errorText(error) });
        throw fromDollrError(error, failed ?? this.#db.getAttempt(attempt.id));
      }
      // Ambiguous (timeout, 5xx, lost connection) even after the client's own status check:
      // the execution may exist. Rule 4: keep the attempt, poll its reference id, never resend.
      this.#db.setMessage(
        attempt.id,
        `No clear answer from Dollr (${errorText(error)}); following the status of the reference id`,
      );
      const pending = this.#db.getAttempt(attempt.id) as Attempt;
      this.#events.publish(pending);
      this.#watch(attempt.id, attempt.kind, referenceId);
      return pending;
    }
    this.#record(attempt.id, execution);
    // Follow the id we stored and sent: it is the attempt's name, whatever the answer echoes.
    const referenceId = this.#db.getAttempt(attempt.id)?.reference_id ?? execution.reference_id;
    if (!isFinal(execution.status)) this.#watch(attempt.id, attempt.kind, referenceId);
    return this.#db.getAttempt(attempt.id) as Attempt;
  }

  /** Follows an execution's status until it is final (rule 4), recording every change. */
  #watch(attemptId: number, kind: ExecutionKind, referenceId: string): void {
    if (this.#watchers.has(attemptId)) return;
    const signal = this.#closing.signal;
    const watcher = (async () => {
      while (!signal.aborted) {
        try {
          const final = await this.#follow(attemptId, kind, referenceId, signal);
          this.#record(attemptId, final);
          return;
        } catch (error) {
          if (signal.aborted || error instanceof DollrAbortError) return;
          if (error instanceof DollrApiError && error.status === 404) {
            this.#abandon(attemptId);
            return;
          }
          // Still unknown (Dollr unreachable, or a slow mobile money payment): keep following.
          this.#log(`attempt ${attemptId}: still waiting for a final status (${errorText(error)})`);
          await pause(this.#maxPollIntervalMs, signal);
        }
      }
    })().finally(() => {
      this.#watchers.delete(attemptId);
      this.#followedBy.delete(attemptId);
    });
    this.#watchers.set(attemptId, watcher);
  }

  /**
   * One wait for the final status: live through realtime for a collection whose checkout
   * session we know, by polling otherwise. Both end on the status endpoint's answer.
   */
  async #follow(
    attemptId: number,
    kind: ExecutionKind,
    referenceId: string,
    signal: AbortSignal,
  ): Promise<ExecutionResponse> {
    const tuning = {
      signal,
      intervalMs: this.#pollIntervalMs,
      maxIntervalMs: this.#maxPollIntervalMs,
      timeoutMs: WAIT_SLICE_MS,
    };
    const session = kind === 'collection' ? this.#checkoutSession(attemptId) : undefined;
    if (!this.#realtime || !session) {
      this.#setFollowedBy(attemptId, 'polling');
      return this.#client.waitForExecution(kind, referenceId, {
        ...tuning,
        onStatus: (execution) => this.#record(attemptId, execution),
      });
    }
    const { execution } = await watchExecution(this.#client, kind, referenceId, {
      ...tuning,
      session,
      realtime: this.#realtime,
      // PENDING and PROCESSING as they happen; the final status is recorded below, whole (amounts,
      // messages) and confirmed by the status endpoint.
      onStatus: ({ status }) => {
        if (!isFinal(status)) this.#apply(attemptId, { status });
      },
      onTransport: (transport) => {
        this.#setFollowedBy(attemptId, transport.via);
        if (transport.via === 'polling') {
          this.#log(`attempt ${attemptId}: following by polling (${transport.reason})`);
        }
      },
    });
    return execution;
  }

  /** The checkout session a collection attempt executed, with its invoice's source type. */
  #checkoutSession(attemptId: number) {
    const attempt = this.#db.getAttempt(attemptId);
    const invoice = attempt?.invoice_id ? this.#db.getInvoice(attempt.invoice_id) : undefined;
    const id = Number(attempt?.session_id);
    if (!invoice || !Number.isSafeInteger(id)) return undefined;
    return { id, sourceType: invoice.source_type };
  }

  #setFollowedBy(attemptId: number, via: Via): void {
    if (this.#followedBy.get(attemptId) === via) return;
    this.#followedBy.set(attemptId, via);
    const attempt = this.#db.getAttempt(attemptId);
    if (attempt) this.#events.publish(attempt);
  }

  /** Dollr never heard of this reference id: nothing was executed, and a fresh attempt is safe. */
  #abandon(attemptId: number): void {
    this.#apply(attemptId, {
      status: 'FAILED',
      message:
        'Abandoned: Dollr has no execution with this reference id, so nothing was charged. Safe to retry with a new session.',
    });
  }

  #record(attemptId: number, execution: ExecutionResponse): void {
    const failed = execution.status === 'FAILED';
    this.#apply(attemptId, {
      status: execution.status,
      requires_action: execution.requires_action ?? undefined,
      payer_amount: execution.payer_amount,
      payer_currency: execution.payer_currency,
      payee_amount: execution.payee_amount,
      payee_currency: execution.payee_currency,
      message:
        execution.gateway_message ??
        execution.wallet_message ??
        (failed ? 'The payment failed' : undefined),
    });
  }

  #apply(attemptId: number, update: AttemptUpdate): Attempt | undefined {
    const updated = this.#db.updateAttempt(attemptId, update);
    if (updated) {
      this.#events.publish(updated);
      this.#log(
        `${updated.kind} #${updated.id}${updated.invoice_id ? ` (invoice ${updated.invoice_id})` : ''} ${updated.status}${updated.reference_id ? ` ref ${updated.reference_id}` : ''}`,
      );
    }
    return updated;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
