/** World: the merchant's verification, sources, wallets, payout accounts, counterparties, sessions. */
import type { components } from '../../generated/control.js';
import { HttpError, unprocessable } from '../errors.js';
import { round2 } from '../fees.js';
import { FIXTURES } from '../fixtures.js';
import type { ControlHandler } from '../pipeline.js';
import { checkAmount } from '../sessions.js';
import type { SourceRecord } from '../store.js';
import type { Tenant } from '../tenants.js';
import { moveBalance } from '../wallets.js';
import { sessionOf } from './inspect.js';
import { toSandboxSession, toSource } from './wire.js';

type Schemas = components['schemas'];

/** Statuses a source can be created with; the others come only from payments. */
const CREATABLE: ReadonlySet<string> = new Set<Schemas['SourceStatus']>([
  'IDLE',
  'ACTIVE',
  'CANCELED',
]);
const NUMBER_PREFIX: Record<Schemas['CheckoutSourceType'], string> = {
  INVOICE: 'INV',
  ORDER: 'ORD',
};

function sourceOf(tenant: Tenant, path: Record<string, unknown>): SourceRecord {
  const source = tenant.store.getSource(String(path.source_type), Number(path.source_id));
  if (!source) throw new HttpError(404, 'Source not found');
  return source;
}

function changeSource(
  tenant: Tenant,
  path: Record<string, unknown>,
  from: ReadonlySet<string>,
  to: Schemas['SourceStatus'],
): Schemas['Source'] {
  const source = sourceOf(tenant, path);
  if (!from.has(source.status)) {
    throw unprocessable(
      ['path', 'source_id'],
      `${source.source_number} is ${source.status}: only ${[...from].join(' or ')} can become ${to}`,
      'value_error.source.status',
    );
  }
  const changed = { ...source, status: to };
  tenant.store.putSource(changed);
  return toSource(changed);
}

/** The next id above every id in use, or `id` when given and free. */
function chooseId(used: Iterable<number>, id: number | undefined, what: string): number {
  const taken = new Set(used);
  if (id !== undefined) {
    if (taken.has(id)) {
      throw unprocessable(['body', 'id'], `${what} ${id} already exists`, 'value_error.duplicate');
    }
    return id;
  }
  return Math.max(0, ...taken) + 1;
}

export const worldHandlers: Record<string, ControlHandler> = {
  getMerchant: ({ merchant }) => ({ client_id: merchant.clientId, verified: merchant.verified }),
  updateMerchant: ({ tenant, merchant, body }) => {
    tenant.setVerified(merchant.clientId, (body as Schemas['UpdateMerchant']).verified);
    return { client_id: merchant.clientId, verified: merchant.verified };
  },

  createSource: ({ tenant, body }) => {
    const request = body as Schemas['CreateSource'];
    const status = request.status ?? 'IDLE';
    if (!CREATABLE.has(status)) {
      throw unprocessable(
        ['body', 'status'],
        `a source is created ${[...CREATABLE].join(', ')}; ${status} comes only from a payment`,
        'value_error.source.status',
      );
    }
    const type = request.source_type;
    let id = request.source_id;
    if (id === undefined) {
      do id = tenant.store.nextId(`source:${type}`, 1001, 1);
      while (tenant.store.getSource(type, id));
    } else if (tenant.store.getSource(type, id)) {
      throw unprocessable(
        ['body', 'source_id'],
        `${type} ${id} already exists`,
        'value_error.duplicate',
      );
    }
    const source: SourceRecord = {
      source_id: id,
      source_type: type,
      source_number: `${NUMBER_PREFIX[type]}-${String(id).padStart(4, '0')}`,
      status,
      currency: request.currency,
      total_amount: checkAmount(request.total_amount),
      fee_bearer: request.fee_bearer ?? 'PAYER',
      paid_at: null,
    };
    tenant.store.putSource(source);
    return toSource(source);
  },
  publishSource: ({ tenant, path }) => changeSource(tenant, path, new Set(['IDLE']), 'ACTIVE'),
  cancelSource: ({ tenant, path }) =>
    changeSource(tenant, path, new Set(['IDLE', 'ACTIVE']), 'CANCELED'),

  setWallet: ({ tenant, path, body }) => {
    const request = body as Schemas['SetWallet'];
    const id = Number(path.wallet_id);
    const store = tenant.store;
    const existing = store.getWallet(id);
    if (!existing && request.currency === undefined) {
      throw unprocessable(['body', 'currency'], 'field required', 'value_error.missing');
    }
    if (existing && request.currency !== undefined && request.currency !== existing.currency) {
      throw unprocessable(
        ['body', 'currency'],
        `wallet ${id} holds ${existing.currency}`,
        'value_error.currency',
      );
    }
    const balance = round2(request.balance);
    store.transaction(() => {
      const wallet = existing ?? { id, currency: request.currency as string, balance: 0 };
      if (!existing) store.putWallet(wallet);
      moveBalance(store, id, {
        amount: round2(balance - wallet.balance),
        reason: 'SET_BALANCE',
        at: tenant.clock.nowMs(),
      });
    });
    const wallet = store.getWallet(id);
    return { id, currency: wallet?.currency, balance: wallet?.balance };
  },

  createPayoutAccount: ({ tenant, body }) => {
    const request = body as Schemas['CreatePayoutAccount'];
    const status = request.status ?? 'COMPLETED';
    if (status !== 'COMPLETED' && status !== 'FAILED') {
      throw unprocessable(
        ['body', 'status'],
        'payouts to an account end COMPLETED or FAILED',
        'value_error.payout_account.status',
      );
    }
    const like = FIXTURES.payoutAccounts.find((account) => account.outcome === status);
    const account = {
      id: chooseId(tenant.catalog.payoutAccounts.keys(), request.id, 'payout account'),
      network: request.network ?? (FIXTURES.payoutAccounts[0]?.network as string),
      outcome: status,
      gateway_message: request.gateway_message ?? (like?.gateway_message as string),
    };
    tenant.catalog.payoutAccounts.set(account.id, account);
    return {
      id: account.id,
      network: account.network,
      status: account.outcome,
      gateway_message: account.gateway_message,
    };
  },
  createCounterparty: ({ tenant, body }) => {
    const request = body as Schemas['CreateCounterparty'];
    const id = chooseId(tenant.catalog.counterparties, request.id, 'counterparty');
    tenant.catalog.counterparties.add(id);
    return { id };
  },

  expireSession: ({ tenant, path }) => {
    const session = sessionOf(tenant, path);
    if (session.used) {
      throw unprocessable(
        ['path', 'session_id'],
        `session ${session.id} was already executed`,
        'value_error.session',
      );
    }
    const now = tenant.clock.nowMs();
    const expired = { ...session, expires_at: Math.min(session.expires_at, now), updated_at: now };
    tenant.store.putSession(expired);
    return toSandboxSession(expired, now);
  },
};
