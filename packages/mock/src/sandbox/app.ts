/**
 * The sandbox's HTTP surface: routes, methods and validators all come from the bundled spec; each
 * operationId has one handler. Hono's app runs under @hono/node-server, or in-process through
 * `app.request()` without a socket.
 */
import type { IncomingMessage } from 'node:http';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { loadSpec } from '../spec.js';
import type { Merchant, TokenIssuer } from './auth.js';
import { type CorsOrigins, corsMiddleware } from './cors.js';
import { HttpError } from './errors.js';
import type { ExecutionWorld } from './executions.js';
import * as executions from './executions.js';
import type { RateLimiter } from './rate-limit.js';
import * as sessions from './sessions.js';
import { iso } from './sessions.js';
import type {
  CheckoutExecutionPayload,
  ClientCredentialObtainTokenPayload,
  CreateCheckoutSessionPayload,
  CreatePayoutSessionPayload,
  CreateRefundSessionPayload,
  CreateTransferSessionPayload,
  PaymentSourceStatusResponse,
  PayoutExecutionPayload,
  RefundExecutionPayload,
  SourceType,
  TransferExecutionPayload,
} from './types.js';
import { type CompiledOperation, compileOperations, validateRequest } from './validation.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const NO_QUERY = new URLSearchParams();

export interface AppDeps {
  world: ExecutionWorld;
  tokens: TokenIssuer;
  rateLimiter?: RateLimiter;
  /** Applies due execution transitions; called before every request. */
  settle(): void;
  log?: (line: string) => void;
  /** Which browser origins may call (default: pages on this machine). */
  cors?: CorsOrigins;
}

interface Input {
  merchant: Merchant;
  body: unknown;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

type Handler = (input: Input) => unknown;

function handlers(deps: AppDeps): Record<string, Handler> {
  const { world, tokens } = deps;
  const status =
    (kind: 'collection' | 'payout' | 'transfer' | 'refund'): Handler =>
    ({ merchant, path }) =>
      executions.executionStatus(world, merchant, kind, String(path.reference_id));
  return {
    obtainToken: ({ body }) => {
      const { client_id, client_secret } = body as ClientCredentialObtainTokenPayload;
      const merchant = tokens.authenticate(client_id, client_secret);
      if (!merchant) throw new HttpError(401, 'Invalid client credentials');
      return { access_token: tokens.issue(merchant), expires_in: tokens.ttlMinutes };
    },
    createCheckoutSession: ({ merchant, body }) =>
      sessions.createCheckoutSession(world, merchant, body as CreateCheckoutSessionPayload),
    createPayoutSession: ({ merchant, body }) =>
      sessions.createPayoutSession(world, merchant, body as CreatePayoutSessionPayload),
    createTransferSession: ({ merchant, body }) =>
      sessions.createTransferSession(world, merchant, body as CreateTransferSessionPayload),
    createRefundSession: ({ merchant, body }) =>
      sessions.createRefundSession(world, merchant, body as CreateRefundSessionPayload),
    collect: ({ merchant, body }) =>
      executions.collect(world, merchant, body as CheckoutExecutionPayload),
    payout: ({ merchant, body }) =>
      executions.payout(world, merchant, body as PayoutExecutionPayload),
    transfer: ({ merchant, body }) =>
      executions.transfer(world, merchant, body as TransferExecutionPayload),
    refund: ({ merchant, body }) =>
      executions.refund(world, merchant, body as RefundExecutionPayload),
    getCollectionStatus: status('collection'),
    getPayoutStatus: status('payout'),
    getTransferStatus: status('transfer'),
    getRefundStatus: status('refund'),
    getSourceStatus: ({ query }): PaymentSourceStatusResponse => {
      const source = world.store.getSource(String(query.source_type), Number(query.source_id));
      if (!source) throw new HttpError(404, 'Source not found');
      return {
        source_id: source.source_id,
        source_type: source.source_type as SourceType,
        source_number: source.source_number,
        status: source.status,
        currency: source.currency,
        total_amount: source.total_amount,
        paid_at: source.paid_at === null ? null : iso(source.paid_at),
      };
    },
  };
}

function errorResponse(c: Context, error: HttpError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json({ detail: error.detail }, error.status as ContentfulStatusCode);
}

function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

const tooLarge = () => new HttpError(413, 'Request body too large (limit 1 MB)');

/**
 * The request body as text, refused beyond MAX_BODY_BYTES. Under @hono/node-server it is read from
 * the Node request directly, which spares building a full Fetch `Request` per call.
 */
async function readBody(c: Context): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) {
    const buffer = await c.req.arrayBuffer();
    if (buffer.byteLength > MAX_BODY_BYTES) throw tooLarge();
    return new TextDecoder().decode(buffer);
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Too large: answer now, and let the rest of the body drain unread (destroying the request
      // would take the socket, and the answer, with it).
      cleanup();
      incoming.resume();
      reject(tooLarge());
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    throw new HttpError(422, [
      {
        loc: ['body', position],
        msg: `JSON decode error: ${message}`,
        type: 'value_error.jsondecode',
      },
    ]);
  }
}

