/**
 * Tenants: isolated merchants inside one sandbox process. Each has its own credentials, store,
 * clock, token key, accounts and extension state (faults, doctor, request log). The default tenant
 * holds the public test credentials and the sandbox's own store (memory or SQLite); the others
 * live in memory and cost a fresh MemoryStore seeded with the fixtures.
 */
import { randomBytes } from 'node:crypto';
import { fromB64url, type Merchant, safeEqual, TokenIssuer } from './auth.js';
import { Catalog } from './catalog.js';
import { type ClockKind, createClock, type SandboxClock } from './clock.js';
import type { ExecutionWorld } from './executions.js';
import { FIXTURES, type FixtureSource } from './fixtures.js';
import { type Delays, Lifecycle } from './lifecycle.js';
import { ChangeFeed } from './realtime/feed.js';
import { MemoryStore, type Store } from './store.js';

export interface MerchantRecord extends Merchant {
  clientSecret: string;
}

/** What every tenant of a sandbox shares. */
export interface TenantDefaults {
  clock: ClockKind;
  startAt?: Date | string | number;
  delays: Delays;
  tokenTtlMinutes: number;
  /** `expires_in` of realtime keys, in seconds (default 600). */
  realtimeKeyTtlSeconds?: number;
  sessionTtlMs: number;
  /** Sources added to the fixtures of every tenant. */
  extraSources: FixtureSource[];
}

export interface TenantSpec {
  id: string;
  name: string | null;
  isDefault: boolean;
  merchants: MerchantRecord[];
  store: Store;
  clock: ClockKind;
  startAt?: Date | string | number;
}

function seed(store: Store, extraSources: FixtureSource[], atMs: number): void {
  if (!store.isFresh()) return;
  store.transaction(() => {
    for (const source of FIXTURES.sources) store.putSource({ ...source, paid_at: null });
    for (const source of extraSources) store.putSource({ ...source, paid_at: null });
    for (const wallet of FIXTURES.wallets) {
      store.putWallet({ ...wallet });
      store.appendLedger({
        wallet_id: wallet.id,
        at: atMs,
        reason: 'OPENING',
        amount: wallet.balance,
        balance: wallet.balance,
        reference_id: null,
      });
    }
    store.markInitialized();
  });
}

export class Tenant {
  readonly id: string;
  readonly name: string | null;
  readonly isDefault: boolean;
  readonly createdAt = Date.now();
  readonly clock: SandboxClock;
  readonly tokens: TokenIssuer;
  store: Store;
  catalog = new Catalog();
  /** Every status change of an execution, for realtime subscribers. */
  readonly feed = new ChangeFeed();
  lifecycle: Lifecycle;
  world: ExecutionWorld;
  private readonly merchants: Map<string, MerchantRecord>;
  private readonly initialVerified: Map<string, boolean>;
  private readonly extensionState = new Map<string, unknown>();

  constructor(
    spec: TenantSpec,
    private readonly defaults: TenantDefaults,
  ) {
    this.id = spec.id;
    this.name = spec.name;
    this.isDefault = spec.isDefault;
    this.merchants = new Map(spec.merchants.map((m) => [m.clientId, { ...m }]));
    this.initialVerified = new Map(spec.merchants.map((m) => [m.clientId, m.verified]));
    this.clock = createClock(
      spec.clock,
      () => {
        this.settle();
        this.feed.moved();
      },
      spec.startAt,
    );
    this.tokens = new TokenIssuer(this.clock.nowMs, defaults.tokenTtlMinutes);
    this.store = spec.store;
    seed(this.store, defaults.extraSources, this.clock.nowMs());
    this.lifecycle = new Lifecycle(this.store, defaults.delays, this.feed);
    this.world = this.makeWorld();
  }

  private makeWorld(): ExecutionWorld {
    return {
      store: this.store,
      nowMs: this.clock.nowMs,
      sessionTtlMs: this.defaults.sessionTtlMs,
      lifecycle: this.lifecycle,
      catalog: this.catalog,
    };
  }

  /** Apply the execution transitions due on this tenant's clock. */
  settle(): void {
    this.lifecycle.settle(this.clock.nowMs());
  }

  /** Lifetime of a realtime key, in seconds. */
  get realtimeKeyTtlSeconds(): number {
    return this.defaults.realtimeKeyTtlSeconds ?? 600;
  }

  get clientIds(): string[] {
    return [...this.merchants.keys()];
  }

  /** The merchant behind a client id, with its current verification. */
  merchant(clientId: string): Merchant | undefined {
    return this.merchants.get(clientId);
  }

  /** The merchant for these credentials, or undefined. Compares secrets in constant time. */
  authenticate(clientId: string, clientSecret: string): Merchant | undefined {
    const found = this.merchants.get(clientId);
    return found && safeEqual(found.clientSecret, clientSecret) ? found : undefined;
  }

  setVerified(clientId: string, verified: boolean): void {
    const found = this.merchants.get(clientId);
    if (found) found.verified = verified;
  }

