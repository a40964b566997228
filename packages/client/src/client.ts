import createClient, { type Client } from 'openapi-fetch';
import { TokenCache } from './auth.js';
import { execute, getExecution } from './executions.js';
import { PlainRequest } from './request.js';
import { unwrap } from './responses.js';
import { retryPolicy } from './retry.js';
import { type SessionApi, sessionApi } from './sessions.js';
import { createTransport, TOKEN_PATH } from './transport.js';
import type {
  CollectInput,
  DollrClientOptions,
  ExecuteOptions,
  ExecutionKind,
  ExecutionResponse,
  PaymentSourceStatus,
  PayoutInput,
  paths,
  RefundInput,
  SourceType,
  TransferInput,
  WaitOptions,
} from './types.js';
import { waitForExecution } from './wait.js';

export interface DollrClient {
  /** Any operation, fully typed, with auth, timeouts and safe retries applied. */
  GET: Client<paths>['GET'];
  /** Any operation, fully typed, with auth, timeouts and safe retries applied. */
  POST: Client<paths>['POST'];
  /** The current bearer token (obtained or refreshed when needed). */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
  createSession: SessionApi;
  collect(body: CollectInput, options?: ExecuteOptions): Promise<ExecutionResponse>;
  payout(body: PayoutInput, options?: ExecuteOptions): Promise<ExecutionResponse>;
  transfer(body: TransferInput, options?: ExecuteOptions): Promise<ExecutionResponse>;
  refund(body: RefundInput, options?: ExecuteOptions): Promise<ExecutionResponse>;
  /** One status lookup; an unknown reference id is a DollrApiError with status 404. */
  getExecution(
    kind: ExecutionKind,
    referenceId: string,
    options?: { signal?: AbortSignal },
  ): Promise<ExecutionResponse>;
  getSourceStatus(
    query: { source_type: SourceType; source_id: number },
    options?: { signal?: AbortSignal },
  ): Promise<PaymentSourceStatus>;
  /** Polls until COMPLETED or FAILED. */
  waitForExecution(
    kind: ExecutionKind,
    referenceId: string,
    options?: WaitOptions,
  ): Promise<ExecutionResponse>;
}

export function createDollrClient(options: DollrClientOptions): DollrClient {
  const { clientId, clientSecret } = options;
  const retry = retryPolicy(options.retry);
  const tokens: TokenCache = new TokenCache(() =>
    unwrap(
      api.POST(TOKEN_PATH, { body: { client_id: clientId, client_secret: clientSecret } }),
      'POST',
      TOKEN_PATH,
    ),
  );
  const send = createTransport({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry,
    tokens,
    onRequest: options.onRequest,
    onResponse: options.onResponse,
  });
  const api: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl,
    // openapi-fetch builds a PlainRequest for each call and hands it to `send` as is.
    Request: PlainRequest as unknown as typeof Request,
    fetch: send as unknown as (request: Request) => Promise<Response>,
  });
  const lookUp = (kind: ExecutionKind, referenceId: string, signal?: AbortSignal) =>
    getExecution(api, kind, referenceId, signal);

  return {
    GET: api.GET,
    POST: api.POST,
    getToken: ({ forceRefresh = false } = {}) => tokens.get(forceRefresh),
    createSession: sessionApi(api),
    collect: (body, opts) => execute(api, retry, 'collection', body, opts),
    payout: (body, opts) => execute(api, retry, 'payout', body, opts),
    transfer: (body, opts) => execute(api, retry, 'transfer', body, opts),
    refund: (body, opts) => execute(api, retry, 'refund', body, opts),
    getExecution: (kind, referenceId, opts) => lookUp(kind, referenceId, opts?.signal),
    getSourceStatus: (query, opts) =>
      unwrap(
        api.GET('/status/source', { params: { query }, signal: opts?.signal }),
        'GET',
        '/status/source',
      ),
    waitForExecution: (kind, referenceId, opts) =>
      waitForExecution(lookUp, kind, referenceId, opts),
  };
}
