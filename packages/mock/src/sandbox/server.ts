/** Assemble a sandbox (store, clock, tokens, lifecycle, app) and serve it over HTTP. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { TokenIssuer } from './auth.js';
import { type ClockKind, createClock } from './clock.js';
import type { CorsOrigins } from './cors.js';
import { FIXTURES, type FixtureSource, TEST_CREDENTIALS } from './fixtures.js';
import { Lifecycle } from './lifecycle.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { openStore } from './sqlite-store.js';
import type { Store } from './store.js';
import type { FeeBearer } from './types.js';

/** A source to add to the fixtures; the fee bearer defaults to the payer. */
export type SeedSource = Omit<FixtureSource, 'fee_bearer'> & { fee_bearer?: FeeBearer };

export interface SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Host to listen on, default 127.0.0.1. */
  host?: string;
  /** SQLite file to keep the sandbox's state in; default in memory. */
  db?: string;
  /** `real` (default): executions move with wall time. `manual`: only `clock.advance()` moves time. */
  clock?: ClockKind;
  /** Where the clock starts (default: now). Lets the spec's dated examples run as written. */
  startAt?: Date | string | number;
  delays?: { processingMs?: number; settleMs?: number };
  /** `expires_in` of tokens, in minutes (default 60). */
  tokenTtlMinutes?: number;
  /** Server expiry of checkout and payout sessions, in minutes (default 15). */
  sessionTtlMinutes?: number;
  /** Requests per window per client address; default off. */
  rateLimit?: RateLimitOptions | false;
  /** Extra sources (or replacements of fixture sources), added when the store is new. */
  seed?: { sources?: SeedSource[] };
  /** No request log on stderr. */
  quiet?: boolean;
  /** Browser origins allowed by CORS: `'local'` (default: localhost, 127.0.0.1, [::1]), `'*'`,
   * a list of origins, a predicate, or `false`. */
  cors?: CorsOrigins;
}

export interface SandboxClockHandle {
  now(): Date;
  advance(ms: number): Promise<void>;
}

export interface Sandbox {
  /** The Hono app; `app.request('/v1/...')` serves a request without a socket. */
  app: Hono;
  clock: SandboxClockHandle;
  credentials: { clientId: string; clientSecret: string };
  store: Store;
  close(): void;
}

export interface RunningSandbox {
  /** Base URL for a client, ending in `/v1`. */
  url: string;
  clock: SandboxClockHandle;
  credentials: { clientId: string; clientSecret: string };
  close(): Promise<void>;
}

function seedStore(store: Store, options: SandboxOptions): void {
  if (!store.isFresh()) return;
  store.transaction(() => {
    for (const source of FIXTURES.sources) store.putSource({ ...source, paid_at: null });
    for (const source of options.seed?.sources ?? []) {
      store.putSource({ fee_bearer: 'PAYER', ...source, paid_at: null });
    }
    for (const wallet of FIXTURES.wallets) store.putWallet({ ...wallet });
    store.markInitialized();
  });
}

/** A sandbox without a socket: the app, its clock and its store. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const store = openStore(options.db);
  try {
    seedStore(store, options);
    const delays = {
      processingMs: options.delays?.processingMs ?? 1000,
      settleMs: options.delays?.settleMs ?? 3000,
    };
    const lifecycle = new Lifecycle(store, delays);
    const clock = createClock(
      options.clock ?? 'real',
      () => lifecycle.settle(clock.nowMs()),
      options.startAt,
    );
    const tokens = new TokenIssuer(clock.nowMs, options.tokenTtlMinutes ?? 60);
    const rateLimiter = options.rateLimit
      ? new RateLimiter(options.rateLimit, clock.nowMs)
      : undefined;
    const log = options.quiet
      ? undefined
      : (line: string) => process.stderr.write(`[sandbox] ${line}\n`);
    const app = createApp({
      world: {
        store,
        nowMs: clock.nowMs,
        sessionTtlMs: (options.sessionTtlMinutes ?? 15) * 60_000,
        lifecycle,
      },
      tokens,
      rateLimiter,
      settle: () => lifecycle.settle(clock.nowMs()),
      log,
      cors: options.cors,
    });
    return {
      app,
      clock: { now: clock.now, advance: clock.advance },
      credentials: { ...TEST_CREDENTIALS },
      store,
      close: () => store.close(),
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Start the stateful sandbox on a port; `url` ends in `/v1`. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = createSandbox(options);
  const host = options.host ?? '127.0.0.1';
  try {
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
      (resolve, reject) => {
        const server = serve(
          { fetch: sandbox.app.fetch, port: options.port ?? 0, hostname: host },
          (info: AddressInfo) => resolve({ server, port: info.port }),
        );
        server.once('error', reject);
      },
    );
    let closing: Promise<void> | undefined;
    return {
      url: `http://${hostForUrl(host)}:${port}/v1`,
      clock: sandbox.clock,
      credentials: sandbox.credentials,
      close() {
        closing ??= new Promise<void>((resolve) => {
          server.close(() => {
            sandbox.close();
            resolve();
          });
          // Keep-alive connections would hold close() open.
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        return closing;
      },
    };
  } catch (error) {
    sandbox.close();
    throw error;
  }
}
