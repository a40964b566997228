/** Assemble a sandbox (store, clock, tokens, lifecycle, app) and serve it over HTTP. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import type { ClockKind } from './clock.js';
import type { CorsOrigins } from './cors.js';
import { builtinExtensions } from './extensions.js';
import { type FixtureSource, TEST_CREDENTIALS, UNVERIFIED_CREDENTIALS } from './fixtures.js';
import type { SandboxEnv, SandboxExtension } from './pipeline.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { SANDBOX_ANON_KEY } from './realtime/keys.js';
import { REALTIME_PATH } from './realtime/protocol.js';
import { attachRealtime } from './realtime/socket.js';
import { openStore } from './sqlite-store.js';
import type { Store } from './store.js';
import { TenantRegistry } from './tenants.js';
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
  /** `expires_in` of realtime keys (`POST /realtime-keys/collection`), in seconds (default 600). */
  realtimeKeyTtlSeconds?: number;
  /** Server expiry of checkout and payout sessions, in minutes (default 15). */
  sessionTtlMinutes?: number;
  /** Requests per window per client address; default off. */
  rateLimit?: RateLimitOptions | false;
  /** Extra sources (or replacements of fixture sources), added when the store is new. */
  seed?: { sources?: SeedSource[] };
  /** No request log on stderr. */
  quiet?: boolean;
  /** Pipeline extensions (faults, doctor, request log); default the built-in ones. */
  extensions?: SandboxExtension[];
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
  app: Hono<SandboxEnv>;
  clock: SandboxClockHandle;
  credentials: { clientId: string; clientSecret: string };
  /** The default tenant's store. */
  store: Store;
  /** Every tenant; `tenants.default` holds the test credentials. */
  tenants: TenantRegistry;
  close(): void;
}

/** Where a page subscribes for live status: a Supabase URL and anon key, as supabase-js takes them. */
export interface SandboxRealtime {
  /** The `SUPABASE_URL`: the server's root. */
  url: string;
  /** The websocket itself: `ws://…/realtime/v1/websocket`. */
  websocketUrl: string;
  /** The `SUPABASE_ANON_KEY` (public, role anon): the socket's required `apikey`. */
  anonKey: string;
  /** `expires_in` of the realtime keys, in seconds. */
  keyTtlSeconds: number;
}

export interface RunningSandbox {
  /** Base URL for a client, ending in `/v1`. */
  url: string;
  /** The server's root: the control API is at `${rootUrl}/_sandbox/…`. */
  rootUrl: string;
  /** Live status: the Supabase-Realtime-compatible websocket at `${rootUrl}/realtime/v1/websocket`. */
  realtime: SandboxRealtime;
  clock: SandboxClockHandle;
  tenants: TenantRegistry;
  credentials: { clientId: string; clientSecret: string };
  close(): Promise<void>;
}

/** A sandbox without a socket: the app, its tenants, and the default tenant's clock and store. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const store = openStore(options.db);
  try {
    const tenants = new TenantRegistry(
      {
        clock: options.clock ?? 'real',
        startAt: options.startAt,
        delays: {
          processingMs: options.delays?.processingMs ?? 1000,
          settleMs: options.delays?.settleMs ?? 3000,
        },
        tokenTtlMinutes: options.tokenTtlMinutes ?? 60,
        realtimeKeyTtlSeconds: options.realtimeKeyTtlSeconds ?? 600,
        sessionTtlMs: (options.sessionTtlMinutes ?? 15) * 60_000,
        extraSources: (options.seed?.sources ?? []).map((source) => ({
          fee_bearer: 'PAYER' as const,
          ...source,
        })),
      },
      {
        store,
        merchants: [
          { ...TEST_CREDENTIALS, verified: true },
          { ...UNVERIFIED_CREDENTIALS, verified: false },
        ],
      },
    );
    const main = tenants.default;
    const rateLimiter = options.rateLimit
      ? new RateLimiter(options.rateLimit, main.clock.nowMs)
      : undefined;
    const log = options.quiet
      ? undefined
      : (line: string) => process.stderr.write(`[sandbox] ${line}\n`);
    const app = createApp({
      tenants,
      rateLimiter,
      extensions: options.extensions ?? builtinExtensions({ log }),
      log,
      cors: options.cors,
    });
    return {
      app,
      clock: { now: main.clock.now, advance: main.clock.advance },
      credentials: { ...TEST_CREDENTIALS },
      store,
      tenants,
      close: () => tenants.close(),
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
    const realtime = attachRealtime(server as Server, sandbox.tenants);
    const rootUrl = `http://${hostForUrl(host)}:${port}`;
    let closing: Promise<void> | undefined;
    return {
      url: `${rootUrl}/v1`,
      rootUrl,
      realtime: {
        url: rootUrl,
        websocketUrl: `ws://${hostForUrl(host)}:${port}${REALTIME_PATH}`,
        anonKey: SANDBOX_ANON_KEY,
        keyTtlSeconds: sandbox.tenants.default.realtimeKeyTtlSeconds,
      },
      clock: sandbox.clock,
      tenants: sandbox.tenants,
      credentials: sandbox.credentials,
      close() {
        closing ??= new Promise<void>((resolve) => {
          realtime.close();
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
