import type { TokenCache } from './auth.js';
import { DollrAbortError, DollrNetworkError, DollrTimeoutError } from './errors.js';
import type { PlainRequest } from './request.js';
import { abortError, parseRetryAfter, type RetryPolicy, retryDecision, sleep } from './retry.js';
import type { DollrClientOptions } from './types.js';

export const TOKEN_PATH = '/jwt/client/obtain/token';

export interface TransportOptions {
  /** The client's base URL: error messages name paths relative to it, as the spec does. */
  baseUrl: string;
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
): (request: PlainRequest) => Promise<Response> {
  const { retry, tokens } = options;

  return async function send(request: PlainRequest): Promise<Response> {
    const { method, url, headers, signal } = request;
    const isTokenCall = url.endsWith(TOKEN_PATH);
    const replayable = method === 'GET' || isTokenCall;
    const started = Date.now();
    let retries = 0;
    let renewed = false;

    const state = () => ({ replayable, retries, elapsedMs: Date.now() - started });

    for (let attempt = 1; ; attempt++) {
      // The cached token without a detour through the event loop: this runs on every request.
      const token = isTokenCall ? undefined : (tokens.cached() ?? (await tokens.get()));
      if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
      options.onRequest?.({ method, url, attempt });
      const sentAt = Date.now();

      let response: Response;
      try {
        response = await fetchWithTimeout(options, request, signal);
      } catch (error) {
        if (error instanceof DollrAbortError) throw error;
        const decision = retryDecision(retry, { kind: 'no-answer' }, state());
        if (!decision.retry) throw error;
        await sleep(decision.delayMs, signal);
        retries++;
        continue;
      }
      const { status } = response;
      options.onResponse?.({ method, url, status, durationMs: Date.now() - sentAt });

      if (status === 401 && token !== undefined && !renewed) {
        // A rejected token: renew it once (shared with concurrent callers) and replay once.
        renewed = true;
        await response.body?.cancel();
        await tokens.renew(token);
        continue;
      }
      const retryAfterMs =
        status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
      const decision = retryDecision(retry, { kind: 'answer', status, retryAfterMs }, state());
      if (!decision.retry) return response;
      await response.body?.cancel();
      await sleep(decision.delayMs, signal);
      retries++;
    }
  };
}

/** One attempt, aborted after `timeoutMs` (DollrTimeoutError) or when `signal` fires. */
async function fetchWithTimeout(
  options: TransportOptions,
  { method, url, headers, init }: PlainRequest,
  signal: AbortSignal | null,
): Promise<Response> {
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Called unbound: a browser's fetch throws "Illegal invocation" when `this` is not the window.
    const send = options.fetch;
    return await send(url, { ...init, method, headers, signal: controller.signal });
  } catch (error) {
    const what = `${method} ${pathOf(url, options.baseUrl)}`;
    if (timedOut) throw new DollrTimeoutError(options.timeoutMs, what);
    if (signal?.aborted) throw abortError(signal);
    const reason = error instanceof Error ? error.message : String(error);
    throw Object.assign(new DollrNetworkError(`${what} failed: ${reason}`), { cause: error });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** `/status/source` for `https://api.heydollr.app/v1/status/source?source_id=1`. */
function pathOf(url: string, baseUrl: string): string {
  const path = url.split('?')[0] as string;
  const base = baseUrl.replace(/\/$/, '');
  return path.startsWith(base) ? path.slice(base.length) : new URL(path).pathname;
}