  /**
   * Per-tenant state of an extension (fault rules, doctor findings, request log), created on
   * first use and dropped when the tenant is reset.
   */
  state<T>(key: string, create: () => T): T {
    let value = this.extensionState.get(key) as T | undefined;
    if (value === undefined) {
      value = create();
      this.extensionState.set(key, value);
    }
    return value;
  }

  /** Can this tenant be reset in place? Not when its world is a SQLite file. */
  get resettable(): boolean {
    return this.store.kind === 'memory';
  }

  /** Back to the fixtures, the clock at its start, no extension state; credentials stay. */
  reset(): void {
    if (!this.resettable) throw new Error('a tenant kept in a SQLite file cannot be reset');
    this.store.close();
    this.store = new MemoryStore();
    this.catalog = new Catalog();
    this.clock.reset();
    for (const [clientId, verified] of this.initialVerified) this.setVerified(clientId, verified);
    this.extensionState.clear();
    seed(this.store, this.defaults.extraSources, this.clock.nowMs());
    this.lifecycle = new Lifecycle(this.store, this.defaults.delays, this.feed);
    this.world = this.makeWorld();
    this.feed.moved();
  }

  close(): void {
    this.store.close();
  }
}

export type BearerResult =
  | { ok: true; tenant: Tenant; merchant: Merchant }
  | { ok: false; reason: 'missing' | 'invalid' };

/** The `sub` claim of a JWT, read without checking it (the tenant's key checks it next). */
function peekSubject(token: string): string | undefined {
  const body = token.split('.')[1];
  if (!body) return undefined;
  try {
    const claims = JSON.parse(fromB64url(body)) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

const TOKEN_CACHE_LIMIT = 10_000;

/** Every tenant of a sandbox, by id and by client id. */
export class TenantRegistry {
  private readonly byId = new Map<string, Tenant>();
  private readonly byClientId = new Map<string, Tenant>();
  /** Tokens already routed to their tenant. */
  private readonly tokenTenants = new Map<string, Tenant>();

  constructor(
    readonly defaults: TenantDefaults,
    defaultTenant: Omit<TenantSpec, 'clock' | 'startAt' | 'isDefault' | 'id' | 'name'>,
  ) {
    this.default = this.add(
      new Tenant(
        {
          ...defaultTenant,
          id: 'default',
          name: 'default',
          isDefault: true,
          clock: defaults.clock,
          startAt: defaults.startAt,
        },
        defaults,
      ),
    );
  }

  readonly default: Tenant;

  private add(tenant: Tenant): Tenant {
    this.byId.set(tenant.id, tenant);
    for (const clientId of tenant.clientIds) this.byClientId.set(clientId, tenant);
    return tenant;
  }

  /** A new tenant seeded with the fixtures; its client secret is only returned here. */
  create(options: { name?: string; clock?: ClockKind; startAt?: string } = {}): {
    tenant: Tenant;
    clientSecret: string;
  } {
    const id = `tn_${randomBytes(6).toString('hex')}`;
    const clientId = `dollr_test_${id}`;
    const clientSecret = `dollr_test_secret_${randomBytes(16).toString('hex')}`;
    const tenant = new Tenant(
      {
        id,
        name: options.name ?? null,
        isDefault: false,
        merchants: [{ clientId, clientSecret, verified: true }],
        store: new MemoryStore(),
        clock: options.clock ?? this.defaults.clock,
        startAt: options.startAt ?? this.defaults.startAt,
      },
      this.defaults,
    );
    this.add(tenant);
    return { tenant, clientSecret };
  }

  get(id: string): Tenant | undefined {
    return this.byId.get(id);
  }

  list(): Tenant[] {
    return [...this.byId.values()];
  }

  forClientId(clientId: string): Tenant | undefined {
    return this.byClientId.get(clientId);
  }

  /** Remove a tenant (not the default one); its tokens stop working. */
  delete(id: string): boolean {
    const tenant = this.byId.get(id);
    if (!tenant || tenant.isDefault) return false;
    this.byId.delete(id);
    for (const clientId of tenant.clientIds) this.byClientId.delete(clientId);
    this.tokenTenants.clear();
    tenant.close();
    return true;
  }

  /** The tenant and merchant of an `Authorization` header value. */
  verify(header: string | undefined | null): BearerResult {
    if (!header) return { ok: false, reason: 'missing' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return { ok: false, reason: 'missing' };
    const token = match[1];
    let tenant = this.tokenTenants.get(token);
    if (!tenant) {
      const subject = peekSubject(token);
      tenant = subject === undefined ? undefined : this.byClientId.get(subject);
      if (!tenant) return { ok: false, reason: 'invalid' };
    }
    const result = tenant.tokens.verify(header);
    if (!result.ok) return result;
    const merchant = tenant.merchant(result.merchant.clientId);
    if (!merchant) return { ok: false, reason: 'invalid' };
    if (!this.tokenTenants.has(token)) {
      if (this.tokenTenants.size >= TOKEN_CACHE_LIMIT) this.tokenTenants.clear();
      this.tokenTenants.set(token, tenant);
    }
    return { ok: true, tenant, merchant };
  }

  close(): void {
    for (const tenant of this.byId.values()) tenant.close();
  }
}
