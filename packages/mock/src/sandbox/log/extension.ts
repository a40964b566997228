/**
 * The request log in the pipeline (the `observe` slot, around everything but rate limiting) and
 * its control operations: list, clear, and stream as Server-Sent Events. Control requests are not
 * logged; Dollr requests are logged under the tenant they were made for.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../errors.js';
import { appliedFault } from '../faults/extension.js';
import type { ControlHandler, SandboxContext, SandboxExtension } from '../pipeline.js';
import type { Tenant } from '../tenants.js';
import { answeredJson, captureJsonAnswers } from './capture.js';
import { RequestLog } from './request-log.js';
import { streamRequests } from './stream.js';

export function requestLog(tenant: Tenant): RequestLog {
  return tenant.state('log', () => new RequestLog());
}

/** Log ids reserved by the doctor before the operation ran, by request. */
const reserved = new WeakMap<object, number>();

/** This request's id in its tenant's log, reserved on first ask. */
export function requestIdOf(c: SandboxContext, tenant: Tenant): number {
  let id = reserved.get(c);
  if (id === undefined) {
    id = requestLog(tenant).reserve();
    reserved.set(c, id);
  }
  return id;
}

/** The request's headers: Node's own object under @hono/node-server (no Fetch Headers built). */
function requestHeaders(c: SandboxContext) {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming ? incoming.headers : () => c.req.raw.headers;
}

const logMiddleware = async (c: SandboxContext, next: () => Promise<void>) => {
  const started = performance.now();
  captureJsonAnswers(c);
  await next();
  const tenant = c.get('tenant');
  if (!tenant) return;
  const fault = appliedFault(c);
  const response = c.res;
  const url = c.req.url;
  const query = url.indexOf('?');
  requestLog(tenant).append(requestIdOf(c, tenant), {
    atMs: tenant.clock.nowMs(),
    method: c.req.method,
    path: query === -1 ? c.req.path : `${c.req.path}${url.slice(query)}`,
    operation: c.get('operation')?.operationId ?? null,
    status: fault && !fault.answered ? null : c.res.status,
    durationMs: performance.now() - started,
    requestHeaders: requestHeaders(c),
    requestBody: c.get('request')?.body,
    responseHeaders: () => response.headers,
    responseBody: fault && !fault.answered ? undefined : answeredJson(c),
    fault: fault?.kind ?? null,
  });
};

function after(query: Record<string, unknown>, c: SandboxContext): number {
  const header = c.req.header('last-event-id');
  if (query.after !== undefined) return Number(query.after);
  if (header === undefined) return 0;
  if (!/^\d{1,15}$/.test(header.trim())) {
    throw new HttpError(422, [
      {
        loc: ['header', 'last-event-id'],
        msg: 'value is not a valid integer',
        type: 'type_error.integer',
      },
    ]);
  }
  return Number(header.trim());
}

const control: Record<string, ControlHandler> = {
  listRequests: ({ tenant, query }) => ({
    requests: requestLog(tenant).list({
      after: query.after === undefined ? 0 : Number(query.after),
      limit: query.limit === undefined ? 100 : Number(query.limit),
    }),
  }),
  clearRequests: ({ tenant }) => {
    requestLog(tenant).clear();
  },
  streamRequests: ({ tenant, query, c }) => streamRequests(c, requestLog(tenant), after(query, c)),
};

export const requestLogExtension: SandboxExtension = {
  name: 'log',
  observe: logMiddleware,
  control,
};
