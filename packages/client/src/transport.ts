import type { TokenCache } from './auth.js';
import { DollrAbortError, DollrNetworkError, DollrTimeoutError } from './errors.js';
import { abortError, backoffDelay, parseRetryAfter, type RetryPolicy, sleep } from './retry.js';
import type { DollrClientOptions } from './types.js';

export const TOKEN_PATH = '/jwt/client/obtain/token';

export interface TransportOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  tokens: TokenCache;
  onRequest?: DollrClientOptions['onRequest'];
  onResponse?: DollrClientOptions['onResponse'];
}

/**
 * The fetch that openapi-fetch calls: adds the bearer token, enforces the per-request timeout,
 * refreshes the token once on a 401 and replays, waits out 429s, and retries 502/503/504 and
 * network failures only where that is safe (GETs and the token call).
 */
export function createTransport(
  options: TransportOptions,
): (request: Request) => Promise<Response> {
  const { retry, tokens } = options;

  return async function send(request: Request): Promise<Response> {
    const { method, url, signal } = request;
    const isTokenCall = url.endsWith(TOKEN_PATH);
    const replayable = method === 'GET' || isTokenCall;
    const body = request.body === null ? undefined : await request.text();
    const started = Date.now();
    let retries = 0;
    let renewed = false;

    const mayRetry = (waitMs: number) =>
      retries + 1 < retry.maxAttempts && Date.now() - started + waitMs <= retry.maxElapsedMs;

    for (let attempt = 1; ; attempt++) {
      const headers = new Headers(request.headers);
      const token = isTokenCall ? undefined : await tokens.get();
      if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
      options.onRequest?.({ method, url, attempt });
      const sentAt = Date.now();

      let response: Response;
      try {
        response = await fetchWithTimeout(options, url, { method, headers, body }, signal);
      } catch (error) {
        const wait = backoffDelay(retry, retries);
        if (error instanceof DollrAbortError || !replayable || !mayRetry(wait)) throw error;
        await sleep(wait, signal);
        retries++;
        continue;
      }
      options.onResponse?.({
        method,
        url,
        status: response.status,
        durationMs: Date.now() - sentAt,
      });

      const { status } = response;
      if (status === 401 && token !== undefined && !renewed) {
        // A rejected token: renew it once (shared with concurrent callers) and replay once.
        renewed = true;
        await response.body?.cancel();
        await tokens.renew(token);
        continue;
      }
      const transient = status === 502 || status === 503 || status === 504;
      if (status === 429 || (transient && replayable)) {
        // A 429 was not processed, so any request may be retried; a 5xx only when replayable.
        const asked =
          status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
        const wait = asked ?? backoffDelay(retry, retries);
        if (!mayRetry(wait)) return response;
        await response.body?.cancel();
        await sleep(wait, signal);
        retries++;
        continue;
      }
      return response;
    }
  };
}

async function fetchWithTimeout(
  options: TransportOptions,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
): Promise<Response> {
  if (signal.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await options.fetch(url, { ...init, signal: controller.signal });
  } catch (error) {
    if (timedOut) {
      throw new DollrTimeoutError(options.timeoutMs, `${init.method} ${new URL(url).pathname}`);
    }
    if (signal.aborted) throw abortError(signal);
    const failure = new DollrNetworkError(
      `${init.method} ${new URL(url).pathname} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    failure.cause = error;
    throw failure;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
