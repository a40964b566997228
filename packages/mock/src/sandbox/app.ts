/**
 * The sandbox's HTTP surface: routes, methods and validators all come from the bundled spec; each
 * operationId has one handler. Hono's app runs under @hono/node-server, or in-process through
 * `app.request()` without a socket.
 */
import type { IncomingMessage } from 'node:http';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Merchant } from './auth.js';
import { CONTROL_PREFIX, createControlApp } from './control/app.js';
import { toSourceStatus } from './control/wire.js';
import { type CorsOrigins, corsMiddleware } from './cors.js';
import { HttpError } from './errors.js';
import type { ExecutionWorld } from './executions.js';
import * as executions from './executions.js';
import type {
  DollrRequest,
  SandboxContext,
  SandboxEnv,
  SandboxExtension,
  SandboxMiddleware,
} from './pipeline.js';
import { describeJsonError } from './pydantic-messages.js';
import type { RateLimiter } from './rate-limit.js';
import { issueCollectionKey } from './realtime/keys.js';
import * as sessions from './sessions.js';
import { runSteps, type Step, watchStep } from './steps.js';
import type { Tenant, TenantRegistry } from './tenants.js';
import type {
  ClientCredentialObtainTokenPayload,
  CollectionRealtimeKeyPayload,
  ExecutionKind,
  PaymentSourceStatusResponse,
} from './types.js';
import {
  type CompiledOperation,
  jsonInvalid,
  sandboxOperations,
  validateRequest,
} from './validation.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const NO_QUERY = new URLSearchParams();

export interface AppDeps {
  tenants: TenantRegistry;
  rateLimiter?: RateLimiter;
  /** Middlewares and control operations plugged into the pipeline (see pipeline.ts). */
  extensions?: SandboxExtension[];
  log?: (line: string) => void;
  /** Which browser origins may call (default: pages on this machine). */
  cors?: CorsOrigins;
}

interface Input extends DollrRequest {
  tenant: Tenant;
  tenants: TenantRegistry;
  c: SandboxContext;
}

type Handler = (input: Input) => unknown;

/** An operation on the tenant's world, for the merchant, with the body the spec validated. */
const onWorld =
  <Body>(operation: (world: ExecutionWorld, merchant: Merchant, body: Body) => unknown): Handler =>
  ({ tenant, merchant, body }) =>
    operation(tenant.world, merchant, body as Body);

function handlers(): Record<string, Handler> {
  const status =
    (kind: ExecutionKind): Handler =>
    ({ tenant, merchant, path }) =>
      executions.executionStatus(tenant.world, merchant, kind, String(path.reference_id));
  return {
    obtainToken: ({ tenant, body }) => {
      const { client_id, client_secret } = body as ClientCredentialObtainTokenPayload;
      const merchant = tenant.authenticate(client_id, client_secret);
      if (!merchant) throw new HttpError(401, 'Invalid client credentials');
      return { access_token: tenant.tokens.issue(merchant), expires_in: tenant.tokens.ttlMinutes };
    },
    createCheckoutSession: onWorld(sessions.createCheckoutSession),
    createPayoutSession: onWorld(sessions.createPayoutSession),
    createTransferSession: onWorld(sessions.createTransferSession),
    createRefundSession: onWorld(sessions.createRefundSession),
    collect: onWorld(executions.collect),
    payout: onWorld(executions.payout),
    transfer: onWorld(executions.transfer),
    refund: onWorld(executions.refund),
    createCollectionRealtimeKey: ({ tenant, merchant, body }) =>
      issueCollectionKey(tenant, merchant, body as CollectionRealtimeKeyPayload),
    getCollectionStatus: status('collection'),
    getPayoutStatus: status('payout'),
    getTransferStatus: status('transfer'),
    getRefundStatus: status('refund'),
    getSourceStatus: ({ tenant, query }): PaymentSourceStatusResponse => {
      const source = tenant.store.getSource(String(query.source_type), Number(query.source_id));
      if (!source) throw new HttpError(404, 'Source not found');
      return toSourceStatus(source);
    },
  };
}

export function errorResponse(c: Context, error: HttpError): Response {
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
export async function readBody(c: Context): Promise<string> {
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

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const { position, error: why } = describeJsonError(text, error);
    throw new HttpError(422, [jsonInvalid(position, why)]);
  }
}

export function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

const NO_MERCHANT: Merchant = { clientId: '', verified: false };

export function unauthorized(reason: 'missing' | 'invalid'): HttpError {
  return new HttpError(
    401,
    reason === 'missing' ? 'Not authenticated' : 'Could not validate credentials',
    { 'WWW-Authenticate': 'Bearer' },
  );
}

/** Authenticate and validate a request of `op`; the validated request, or a thrown HttpError. */
async function prepare(
  c: SandboxContext,
  op: CompiledOperation,
  tenants: TenantRegistry,
): Promise<{ tenant: Tenant | undefined; request: DollrRequest }> {
  const raw = op.validateBody ? await readBody(c) : undefined;
  let tenant: Tenant | undefined;
  let merchant = NO_MERCHANT;
  if (op.secured) {
    const auth = tenants.verify(c.req.header('authorization'));
    if (!auth.ok) throw unauthorized(auth.reason);
    tenant = auth.tenant;
    merchant = auth.merchant;
  }
  const body = raw === undefined ? undefined : parseJson(raw);
  const checked = validateRequest(op, {
    body,
    path: c.req.param() as Record<string, string>,
    query: op.queryNames.length ? new URL(c.req.url).searchParams : NO_QUERY,
  });
  if (checked.issues.length) throw new HttpError(422, checked.issues);
  return {
    tenant,
    request: { merchant, body: checked.body, path: checked.path, query: checked.query },
  };
}

