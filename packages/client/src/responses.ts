import { apiError as buildApiError, type DollrApiError } from './errors.js';
import { parseRetryAfter } from './retry.js';

/** The error for a response that is not a success, `Retry-After` included on a 429. */
export function apiError(
  response: Response,
  body: unknown,
  method: string,
  path: string,
): DollrApiError {
  const retryAfterMs =
    response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
  return buildApiError(response, body, method, path, retryAfterMs);
}

/** The data of an openapi-fetch result, or the DollrApiError its response stands for. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  method: string,
  path: string,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok && data !== undefined) return data;
  throw apiError(response, error, method, path);
}
