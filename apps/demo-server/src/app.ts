/**
 * The demo's HTTP app, composed of three routers as Hono's examples do: the pages (routes/pages),
 * the JSON API the pages call (routes/api), and the live updates (routes/events). The money moves
 * in payments.ts; the routes only read input, call it and answer.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Db } from './db.js';
import { DemoError } from './errors.js';
import type { EventHub } from './events.js';
import type { Payments } from './payments.js';
import { apiRouter } from './routes/api.js';
import { eventsRouter } from './routes/events.js';
import { pagesRouter } from './routes/pages.js';
import { attemptView } from './views.js';

export { attemptView };

export interface AppOptions {
  db: Db;
  payments: Payments;
  events: EventHub;
  /** What the pages say about where Dollr is. */
  dollr: { kind: 'embedded' | 'external'; baseUrl: string };
  /** Keep-alive comments on idle event streams. */
  heartbeatMs?: number;
}

/** public/ sits next to src/ and dist/: found from this file, built (dist/main.js) or not. */
const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');

export function createApp({ db, payments, events, dollr, heartbeatMs = 15_000 }: AppOptions): Hono {
  return new Hono()
    .onError((error, c) => {
      if (!(error instanceof DemoError)) {
        console.error(error);
        return c.json({ error: 'Something went wrong on the demo server' }, 500);
      }
      const { fields, attempt } = error.extra;
      return c.json(
        {
          error: error.message,
          ...(fields ? { fields } : {}),
          ...(attempt ? { attempt: attemptView(attempt) } : {}),
        },
        error.status,
      );
    })
    .notFound((c) => c.json({ error: `Nothing at ${c.req.method} ${c.req.path}` }, 404))
    .route('/', pagesRouter(PUBLIC_DIR))
    .route('/api', apiRouter({ db, payments, dollr }))
    .route('/api', eventsRouter({ db, events, payments, heartbeatMs }));
}
