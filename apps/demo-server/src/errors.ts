/**
 * The errors the demo answers with. Every one becomes `{"error": "...", "fields"?: {...}}` and an
 * HTTP status, so the page can show exactly what went wrong and where.
 */
import { DollrApiError, DollrError, DollrTimeoutError } from '@dollr/client';
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
  if (error instanceof DollrApiError) {
    const detail = typeof error.detail === 'string' ? error.detail : describeIssues(error.detail);
    if (error.status === 401) {
      return new DemoError(502, `Dollr refused the demo server's credentials: ${detail}`, extra);
    }
    if (error.status === 429) {
      return new DemoError(503, 'Dollr is rate limiting the demo server; try again shortly', extra);
    }
    if (error.status >= 500) return new DemoError(502, `Dollr failed: ${detail}`, extra);
    const status =
      error.status === 403 || error.status === 404 || error.status === 409 ? error.status : 422;
    return new DemoError(status, `Dollr refused: ${detail}`, extra);
  }
  if (error instanceof DollrTimeoutError) return new DemoError(502, error.message, extra);
  if (error instanceof DollrError)
    return new DemoError(502, `Dollr unreachable: ${error.message}`, extra);
  return new DemoError(502, error instanceof Error ? error.message : String(error), extra);
}

function describeIssues(issues: { loc: (string | number)[]; msg: string }[]): string {
  return issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; ') || 'invalid request';
}

/** True when Dollr definitely did not execute: it answered the request with a refusal. */
export function isDefiniteRefusal(error: unknown): boolean {
  return error instanceof DollrApiError && error.status >= 400 && error.status < 500;
}
