/**
 * The extension points of the sandbox's request pipeline. A Dollr request (`/v1/…`) goes through:
 *
 *   1. rate limit (per client address, when configured)
 *   2. `observe` middlewares
 *   3. authentication (bearer token → tenant and merchant)
 *   4. body read, JSON parse, validation against the Dollr spec (422)
 *   5. `watch` hooks                   ← the request log and the doctor plug in here
 *      `beforeHandler` middlewares     ← faults plug in here
 *   6. the handler: due transitions settled, then checks and writes with no `await` in between
 *
 * An extension is a set of Hono middlewares plus the control operations it serves. Inside a
 * middleware, read what the pipeline knows from the context:
 *
 *   c.get('tenant')     the Tenant (undefined until authenticated: a 401, a 404 route). For
 *                       obtainToken it is set after validation, from the client_id, when known.
 *   c.get('operation')  the Dollr operation: `operationId`, `method`, `path` (the spec's template)
 *   c.get('request')    the validated request: merchant, body, path and query parameters
 *   c.res               after `await next()`: the answer; assign `c.res = new Response(…)` to
 *                       replace it (a fault after the effect), or return a Response without
 *                       calling `next()` to answer before the effect (the handler never runs).
 *   c.env.incoming      under @hono/node-server, the Node request (its socket, to reset it)
 *
 * Errors thrown as `HttpError` become Dollr-shaped answers at every step. Per-tenant state of an
 * extension lives in `tenant.state(key, create)`, which a tenant reset clears. An extension's
 * control operations are handlers keyed by operationId of spec/control; they get the same
 * validation as the built-in ones. Built-in extensions are listed in `extensions.ts`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Merchant } from './auth.js';
import type { Tenant, TenantRegistry } from './tenants.js';
import type { CompiledOperation } from './validation.js';

export interface DollrRequest {
  merchant: Merchant;
  body: unknown;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

export type SandboxEnv = {
  Variables: {
    tenant: Tenant | undefined;
    operation: CompiledOperation | undefined;
    request: DollrRequest | undefined;
  };
};

export type SandboxContext = Context<SandboxEnv>;
export type SandboxMiddleware = MiddlewareHandler<SandboxEnv>;

/** What a control operation's handler receives. */
export interface ControlInput {
  /** The tenant of the bearer token. */
  tenant: Tenant;
  merchant: Merchant;
  tenants: TenantRegistry;
  body: unknown;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The Hono context, for answers that are not JSON (a stream). */
  c: SandboxContext;
}

/**
 * A control operation: returns the JSON body of its success answer (the status is the one the
 * control spec declares: 200, 201 or 204), or a Response of its own. Throws HttpError for 4xx.
 */
export type ControlHandler = (input: ControlInput) => unknown;

export interface SandboxExtension {
  name: string;
  /** Around every Dollr operation's request, outermost after rate limiting (step 2). */
  observe?: SandboxMiddleware;
  /**
   * Watches a request once authenticated and validated (step 5, before the beforeHandler
   * middlewares) and returns what to call, synchronously, with its answer (`c.res`, as the
   * caller gets it, faults included), or nothing. For an extension that records but never
   * awaits or answers: unlike a middleware it costs no promise per request.
   */
  watch?: (c: SandboxContext) => ((c: SandboxContext) => void) | undefined;
  /** After authentication and validation, right before the handler (step 5). */
  beforeHandler?: SandboxMiddleware;
  /** Control operations it serves, by operationId. */
  control?: Record<string, ControlHandler>;
}
