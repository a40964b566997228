/**
 * One synchronous SQLite interface over two drivers: Node's built-in `node:sqlite` (Node ≥ 22.13,
 * no native build) and `better-sqlite3` (Node 20, where `node:sqlite` does not exist). The driver
 * is chosen at run time; both give the same durability (WAL, synchronous=FULL set by the caller).
 */
import { createRequire } from 'node:module';

export type SqliteDriver = 'node:sqlite' | 'better-sqlite3';

export interface SqliteRunResult {
  changes: number | bigint;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  readonly driver: SqliteDriver;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  /** The value of a pragma, e.g. `pragma('journal_mode')` → `'wal'`. */
  pragma(name: string): unknown;
  /** Runs `fn` in `BEGIN IMMEDIATE … COMMIT` (rolled back if it throws); nested calls join it. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** The part of both drivers' connections this module uses: they agree on it. */
interface Connection {
  exec(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

const require = createRequire(import.meta.url);

function nodeSqlite(): { DatabaseSync: new (file: string) => Connection } | undefined {
  try {
    return (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.(
      'node:sqlite',
    ) as { DatabaseSync: new (file: string) => Connection } | undefined;
  } catch {
    return undefined;
  }
}

function connect(file: string, driver: SqliteDriver | undefined): [SqliteDriver, Connection] {
  const builtin = driver === 'better-sqlite3' ? undefined : nodeSqlite();
  if (builtin) return ['node:sqlite', new builtin.DatabaseSync(file)];
  if (driver === 'node:sqlite') {
    throw new Error(`node:sqlite is not available on this runtime (Node ${process.versions.node})`);
  }
  try {
    const Database = require('better-sqlite3') as new (file: string) => Connection;
    return ['better-sqlite3', new Database(file)];
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `no SQLite driver: node:sqlite needs Node >= 22.13, and better-sqlite3 did not load (${reason})`,
    );
  }
}

/** Open (or create) a SQLite file with the driver this runtime has; `driver` forces one. */
export function openSqlite(file: string, driver?: SqliteDriver): SqliteDatabase {
  const [chosen, connection] = connect(file, driver);
  let depth = 0;
  let open = true;
  return {
    driver: chosen,
    exec: (sql) => {
      connection.exec(sql);
    },
    prepare(sql) {
      const statement = connection.prepare(sql) as SqliteStatement & {
        setAllowUnknownNamedParameters?: (allow: boolean) => void;
      };
      // As better-sqlite3 does: an object may carry keys the statement does not use.
      statement.setAllowUnknownNamedParameters?.(true);
      return statement;
    },
    pragma(name) {
      const row = connection.prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
      return row && Object.values(row)[0];
    },
    transaction(fn) {
      if (depth > 0) return fn();
      connection.exec('BEGIN IMMEDIATE');
      depth++;
      try {
        const result = fn();
        connection.exec('COMMIT');
        return result;
      } catch (error) {
        connection.exec('ROLLBACK');
        throw error;
      } finally {
        depth--;
      }
    },
    close() {
      if (!open) return;
      open = false;
      connection.close();
    },
  };
}

/** True for a UNIQUE constraint failure, whichever driver raised it. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  // better-sqlite3 names the extended result code; node:sqlite gives its number (2067).
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || errcode === 2067;
}
