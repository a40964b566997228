/**
 * The sandbox's world in a SQLite file: one JSON document per record, written in transactions
 * that are on disk (WAL, synchronous=FULL) before the answer that acknowledges them.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openSqlite, type SqliteDatabase, type SqliteDriver } from '../sqlite.js';
import {
  type ExecutionRecord,
  type LedgerRecord,
  MemoryStore,
  type SessionRecord,
  type SourceRecord,
  type Store,
  type WalletRecord,
} from './store.js';

type Row = { doc: string };

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: SqliteDatabase;
  private readonly stmts;

  constructor(file: string, driver?: SqliteDriver) {
    // `--db .data/sandbox.db` on a fresh clone: the directory is made, like the file.
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = openSqlite(file, driver);
    this.db.exec('PRAGMA journal_mode = WAL');
    // Every commit reaches the disk before the response that acknowledges it.
    this.db.exec('PRAGMA synchronous = FULL');
    this.db.exec('PRAGMA busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sources (key TEXT PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS executions (
        reference_id TEXT PRIMARY KEY, next_at INTEGER, doc TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS executions_next_at ON executions (next_at) WHERE next_at IS NOT NULL;
      CREATE TABLE IF NOT EXISTS wallets (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT, wallet_id INTEGER NOT NULL, doc TEXT NOT NULL
      );
    `);
    const db = this.db;
    this.stmts = {
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      putMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      getSource: db.prepare('SELECT doc FROM sources WHERE key = ?'),
      putSource: db.prepare('INSERT OR REPLACE INTO sources (key, doc) VALUES (?, ?)'),
      getSession: db.prepare('SELECT doc FROM sessions WHERE id = ?'),
      putSession: db.prepare('INSERT OR REPLACE INTO sessions (id, doc) VALUES (?, ?)'),
      getExecution: db.prepare('SELECT doc FROM executions WHERE reference_id = ?'),
      putExecution: db.prepare(
        'INSERT OR REPLACE INTO executions (reference_id, next_at, doc) VALUES (?, ?, ?)',
      ),
      due: db.prepare(
        'SELECT doc FROM executions WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at',
      ),
      nextDue: db.prepare('SELECT MIN(next_at) AS at FROM executions WHERE next_at IS NOT NULL'),
      getWallet: db.prepare('SELECT doc FROM wallets WHERE id = ?'),
      putWallet: db.prepare('INSERT OR REPLACE INTO wallets (id, doc) VALUES (?, ?)'),
      getSequence: db.prepare('SELECT value FROM sequences WHERE name = ?'),
      putSequence: db.prepare('INSERT OR REPLACE INTO sequences (name, value) VALUES (?, ?)'),
      listSessions: db.prepare('SELECT doc FROM sessions'),
      listExecutions: db.prepare('SELECT doc FROM executions'),
      listWallets: db.prepare('SELECT doc FROM wallets ORDER BY id'),
      appendLedger: db.prepare('INSERT INTO ledger (wallet_id, doc) VALUES (?, ?)'),
      listLedger: db.prepare('SELECT id, doc FROM ledger WHERE wallet_id = ? ORDER BY id'),
    };
  }

  isFresh() {
    return this.stmts.getMeta.get('initialized') === undefined;
  }
  markInitialized() {
    this.stmts.putMeta.run('initialized', new Date().toISOString());
  }
  getSource(type: string, id: number) {
    const row = this.stmts.getSource.get(`${type}:${id}`) as Row | undefined;
    return row && (JSON.parse(row.doc) as SourceRecord);
  }
  putSource(source: SourceRecord) {
    this.stmts.putSource.run(`${source.source_type}:${source.source_id}`, JSON.stringify(source));
  }
  getSession(id: number) {
    const row = this.stmts.getSession.get(id) as Row | undefined;
    return row && (JSON.parse(row.doc) as SessionRecord);
  }
  putSession(session: SessionRecord) {
    this.stmts.putSession.run(session.id, JSON.stringify(session));
  }
  getExecution(referenceId: string) {
    const row = this.stmts.getExecution.get(referenceId) as Row | undefined;
    return row && (JSON.parse(row.doc) as ExecutionRecord);
  }
  putExecution(execution: ExecutionRecord) {
    this.stmts.putExecution.run(
      execution.reference_id,
      execution.next_at,
      JSON.stringify(execution),
    );
  }
  dueExecutions(nowMs: number) {
    return (this.stmts.due.all(nowMs) as Row[]).map(
      (row) => JSON.parse(row.doc) as ExecutionRecord,
    );
  }
  nextDueAt() {
    const row = this.stmts.nextDue.get() as { at: number | null } | undefined;
    return row?.at ?? null;
  }
  getWallet(id: number) {
    const row = this.stmts.getWallet.get(id) as Row | undefined;
    return row && (JSON.parse(row.doc) as WalletRecord);
  }
  putWallet(wallet: WalletRecord) {
    this.stmts.putWallet.run(wallet.id, JSON.stringify(wallet));
  }
  nextId(sequence: string, first: number, step: number) {
    const last = (this.stmts.getSequence.get(sequence) as { value: number } | undefined)?.value;
    const next = last === undefined ? first : last + step;
    this.stmts.putSequence.run(sequence, next);
    return next;
  }
  listSessions() {
    return (this.stmts.listSessions.all() as Row[]).map(
      (row) => JSON.parse(row.doc) as SessionRecord,
    );
  }
  listExecutions() {
    return (this.stmts.listExecutions.all() as Row[]).map(
      (row) => JSON.parse(row.doc) as ExecutionRecord,
    );
  }
  listWallets() {
    return (this.stmts.listWallets.all() as Row[]).map(
      (row) => JSON.parse(row.doc) as WalletRecord,
    );
  }
  appendLedger(entry: Omit<LedgerRecord, 'id'>) {
    const { lastInsertRowid } = this.stmts.appendLedger.run(entry.wallet_id, JSON.stringify(entry));
    return { ...entry, id: Number(lastInsertRowid) };
  }
  listLedger(walletId: number) {
    return (this.stmts.listLedger.all(walletId) as Array<{ id: number; doc: string }>).map(
      (row) => ({ ...(JSON.parse(row.doc) as Omit<LedgerRecord, 'id'>), id: Number(row.id) }),
    );
  }
  /** The driver in use: `node:sqlite` where the runtime has it, else `better-sqlite3`. */
  get driver(): SqliteDriver {
    return this.db.driver;
  }
  /** The value of a pragma of the connection (`synchronous`, `journal_mode`). */
  pragma(name: string): unknown {
    return this.db.pragma(name);
  }
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }
  close() {
    this.db.close();
  }
}

/** The sandbox's store: a SQLite file when `db` is given, else memory. */
export function openStore(db?: string): Store {
  return db ? new SqliteStore(db) : new MemoryStore();
}
