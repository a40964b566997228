/**
 * The control API (spec/control) under `/_sandbox`: routes and validators compiled from the
 * control spec with the same validation module as the Dollr routes, authorised by a tenant's
 * bearer token. Each operation's handler acts on that tenant.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { allowMethods, errorResponse, honoPath, parseJson, readBody } from '../app.js';
import { HttpError } from '../errors.js';
import type { ControlHandler, SandboxContext, SandboxEnv, SandboxExtension } from '../pipeline.js';
import type { TenantRegistry } from '../tenants.js';
import { type CompiledOperation, compileOperations, validateRequest } from '../validation.js';
import { CONTROL_HANDLERS } from './handlers.js';
import { loadControlSpec, successStatus } from './spec.js';

/** Where the control API lives: every path of spec/control starts with it. */
export const CONTROL_PREFIX = '/_sandbox';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

let compiled: Map<string, CompiledOperation> | undefined;

/**
 * The control operations' validators, compiled on the first control request of the process and
 * shared by every sandbox in it: a sandbox that is never steered never pays for them.
 */
function compiledOperation(operationId: string): CompiledOperation {
  compiled ??= new Map(compileOperations(loadControlSpec()).map((op) => [op.operationId, op]));
  return compiled.get(operationId) as CompiledOperation;
}

/** Every operation of the control spec: method, path and operationId. */
function controlOperations(doc: ReturnType<typeof loadControlSpec>) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method: method.toUpperCase(),
      path,
      operationId: (item[method] as { operationId: string }).operationId,
    })),
  );
}

export function createControlApp(
  tenants: TenantRegistry,
  extensions: SandboxExtension[],
): Hono<SandboxEnv> {
  const doc = loadControlSpec();
  const handlers: Record<string, ControlHandler> = { ...CONTROL_HANDLERS };
  for (const extension of extensions) Object.assign(handlers, extension.control);
  const control = new Hono<SandboxEnv>();
  const methodsByPath = new Map<string, string[]>();
  for (const { method, path: specPath, operationId } of controlOperations(doc)) {
    const handler = handlers[operationId];
    // Operations whose extension is not part of this build are not routed (404).
    if (!handler) continue;
    const status = successStatus(doc, specPath, method);
    const path = specPath.slice(CONTROL_PREFIX.length);
    control.on(method, honoPath(path), async (c: SandboxContext) => {
      try {
        const op = compiledOperation(operationId);
        const raw = op.validateBody ? await readBody(c) : undefined;
        const auth = tenants.verify(c.req.header('authorization'));
        if (!auth.ok) {
          throw new HttpError(
            401,
            auth.reason === 'missing' ? 'Not authenticated' : 'Could not validate credentials',
            { 'WWW-Authenticate': 'Bearer' },
          );
        }
        const checked = validateRequest(op, {
          body: raw === undefined ? undefined : parseJson(raw),
          path: c.req.param() as Record<string, string>,
          query: new URL(c.req.url).searchParams,
        });
        if (checked.issues.length) throw new HttpError(422, checked.issues);
        const { tenant, merchant } = auth;
        tenant.settle();
        const result = await handler({
          tenant,
          merchant,
          tenants,
          body: checked.body,
          path: checked.path,
          query: checked.query,
          c,
        });
        if (result instanceof Response) return result;
        if (status === 204) return c.body(null, 204);
        return c.json(result as object, status as ContentfulStatusCode);
      } catch (error) {
        if (error instanceof HttpError) return errorResponse(c, error);
        throw error;
      }
    });
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), method]);
  }
  allowMethods(control, methodsByPath);
  return control;
}