/** The tenant an unauthenticated operation (the token call) acts on: the one of its client_id. */
function tenantOfBody(tenants: TenantRegistry, body: unknown): Tenant | undefined {
  const clientId = (body as { client_id?: unknown } | undefined)?.client_id;
  return typeof clientId === 'string' ? tenants.forClientId(clientId) : undefined;
}

/** Build the sandbox app: every operation of the Dollr spec under `/v1`, the control API under `/_sandbox`. */
export function createApp(deps: AppDeps): Hono<SandboxEnv> {
  const operations = sandboxOperations();
  const byId = handlers();
  const missing = operations.filter((op) => !byId[op.operationId]).map((op) => op.operationId);
  const extra = Object.keys(byId).filter((id) => !operations.some((op) => op.operationId === id));
  if (missing.length || extra.length) {
    throw new Error(
      `sandbox and spec disagree: missing ${missing.join(', ')}; extra ${extra.join(', ')}`,
    );
  }
  const { tenants } = deps;
  const extensions = deps.extensions ?? [];

  const app = new Hono<SandboxEnv>();
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

  const api = new Hono<SandboxEnv>();
  const { rateLimiter } = deps;
  if (rateLimiter) {
    api.use('*', async (c, next) => {
      const wait = rateLimiter.take(clientAddress(c));
      if (wait > 0) {
        return errorResponse(
          c,
          new HttpError(429, 'Too many requests', {
            'Retry-After': String(Math.ceil(wait / 1000)),
          }),
        );
      }
      await next();
    });
  }
  const observe = extensions.flatMap((e) => (e.observe ? [e.observe] : []));
  const watchers = extensions.flatMap((e) => (e.watch ? [e.watch] : []));
  const beforeHandler: Step[] = [
    ...(watchers.length ? [watchStep(watchers)] : []),
    ...extensions.flatMap((e) => (e.beforeHandler ? [e.beforeHandler] : [])),
  ];

  /** Step 6: settle and run the handler, synchronously from check to write. */
  const finish = (c: SandboxContext, handler: Handler) => {
    const tenant = c.get('tenant');
    const request = c.get('request') as DollrRequest;
    if (!tenant) {
      // Only the token call gets here without a tenant: unknown client id.
      throw new HttpError(401, 'Invalid client credentials');
    }
    // Transitions due by now are applied first; from here to the answer nothing awaits, so no
    // other request interleaves with this one's checks and writes.
    tenant.settle();
    return c.json(handler({ ...request, tenant, tenants, c }) as object, 200);
  };

  const internalError = (error: unknown, c: Context) => {
    deps.log?.(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return c.json({ detail: 'Internal server error' }, 500);
  };
  const stepError = (error: Error, c: SandboxContext) =>
    error instanceof HttpError ? errorResponse(c, error) : internalError(error, c);

  /** One Hono handler per operation: steps 2 to 6 (see pipeline.ts). */
  const route = (op: CompiledOperation, handler: Handler): SandboxMiddleware => {
    /** Steps 3 and 4, then 5 and 6. */
    const start = async (c: SandboxContext, next?: () => Promise<void>) => {
      try {
        c.set('operation', op);
        const { tenant, request } = await prepare(c, op, tenants);
        c.set('tenant', tenant ?? tenantOfBody(tenants, request.body));
        c.set('request', request);
        if (!next) return finish(c, handler);
        await next();
        return c.res;
      } catch (error) {
        if (error instanceof HttpError) return errorResponse(c, error);
        throw error;
      }
    };
    if (observe.length === 0 && beforeHandler.length === 0) return (c) => start(c);
    const end = (c: SandboxContext) => {
      try {
        return finish(c, handler);
      } catch (error) {
        if (error instanceof HttpError) return errorResponse(c, error);
        throw error;
      }
    };
    return runSteps([...observe, (c, next) => start(c, next), ...beforeHandler, end], stepError);
  };

  const on = api.on.bind(api) as unknown as (
    method: string,
    path: string,
    ...steps: SandboxMiddleware[]
  ) => void;
  const methodsByPath = new Map<string, string[]>();
  for (const op of operations) {
    on(op.method, honoPath(op.path), route(op, byId[op.operationId] as Handler));
    methodsByPath.set(op.path, [...(methodsByPath.get(op.path) ?? []), op.method]);
  }
  allowMethods(api, methodsByPath);
  app.route('/v1', api);
  app.route(CONTROL_PREFIX, createControlApp(tenants, extensions));
  app.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  app.onError(internalError);
  return app;
}

/** 405 with `Allow` for a known path asked with another method. */
export function allowMethods(api: Hono<SandboxEnv>, methodsByPath: Map<string, string[]>): void {
  for (const [path, methods] of methodsByPath) {
    api.all(honoPath(path), (c) => {
      c.header('Allow', methods.join(', '));
      return c.json({ detail: 'Method Not Allowed' }, 405);
    });
  }
}