function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** Build the sandbox app: every operation of the spec under `/v1`. */
export function createApp(deps: AppDeps): Hono {
  const operations = compileOperations(loadSpec());
  const byId = handlers(deps);
  const missing = operations.filter((op) => !byId[op.operationId]).map((op) => op.operationId);
  const extra = Object.keys(byId).filter((id) => !operations.some((op) => op.operationId === id));
  if (missing.length || extra.length) {
    throw new Error(
      `sandbox and spec disagree: missing ${missing.join(', ')}; extra ${extra.join(', ')}`,
    );
  }

  const app = new Hono();
  app.use('*', corsMiddleware(deps.cors));
  const log = deps.log;
  if (log) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      log(
        `${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`,
      );
    });
  }

  const api = new Hono();
  const handle = (op: CompiledOperation, handler: Handler) => async (c: Context) => {
    try {
      if (deps.rateLimiter) {
        const wait = deps.rateLimiter.take(clientAddress(c));
        if (wait > 0) {
          throw new HttpError(429, 'Too many requests', {
            'Retry-After': String(Math.ceil(wait / 1000)),
          });
        }
      }
      const raw = op.validateBody ? await readBody(c) : undefined;
      let merchant: Merchant = { clientId: '', verified: false };
      if (op.secured) {
        const auth = deps.tokens.verify(c.req.header('authorization'));
        if (!auth.ok) {
          throw new HttpError(
            401,
            auth.reason === 'missing' ? 'Not authenticated' : 'Could not validate credentials',
            { 'WWW-Authenticate': 'Bearer' },
          );
        }
        merchant = auth.merchant;
      }
      const body = raw === undefined ? undefined : parseJson(raw);
      const checked = validateRequest(op, {
        body,
        path: c.req.param() as Record<string, string>,
        query: op.queryNames.length ? new URL(c.req.url).searchParams : NO_QUERY,
      });
      if (checked.issues.length) throw new HttpError(422, checked.issues);
      // Transitions due by now are applied first; from here to the answer nothing awaits, so no
      // other request interleaves with this one's checks and writes.
      deps.settle();
      const result = handler({
        merchant,
        body: checked.body,
        path: checked.path,
        query: checked.query,
      });
      return c.json(result as object, 200);
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(c, error);
      throw error;
    }
  };

  const methodsByPath = new Map<string, string[]>();
  for (const op of operations) {
    api.on(op.method, honoPath(op.path), handle(op, byId[op.operationId] as Handler));
    methodsByPath.set(op.path, [...(methodsByPath.get(op.path) ?? []), op.method]);
  }
  for (const [path, methods] of methodsByPath) {
    api.all(honoPath(path), (c) => {
      c.header('Allow', methods.join(', '));
      return c.json({ detail: 'Method Not Allowed' }, 405);
    });
  }
  app.route('/v1', api);
  app.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  app.onError((error, c) => {
    deps.log?.(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return c.json({ detail: 'Internal server error' }, 500);
  });
  return app;
}
