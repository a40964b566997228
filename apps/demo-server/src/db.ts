/**
 * The merchant's own records, in SQLite: its catalogue (invoices and orders) and every payment
 * attempt it made through Dollr, with the attempt's reference id.
 *
 * Two things here carry Dollr's rules:
 * - `attempts.reference_id` is written by `setReferenceId`, which the payment code calls from the
 *   client's `onReferenceId` hook: BEFORE the execute request leaves the process.
 * - `attempts_one_in_flight_per_invoice` is the per-invoice lock: at most one unfinished attempt
 *   (payment or refund) per invoice, enforced by SQLite itself, so two clicks, two tabs or two
 *   processes can never start two executions for one invoice.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isUniqueViolation, openSqlite, type SqliteDatabase } from '@dollr/mock/sqlite';
import {
  CHECKOUT_SOURCE_TYPES,
  EXECUTION_KINDS,
  EXECUTION_STATUSES,
  type ExecutionKind,
  type ExecutionStatus,
  FEE_BEARERS,
  isFinalExecutionStatus,
} from '@dollr/spec/vocabulary';
import type { CatalogueItem } from './catalogue.js';

/** An attempt is one execution of one kind: the spec's kinds. */
export type AttemptKind = ExecutionKind;
/** Dollr's execution statuses, plus STARTING: the lock is taken, no execution exists yet. */
export type AttemptStatus = 'STARTING' | ExecutionStatus;
export const INVOICE_STATUSES = ['OPEN', 'PAID', 'REFUNDED'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

const ATTEMPT_STATUSES: readonly AttemptStatus[] = ['STARTING', ...EXECUTION_STATUSES];
/** The statuses of an attempt in flight: the ones that hold the invoice's lock. */
const UNFINISHED: readonly AttemptStatus[] = ATTEMPT_STATUSES.filter((s) => !isFinal(s));

export function isFinal(status: AttemptStatus): boolean {
  return isFinalExecutionStatus(status);
}

/** `'A', 'B'`: a list of values for an SQL `IN (…)`, from constants (never from input). */
const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

export interface Attempt {
  id: number;
  kind: AttemptKind;
  invoice_id: number | null;
  /** The Dollr session the attempt executed (checkout, refund, payout or transfer). */
  session_id: string | null;
  /** The idempotency key of the execution; null only while the execute call is not yet sent. */
  reference_id: string | null;
  /** Collection: the payer's account. Payout: the payout account. Transfer: wallet → counterparty. */
  account: string | null;
  amount: number | null;
  currency: string | null;
  reason: string | null;
  status: AttemptStatus;
  requires_action: boolean;
  payer_amount: number | null;
  payer_currency: string | null;
  payee_amount: number | null;
  payee_currency: string | null;
  /** The last word on the attempt: a gateway or wallet message, an error, a recovery note. */
  message: string | null;
  created_at: string;
  updated_at: string;
}

export interface Invoice extends CatalogueItem {
  status: InvoiceStatus;
  paid_at: string | null;
  /** The completed collection that paid it: its session id is the refund's payment intent. */
  payment_attempt_id: number | null;
}

export interface NewAttempt {
  kind: AttemptKind;
  invoice_id?: number | null;
  account?: string | null;
  amount?: number | null;
  currency?: string | null;
  reason?: string | null;
}

/** What an execution status answer changes on an attempt. */
export interface AttemptUpdate {
  status: AttemptStatus;
  requires_action?: boolean;
  payer_amount?: number | null;
  payer_currency?: string | null;
  payee_amount?: number | null;
  payee_currency?: string | null;
  message?: string | null;
}

/** Thrown by `insertAttempt` when the invoice is not in a state that allows the attempt. */
export class InvoiceStateError extends Error {
  override name = 'InvoiceStateError';
  constructor(
    readonly invoiceId: number,
    readonly status: InvoiceStatus | undefined,
  ) {
    super(`Invoice ${invoiceId} is ${status ?? 'missing'}`);
  }
}

/** Thrown by `insertAttempt` when the invoice already has an unfinished attempt. */
export class InvoiceBusyError extends Error {
  override name = 'InvoiceBusyError';
  constructor(readonly inFlight: Attempt) {
    super(`Invoice ${inFlight.invoice_id} already has a ${inFlight.kind} in progress`);
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS invoices (
  id                 INTEGER PRIMARY KEY,          -- the Dollr source_id
  source_type        TEXT NOT NULL CHECK (source_type IN (${sqlList(CHECKOUT_SOURCE_TYPES)})),
  number             TEXT NOT NULL,
  customer           TEXT NOT NULL,
  description        TEXT NOT NULL,
  currency           TEXT NOT NULL,
  amount             REAL NOT NULL,
  fee_bearer         TEXT NOT NULL CHECK (fee_bearer IN (${sqlList(FEE_BEARERS)})),
  status             TEXT NOT NULL DEFAULT 'OPEN' CHECK (status IN (${sqlList(INVOICE_STATUSES)})),
  paid_at            TEXT,
  payment_attempt_id INTEGER REFERENCES attempts(id)
);

CREATE TABLE IF NOT EXISTS attempts (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL CHECK (kind IN (${sqlList(EXECUTION_KINDS)})),
  invoice_id      INTEGER REFERENCES invoices(id),
  session_id      TEXT,
  reference_id    TEXT UNIQUE,
  account         TEXT,
  amount          REAL,
  currency        TEXT,
  reason          TEXT,
  status          TEXT NOT NULL CHECK (status IN (${sqlList(ATTEMPT_STATUSES)})),
  requires_action INTEGER NOT NULL DEFAULT 0,
  payer_amount    REAL,
  payer_currency  TEXT,
  payee_amount    REAL,
  payee_currency  TEXT,
  message         TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);

-- The per-invoice lock: one unfinished attempt per invoice, whatever its kind.
CREATE UNIQUE INDEX IF NOT EXISTS attempts_one_in_flight_per_invoice
  ON attempts (invoice_id)
  WHERE invoice_id IS NOT NULL AND status IN (${sqlList(UNFINISHED)});
`;

type AttemptRow = Omit<Attempt, 'requires_action'> & { requires_action: number };

const toAttempt = (row: AttemptRow): Attempt => ({
  ...row,
  requires_action: !!row.requires_action,
});

export class Db {
  /** node:sqlite where the runtime has it (Node >= 22.13), better-sqlite3 on Node 20. */
  readonly sqlite: SqliteDatabase;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.sqlite = openSqlite(file);
    this.sqlite.exec('PRAGMA journal_mode = WAL');
    this.sqlite.exec('PRAGMA busy_timeout = 5000');
    this.sqlite.exec('PRAGMA foreign_keys = ON');
    this.sqlite.exec(SCHEMA);
  }

  close(): void {
    this.sqlite.close();
  }

  /** Adds the catalogue items that are not there yet; existing rows (and their status) are kept. */
  seed(items: readonly CatalogueItem[]): number {
    const insert = this.sqlite.prepare(
      `INSERT OR IGNORE INTO invoices
         (id, source_type, number, customer, description, currency, amount, fee_bearer)
       VALUES (@id, @source_type, @number, @customer, @description, @currency, @amount, @fee_bearer)`,
    );
    return this.sqlite.transaction(() =>
      items.reduce((added, item) => added + Number(insert.run(item).changes), 0),
    );
  }

  /** Aligns an invoice's amount with what Dollr says the source is worth. */
  updateInvoiceTerms(
    id: number,
    terms: { number: string; currency: string; amount: number },
  ): void {
    this.sqlite
      .prepare('UPDATE invoices SET number = ?, currency = ?, amount = ? WHERE id = ?')
      .run(terms.number, terms.currency, terms.amount, id);
  }

  listInvoices(): Invoice[] {
    return this.sqlite
      .prepare('SELECT * FROM invoices ORDER BY source_type, id')
      .all() as Invoice[];
  }

  getInvoice(id: number): Invoice | undefined {
    return this.sqlite.prepare('SELECT * FROM invoices WHERE id = ?').get(id) as
      | Invoice
      | undefined;
  }

  /** The sum of the completed refunds of an invoice. */
  refundedAmount(invoiceId: number): number {
    const row = this.sqlite
      .prepare(
        `SELECT COALESCE(SUM(amount), 0) AS total FROM attempts
          WHERE invoice_id = ? AND kind = ? AND status = ?`,
      )
      .get(invoiceId, 'refund' satisfies AttemptKind, 'COMPLETED' satisfies AttemptStatus) as {
      total: number;
    };
    return row.total;
  }

  getAttempt(id: number): Attempt | undefined {
    const row = this.sqlite.prepare('SELECT * FROM attempts WHERE id = ?').get(id) as
      | AttemptRow
      | undefined;
    return row && toAttempt(row);
  }

  listAttempts(): Attempt[] {
    return (
      this.sqlite.prepare('SELECT * FROM attempts ORDER BY id DESC').all() as AttemptRow[]
    ).map(toAttempt);
  }

  /** The unfinished attempt of an invoice, if any (the lock's holder). */
  inFlightAttempt(invoiceId: number): Attempt | undefined {
    const row = this.sqlite
      .prepare(`SELECT * FROM attempts WHERE invoice_id = ? AND status IN (${sqlList(UNFINISHED)})`)
      .get(invoiceId) as AttemptRow | undefined;
    return row && toAttempt(row);
  }

  /** The latest attempt on an invoice, of any kind. */
  lastAttempt(invoiceId: number): Attempt | undefined {
    const row = this.sqlite
      .prepare('SELECT * FROM attempts WHERE invoice_id = ? ORDER BY id DESC LIMIT 1')
      .get(invoiceId) as AttemptRow | undefined;
    return row && toAttempt(row);
  }

  /** Every attempt that is not final: what a restart must recover. */
  unfinishedAttempts(): Attempt[] {
    return (
      this.sqlite
        .prepare(`SELECT * FROM attempts WHERE status IN (${sqlList(UNFINISHED)}) ORDER BY id`)
        .all() as AttemptRow[]
    ).map(toAttempt);
  }

  /**
   * Records a new attempt in STARTING state, taking the invoice's lock, in one immediate
   * transaction. Throws InvoiceBusyError (with the holder) when the invoice already has an attempt
   * in flight, and InvoiceStateError when `allowedStatuses` is given and the invoice is in none.
   */
  insertAttempt(input: NewAttempt, allowedStatuses?: readonly InvoiceStatus[]): Attempt {
    const now = new Date().toISOString();
    const insert = () =>
      this.sqlite.transaction(() => {
        if (input.invoice_id != null && allowedStatuses) {
          const invoice = this.getInvoice(input.invoice_id);
          if (!invoice || !allowedStatuses.includes(invoice.status)) {
            throw new InvoiceStateError(input.invoice_id, invoice?.status);
          }
        }
        const { lastInsertRowid } = this.sqlite
          .prepare(
            `INSERT INTO attempts
             (kind, invoice_id, account, amount, currency, reason, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            input.kind,
            input.invoice_id ?? null,
            input.account ?? null,
            input.amount ?? null,
            input.currency ?? null,
            input.reason ?? null,
            'STARTING' satisfies AttemptStatus,
            now,
            now,
          );
        return this.getAttempt(Number(lastInsertRowid)) as Attempt;
      });
    try {
      return insert();
    } catch (error) {
      if (isUniqueViolation(error) && input.invoice_id != null) {
        const holder = this.inFlightAttempt(input.invoice_id);
        if (holder) throw new InvoiceBusyError(holder);
      }
      throw error;
    }
  }

  setSessionId(attemptId: number, sessionId: string): void {
    this.sqlite
      .prepare('UPDATE attempts SET session_id = ?, updated_at = ? WHERE id = ?')
      .run(sessionId, new Date().toISOString(), attemptId);
  }

  /** Stores the execution's reference id. Called before the execute request is sent. */
  setReferenceId(attemptId: number, referenceId: string): void {
    this.sqlite
      .prepare('UPDATE attempts SET reference_id = ?, updated_at = ? WHERE id = ?')
      .run(referenceId, new Date().toISOString(), attemptId);
  }

  setMessage(attemptId: number, message: string): void {
    this.sqlite
      .prepare('UPDATE attempts SET message = ?, updated_at = ? WHERE id = ?')
      .run(message, new Date().toISOString(), attemptId);
  }

  /**
   * Applies a status answer to an unfinished attempt and, when it becomes final, what follows on
   * the invoice, in one transaction. Returns the updated attempt, or undefined when nothing changed
   * (the attempt was already final, or the answer says nothing new).
   */
  updateAttempt(attemptId: number, update: AttemptUpdate): Attempt | undefined {
    return this.sqlite.transaction(() => {
      const before = this.getAttempt(attemptId);
      if (!before || isFinal(before.status)) return undefined;
      const next: Attempt = {
        ...before,
        status: update.status,
        requires_action: update.requires_action ?? before.requires_action,
        payer_amount: update.payer_amount ?? before.payer_amount,
        payer_currency: update.payer_currency ?? before.payer_currency,
        payee_amount: update.payee_amount ?? before.payee_amount,
        payee_currency: update.payee_currency ?? before.payee_currency,
        message: update.message === undefined ? before.message : update.message,
      };
      const changed = (
        [
          'status',
          'requires_action',
          'payer_amount',
          'payer_currency',
          'payee_amount',
          'payee_currency',
          'message',
        ] as const
      ).some((key) => next[key] !== before[key]);
      if (!changed) return undefined;
      next.updated_at = new Date().toISOString();
      this.sqlite
        .prepare(
          `UPDATE attempts SET status = @status, requires_action = @requires_action,
             payer_amount = @payer_amount, payer_currency = @payer_currency,
             payee_amount = @payee_amount, payee_currency = @payee_currency,
             message = @message, updated_at = @updated_at
           WHERE id = @id`,
        )
        .run({ ...next, requires_action: next.requires_action ? 1 : 0 });
      if (next.status === 'COMPLETED' && next.invoice_id != null) this.#settle(next);
      return next;
    });
  }

  /** A completed payment marks its invoice PAID; completed refunds that add up mark it REFUNDED. */
  #settle(attempt: Attempt): void {
    if (attempt.kind === 'collection') {
      this.sqlite
        .prepare(
          `UPDATE invoices SET status = 'PAID', paid_at = ?, payment_attempt_id = ? WHERE id = ?`,
        )
        .run(attempt.updated_at, attempt.id, attempt.invoice_id);
    } else if (attempt.kind === 'refund') {
      const invoice = this.getInvoice(attempt.invoice_id as number);
      const payment = invoice?.payment_attempt_id
        ? this.getAttempt(invoice.payment_attempt_id)
        : undefined;
      const collected = payment?.payee_amount ?? invoice?.amount ?? 0;
      if (toCents(this.refundedAmount(attempt.invoice_id as number)) >= toCents(collected)) {
        this.sqlite
          .prepare(`UPDATE invoices SET status = 'REFUNDED' WHERE id = ?`)
          .run(attempt.invoice_id);
      }
    }
  }
}

export const toCents = (amount: number): number => Math.round(amount * 100);
