/** The two stores behind one interface, and the SQLite file surviving a restart of the sandbox. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../src/index.js';
import { SqliteStore } from '../src/sandbox/sqlite-store.js';
import { type ExecutionRecord, MemoryStore, type Store } from '../src/sandbox/store.js';
import { openSqlite, type SqliteDriver } from '../src/sqlite.js';
import { CREDENTIALS, collectionBody, type Json, ref } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'dollr-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function execution(reference_id: string, next_at: number | null): ExecutionRecord {
  return {
    reference_id,
    kind: 'collection',
    merchant: 'm',
    fingerprint: 'f',
    session_id: 1,
    status: 'PENDING',
    operation_type: 'COLLECTION',
    payer_amount: 1,
    payer_currency: 'USD',
    payee_amount: 1,
    payee_currency: 'USD',
    provider_transaction_id: null,
    gateway_message: null,
    wallet_message: null,
    client_secret: null,
    requires_action: false,
    created_at: 0,
    updated_at: 0,
    next_at,
    outcome: 'COMPLETED',
    final_gateway_message: null,
    processing_gateway_message: null,
    provider_prefix: 'pp',
  };
}

/** Why a driver cannot run on this runtime (node:sqlite before Node 22.13, better-sqlite3 built
 * for another Node line), or undefined when it can. */
function unavailable(driver: SqliteDriver): string | undefined {
  try {
    openSqlite(':memory:', driver).close();
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}
const DRIVERS = (['node:sqlite', 'better-sqlite3'] as const).map((driver) => ({
  driver,
  why: unavailable(driver),
}));

it('this runtime has at least one SQLite driver', () => {
  expect(DRIVERS.filter((d) => !d.why).map((d) => d.driver)).not.toEqual([]);
});

const file = () => join(dir, `contract-${Math.random()}.db`);
describe.each([
  { name: 'memory', why: undefined, open: (): Store => new MemoryStore() },
  ...DRIVERS.map(({ driver, why }) => ({
    name: `sqlite (${driver})${why ? ` not on this runtime: ${why}` : ''}`,
    why,
    open: (): Store => new SqliteStore(file(), driver),
  })),
])('$name store', ({ open, why }) => {
  if (why) {
    it.skip('skipped: the driver does not load here', () => {});
    return;
  }
  it('returns copies, not live objects', () => {
    const store = open();
    store.putWallet({ id: 1, currency: 'USD', balance: 10 });
    const wallet = store.getWallet(1);
    if (wallet) wallet.balance = 0;
    expect(store.getWallet(1)?.balance).toBe(10);
    store.close();
  });

  it('lists due executions oldest first, and forgets final ones', () => {
    const store = open();
    store.putExecution(execution('c', 300));
    store.putExecution(execution('a', 100));
    store.putExecution(execution('b', 200));
    store.putExecution(execution('z', null));
    expect(store.dueExecutions(50)).toEqual([]);
    expect(store.dueExecutions(250).map((e) => e.reference_id)).toEqual(['a', 'b']);
    store.putExecution({ ...execution('a', null), status: 'COMPLETED' });
    expect(store.dueExecutions(1000).map((e) => e.reference_id)).toEqual(['b', 'c']);
    expect(store.getExecution('a')?.status).toBe('COMPLETED');
    store.close();
  });

  it('numbers sequences from their first value by their step', () => {
    const store = open();
    expect([
      store.nextId('s', 5012, 10),
      store.nextId('s', 5012, 10),
      store.nextId('t', 1, 1),
    ]).toEqual([5012, 5022, 1]);
    store.close();
  });
});

describe('SQLite file', () => {
  it('makes the directories of a file that does not exist yet', () => {
    const file = join(dir, 'not', 'yet', 'sandbox.db');
    const store = new SqliteStore(file);
    expect(store.kind).toBe('sqlite');
    store.close();
  });

  it.each(DRIVERS.filter((d) => !d.why))('$driver: uses WAL and synchronous=FULL', ({ driver }) => {
    const path = join(dir, `pragmas-${driver.replace(':', '-')}.db`);
    const store = new SqliteStore(path, driver);
    expect(store.driver).toBe(driver);
    // 2 = FULL: each commit is synced before the answer that acknowledges it.
    expect(Number(store.pragma('synchronous'))).toBe(2);
    store.close();
    const db = openSqlite(path, driver);
    expect(db.pragma('journal_mode')).toBe('wal');
    db.close();
  });

  it.each(DRIVERS.filter((d) => !d.why))(
    '$driver: a failed transaction leaves nothing',
    ({ driver }) => {
      const store = new SqliteStore(file(), driver);
      expect(() =>
        store.transaction(() => {
          store.putWallet({ id: 9, currency: 'USD', balance: 1 });
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(store.getWallet(9)).toBeUndefined();
      store.transaction(() => store.putWallet({ id: 9, currency: 'USD', balance: 2 }));
      expect(store.getWallet(9)?.balance).toBe(2);
      store.close();
    },
  );

  it('a sandbox reopened on the same file finds its world as it left it', async () => {
    const file = join(dir, 'reopen.db');
    const call = async (
      sb: ReturnType<typeof createSandbox>,
      method: string,
      path: string,
      body?: object,
      token?: string,
    ) => {
      const res = await sb.app.request(`/v1${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body && JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const login = async (sb: ReturnType<typeof createSandbox>) =>
      (
        await call(sb, 'POST', '/jwt/client/obtain/token', {
          client_id: CREDENTIALS.clientId,
          client_secret: CREDENTIALS.clientSecret,
        })
      ).body.access_token as string;
    const checkoutInvoice = (sb: ReturnType<typeof createSandbox>, token: string, id: number) =>
      call(sb, 'POST', '/sessions/checkout', { source_id: id, source_type: 'INVOICE' }, token);

    const first = createSandbox({
      db: file,
      clock: 'manual',
      quiet: true,
      delays: { processingMs: 10, settleMs: 10 },
    });
    const token = await login(first);
    const session = await checkoutInvoice(first, token, 101);
    const reference = ref();
    const body = collectionBody(session.body.id, '18', reference);
    await call(first, 'POST', '/executions/collection', body, token);
    first.close();

    // A later process: the execution moves on from the stored state, with the real clock.
    const second = createSandbox({
      db: file,
      quiet: true,
      delays: { processingMs: 10, settleMs: 10 },
    });
    const again = await login(second);
    const status = await call(second, 'GET', `/status/collection/${reference}`, undefined, again);
    expect(status.body).toMatchObject({ reference_id: reference, status: 'COMPLETED' });
    const source = await call(
      second,
      'GET',
      '/status/source?source_type=INVOICE&source_id=101',
      undefined,
      again,
    );
    expect(source.body.status).toBe('PAID');
    const next = await checkoutInvoice(second, again, 102);
    expect(next.body.id).toBe(5022);
    second.close();
  });
});
