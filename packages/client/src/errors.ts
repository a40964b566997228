import type { ValidationIssue } from './types.js';

/**
 * What went wrong, for code that reacts to it: switch on `error.code`, never on a class name or
 * a message. `wait_timeout` is `waitForExecution` giving up (the execution goes on at Dollr);
 * `request_timeout` is one HTTP request that got no answer in time.
 */
export type DollrErrorCode =
  | 'api_error'
  | 'auth_error'
  | 'rate_limited'
  | 'request_timeout'
  | 'wait_timeout'
  | 'network_error'
  | 'aborted';

/** The base of every error the client throws. */
export abstract class DollrError extends Error {
  override name = 'DollrError';
  abstract readonly code: DollrErrorCode;
  /** Set when an execution helper raised the error: the reference id of the attempt. */
  referenceId?: string;
}

export interface ApiErrorInit {
  status: number;
  method: string;
  path: string;
  detail: string | ValidationIssue[];
  requestId?: string;
}

/** The API answered with an error status (4xx or 5xx). */
export class DollrApiError extends DollrError {
  override name = 'DollrApiError';
  readonly code: 'api_error' | 'auth_error' | 'rate_limited' = 'api_error';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** FastAPI's `detail`: a sentence, or one issue per invalid field. */
  readonly detail: string | ValidationIssue[];
  /** The `x-request-id` response header, when the server sent one. */
  readonly requestId?: string;

  constructor(init: ApiErrorInit) {
    super(`${init.status} on ${init.method} ${init.path}: ${describeDetail(init.detail)}`);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.detail = init.detail;
    if (init.requestId) this.requestId = init.requestId;
  }
}

/** 401 (bad or expired credentials) or 403 (merchant not verified, wrong environment). */
export class DollrAuthError extends DollrApiError {
  override name = 'DollrAuthError';
  override readonly code = 'auth_error';
}

/** 429 that outlasted the retry budget. */
export class DollrRateLimitError extends DollrApiError {
  override name = 'DollrRateLimitError';
  override readonly code = 'rate_limited';
  /** What the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfterMs?: number;

  constructor(init: ApiErrorInit & { retryAfterMs?: number }) {
    super(init);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** A request (or a wait) took longer than its time limit. */
export class DollrTimeoutError extends DollrError {
  override name = 'DollrTimeoutError';
  constructor(
    readonly timeoutMs: number,
    what: string,
    readonly code: 'request_timeout' | 'wait_timeout' = 'request_timeout',
  ) {
    super(`${what} timed out after ${timeoutMs} ms`);
  }
}

/** The request never got an answer: DNS, connection refused or reset, a lost response. */
export class DollrNetworkError extends DollrError {
  override name = 'DollrNetworkError';
  readonly code = 'network_error';
}

/** The caller aborted through an AbortSignal. */
export class DollrAbortError extends DollrError {
  override name = 'DollrAbortError';
  readonly code = 'aborted';
}

/** Every error the client throws, as a union that `code` discriminates. */
export type AnyDollrError =
  | (DollrApiError & { readonly code: 'api_error' })
  | DollrAuthError
  | DollrRateLimitError
  | DollrTimeoutError
  | DollrNetworkError
  | DollrAbortError;

/** True for an error the client threw; then `error.code` narrows it to its class. */
export function isDollrError(error: unknown): error is AnyDollrError {
  return error instanceof DollrError;
}

/**
 * One line per validation issue, such as `body.currency: field required` (`(request)` when the
 * issue has no location). Join them as you need: `; ` in a sentence, one per line in a list.
 */
export function formatValidationIssues(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) => `${issue.loc.join('.') || '(request)'}: ${issue.msg}`);
}

/** FastAPI's `detail` in one sentence: the text, or the issues joined by `; `. */
export function describeDetail(detail: string | readonly ValidationIssue[]): string {
  if (typeof detail === 'string') return detail;
  return formatValidationIssues(detail).join('; ') || 'invalid request';
}

/** Builds the right error class for an error response and its (parsed) body. */
export function apiError(
  response: Response,
  body: unknown,
  method: string,
  path: string,
  retryAfterMs?: number,
): DollrApiError {
  const init: ApiErrorInit = {
    status: response.status,
    method,
    path,
    detail:
      detailOf(body) ?? (response.ok ? 'empty response body' : response.statusText || 'no details'),
  };
  const requestId = response.headers.get('x-request-id');
  if (requestId) init.requestId = requestId;
  if (response.status === 401 || response.status === 403) return new DollrAuthError(init);
  if (response.status === 429) return new DollrRateLimitError({ ...init, retryAfterMs });
  return new DollrApiError(init);
}

function detailOf(body: unknown): string | ValidationIssue[] | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (!body || typeof body !== 'object' || !('detail' in body)) return undefined;
  const { detail } = body as { detail: unknown };
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail.filter(
      (i): i is ValidationIssue =>
        !!i && typeof i === 'object' && Array.isArray(i.loc) && typeof i.msg === 'string',
    );
  }
  return undefined;
}
