/**
 * The errors the demo answers with. Every one becomes `{"error": "...", "fields"?: {...}}` and an
 * HTTP status, so the page can show exactly what went wrong and where.
 */
import { DollrApiError, DollrError, describeDetail } from '@dollr/client';
import type { Attempt } from './db.js';

export class DemoError extends Error {
  override name = 'DemoError';
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 415 | 422 | 502 | 503,
    message: string,
    readonly extra: { fields?: Record<string, string>; attempt?: Attempt } = {},
  ) {
    super(message);
  }
}

/**
 * Says what a failed Dollr call means for the person at the page. The client's messages carry
 * Dollr's own `detail` (such as "payment account not found"), never a secret.
 */
export function fromDollrError(error: unknown, attempt?: Attempt): DemoError {
  const extra = attempt ? { attempt } : {};
  if (error instanceof DollrApiError) return fromApiError(error, extra);
  if (!(error instanceof DollrError)) {
    return new DemoError(502, error instanceof Error ? error.message : String(error), extra);
  }
  const timedOut = error.code === 'request_timeout' || error.code === 'wait_timeout';
  return new DemoError(
    502,
    timedOut ? error.message : `Dollr unreachable: ${error.message}`,
    extra,
  );
}

function fromApiError(error: DollrApiError, extra: { attempt?: Attempt }): DemoError {
  if (error.code === 'rate_limited') {
    return new DemoError(503, 'Dollr is rate limiting the demo server; try again shortly', extra);
  }
  const { status } = error;
  const detail = describeDetail(error.detail);
  if (status === 401) {
    return new DemoError(502, `Dollr refused the demo server's credentials: ${detail}`, extra);
  }
  if (status >= 500) return new DemoError(502, `Dollr failed: ${detail}`, extra);
  const answer = status === 403 || status === 404 || status === 409 ? status : 422;
  return new DemoError(answer, `Dollr refused: ${detail}`, extra);
}

/** True when Dollr definitely did not execute: it answered the request with a refusal. */
export function isDefiniteRefusal(error: unknown): boolean {
  return error instanceof DollrApiError && error.status >= 400 && error.status < 500;
}
