/**
 * Wires the demo together: Dollr (the embedded sandbox, or a server from the environment), the
 * client, the database, the payments, the routes and the HTTP server. `main.ts` calls it with the
 * environment's configuration; the tests call it with their own.
 */
import { join } from 'node:path';
import { createDollrClient, type DollrClient } from '@dollr/client';
import { startSandbox } from '@dollr/mock';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { CATALOGUE } from './catalogue.js';
import type { Config } from './config.js';
import { Db } from './db.js';
import { EventHub } from './events.js';
import { Payments } from './payments.js';
import { resolveRealtime } from './realtime.js';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

export interface DemoOptions {
  config: Config;
  /** The fetch the Dollr client uses (tests count the requests that reach Dollr with it). */
  fetch?: typeof fetch;
  /** Embedded sandbox only: a manual clock or other delays (tests). */
  sandbox?: { clock?: 'real' | 'manual'; delays?: { processingMs?: number; settleMs?: number } };
  /** Where progress lines go; default: nowhere. */
  log?: (message: string) => void;
  heartbeatMs?: number;
}

export interface Demo {
  /** The page's URL, such as http://127.0.0.1:3000/ */
  url: string;
  /** The Dollr API root the demo talks to (ends in /v1). */
  dollrUrl: string;
  /** The embedded sandbox, when the demo started one. */
  sandbox?: Sandbox;
  /** Credentials safe to show: the embedded sandbox's test credentials only. */
  testCredentials?: { clientId: string; clientSecret: string };
  app: Hono;
  db: Db;
  payments: Payments;
  events: EventHub;
  client: DollrClient;
  recovered: { resumed: number; abandoned: number };
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
  const { config } = options;
  const log = options.log ?? (() => {});
  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const db = new Db(join(config.dataDir, 'demo.sqlite'));
    cleanups.push(() => db.close());
    db.seed(CATALOGUE);

    let sandbox: Sandbox | undefined;
    let dollr: { baseUrl: string; clientId: string; clientSecret: string };
    if (config.dollr.kind === 'embedded') {
      // No credentials given: run Dollr's sandbox in this process. Its fixtures are our catalogue's
      // sources; its database sits next to ours, so a restart finds the payments it left unfinished.
      sandbox = await startSandbox({
        port: 0,
        host: '127.0.0.1',
        db: join(config.dataDir, 'sandbox.sqlite'),
        clock: options.sandbox?.clock ?? 'real',
        delays: { ...config.dollr.delays, ...options.sandbox?.delays },
        quiet: true,
      });
      const running = sandbox;
      cleanups.push(() => running.close());
      dollr = { baseUrl: sandbox.url, ...sandbox.credentials };
    } else {
      dollr = config.dollr;
    }

    const client = createDollrClient({
      ...dollr,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const events = new EventHub();
    const realtime = await resolveRealtime(
      config.realtime,
      { client, baseUrl: dollr.baseUrl, ...(sandbox ? { sandbox } : {}) },
      log,
    );
    const payments = new Payments({
      client,
      db,
      events,
      pollIntervalMs: config.pollIntervalMs,
      maxPollIntervalMs: config.maxPollIntervalMs,
      ...(realtime ? { realtime } : {}),
      log,
    });
    cleanups.push(async () => {
      events.closeAll();
      await payments.close();
    });

    if (config.dollr.kind === 'external') await alignCatalogue(client, db, log);

    // Before serving anyone: finish what a previous run left unfinished, by status only.
    const recovered = await payments.recover();
    if (recovered.resumed + recovered.abandoned > 0) {
      log(`recovered ${recovered.resumed} unfinished attempt(s), abandoned ${recovered.abandoned}`);
    }

    const app = createApp({
      db,
      payments,
      events,
      dollr: { kind: config.dollr.kind, baseUrl: dollr.baseUrl },
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    });
    const { server, port } = await listen(app, config.host, config.port);
    cleanups.push(async () => {
      events.closeAll(); // ends open event streams, so the server can close
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    });

    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host}:${port}/`,
      dollrUrl: dollr.baseUrl,
      ...(sandbox ? { sandbox, testCredentials: sandbox.credentials } : {}),
      app,
      db,
      payments,
      events,
      client,
      recovered,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function listen(app: Hono, hostname: string, port: number) {
  return new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

/**
 * Against an external sandbox, the amounts of the fixture invoices are Dollr's, not ours: ask
 * Dollr what each source is worth and show that. Best effort, a few seconds at most.
 */
async function alignCatalogue(client: DollrClient, db: Db, log: (m: string) => void) {
  const signal = AbortSignal.timeout(5_000);
  try {
    for (const item of CATALOGUE) {
      const source = await client.getSourceStatus(
        { source_type: item.source_type, source_id: item.id },
        { signal },
      );
      // A stateless mock answers its one example for every id: only trust a matching answer.
      if (source.source_id !== item.id || source.source_type !== item.source_type) continue;
      db.updateInvoiceTerms(item.id, {
        number: source.source_number,
        currency: source.currency,
        amount: source.total_amount,
      });
    }
  } catch (error) {
    log(`could not read the sources' amounts from Dollr: ${(error as Error).message}`);
  }
}
