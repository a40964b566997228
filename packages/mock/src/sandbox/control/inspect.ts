/** Inspect: the tenant's sessions, executions, wallets and wallet ledgers. */
import { HttpError } from '../errors.js';
import type { ControlHandler } from '../pipeline.js';
import type { Tenant } from '../tenants.js';
import { toLedgerEntry, toSandboxExecution, toSandboxSession } from './wire.js';

const newestFirst = <T extends { created_at: number }>(a: T, b: T) => b.created_at - a.created_at;

export function executionOf(tenant: Tenant, path: Record<string, unknown>) {
  const execution = tenant.store.getExecution(String(path.reference_id));
  if (!execution) throw new HttpError(404, 'Execution not found');
  return execution;
}

export function sessionOf(tenant: Tenant, path: Record<string, unknown>) {
  const session = tenant.store.getSession(Number(path.session_id));
  if (!session) throw new HttpError(404, 'Session not found');
  return session;
}

export const inspectHandlers: Record<string, ControlHandler> = {
  listSessions: ({ tenant }) => {
    const now = tenant.clock.nowMs();
    const sessions = tenant.store.listSessions().sort((a, b) => newestFirst(a, b) || b.id - a.id);
    return { sessions: sessions.map((session) => toSandboxSession(session, now)) };
  },
  getSession: ({ tenant, path }) => toSandboxSession(sessionOf(tenant, path), tenant.clock.nowMs()),
  listExecutions: ({ tenant }) => ({
    executions: tenant.store.listExecutions().sort(newestFirst).map(toSandboxExecution),
  }),
  getExecution: ({ tenant, path }) => toSandboxExecution(executionOf(tenant, path)),
  listWallets: ({ tenant }) => ({
    wallets: tenant.store
      .listWallets()
      .sort((a, b) => a.id - b.id)
      .map(({ id, currency, balance }) => ({ id, currency, balance })),
  }),
  getWalletLedger: ({ tenant, path }) => {
    const wallet = tenant.store.getWallet(Number(path.wallet_id));
    if (!wallet) throw new HttpError(404, 'Wallet not found');
    return {
      wallet: { id: wallet.id, currency: wallet.currency, balance: wallet.balance },
      entries: tenant.store.listLedger(wallet.id).map(toLedgerEntry),
    };
  },
};
