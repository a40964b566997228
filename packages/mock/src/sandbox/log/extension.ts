/**
 * The request log in the pipeline (a `watch` hook: it sees each authenticated, validated request
 * and then the answer the caller got, faults included) and
 * its control operations: list, clear, and stream as Server-Sent Events. Control requests are not
 * logged; Dollr requests are logged under the tenant they were made for.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../errors.js';
import { type Exchange, exchangeOf } from '../exchange.js';
import type { ControlHandler, SandboxContext, SandboxExtension } from '../pipeline.js';
import type { Tenant } from '../tenants.js';
import { type HeaderLines, RequestLog } from './request-log.js';
import { streamRequests } from './stream.js';

export function requestLog(tenant: Tenant): RequestLog {
  return tenant.state('log', () => new RequestLog());
}

/** This request's id in its tenant's log, reserved on first ask (the doctor asks first). */
export function requestIdOf(c: SandboxContext, tenant: Tenant): number {
  const exchange = exchangeOf(c);
  exchange.logId ??= requestLog(tenant).reserve();
  return exchange.logId;
}

/**
 * The request's headers: under @hono/node-server, the name/value list Node's parser already made,
 * as one string (read into an object only when the entry is read); otherwise copied from the
 * Fetch request.
 */
function requestHeaders(c: SandboxContext): HeaderLines | Record<string, string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming ? incoming.rawHeaders.join('\n') : Object.fromEntries(c.req.raw.headers);
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The answer's headers as plain data: a 200 from `c.json` has only its content type. */
function responseHeaders(c: SandboxContext, exchange: Exchange): Record<string, string> {
  if (exchange.fault === undefined && exchange.answer !== undefined && c.res.status === 200) {
    return JSON_HEADERS;
  }
  return Object.fromEntries(c.res.headers);
}

/**
 * Logs each Dollr request of a tenant. An entry keeps plain data only (the parsed bodies, the
 * headers as one string): holding on to contexts or Responses would cost every request in GC time.
 */
const watchRequest = (c: SandboxContext) => {
  const started = performance.now();
  const exchange = exchangeOf(c);
  return (c: SandboxContext) => logAnswer(c, exchange, started);
};

function logAnswer(c: SandboxContext, exchange: Exchange, started: number): void {
  const tenant = c.get('tenant');
  if (!tenant) return;
  const silent = exchange.fault !== undefined && !exchange.fault.answered;
  const url = c.req.url;
  const query = url.indexOf('?');
  requestLog(tenant).append(requestIdOf(c, tenant), {
    atMs: exchange.atMs ?? tenant.clock.nowMs(),
    method: c.req.method,
    path: query === -1 ? c.req.path : `${c.req.path}${url.slice(query)}`,
    operation: c.get('operation')?.operationId ?? null,
    status: silent ? null : c.res.status,
    durationMs: performance.now() - started,
    requestHeaders: requestHeaders(c),
    requestBody: c.get('request')?.body,
    responseHeaders: silent ? {} : responseHeaders(c, exchange),
    responseBody: undefined,
    responseJson: silent ? undefined : exchange.answerJson,
    fault: exchange.fault?.kind ?? null,
  });
}

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
  watch: watchRequest,
  control,
};
