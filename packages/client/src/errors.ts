import type { ValidationIssue } from './types.js';

/** The base of every error the client throws. */
export class DollrError extends Error {
  override name = 'DollrError';
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
}

/** 429 that outlasted the retry budget. */
export class DollrRateLimitError extends DollrApiError {
  override name = 'DollrRateLimitError';
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
  ) {
    super(`${what} timed out after ${timeoutMs} ms`);
  }
}

/** The request never got an answer: DNS, connection refused or reset, a lost response. */
export class DollrNetworkError extends DollrError {
  override name = 'DollrNetworkError';
}

/** The caller aborted through an AbortSignal. */
export class DollrAbortError extends DollrError {
  override name = 'DollrAbortError';
}

function describeDetail(detail: string | ValidationIssue[]): string {
  if (typeof detail === 'string') return detail;
  if (detail.length === 0) return 'invalid request';
  return detail.map((i) => `${i.loc.join('.')} — ${i.msg}`).join('; ');
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
