import type { ObtainTokenResponse } from './types.js';

/** Refresh once fewer than this many ms of the token's life remain. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Holds the bearer token of one client: obtained on first use, cached, refreshed when fewer than
 * five minutes remain, and never fetched twice at once, however many callers need it.
 */
export class TokenCache {
  #token: string | undefined;
  #expiresAt = 0;
  #inflight: Promise<string> | undefined;

  constructor(private readonly obtain: () => Promise<ObtainTokenResponse>) {}

  /** A valid token, from the cache when it has more than five minutes left. */
  get(forceRefresh = false): Promise<string> {
    const cached = forceRefresh ? undefined : this.cached();
    return cached !== undefined ? Promise.resolve(cached) : this.#refresh();
  }

  /** The cached token while it has more than five minutes left; undefined when one must be obtained. */
  cached(): string | undefined {
    return Date.now() < this.#expiresAt - REFRESH_MARGIN_MS ? this.#token : undefined;
  }

  /** After a 401 sent with `rejected`: a fresh token, shared with everyone who saw the same 401. */
  renew(rejected: string): Promise<string> {
    if (this.#token !== undefined && this.#token !== rejected) return Promise.resolve(this.#token);
    this.#token = undefined;
    return this.#refresh();
  }

  #refresh(): Promise<string> {
    this.#inflight ??= this.obtain()
      .then(({ access_token, expires_in }) => {
        this.#token = access_token;
        this.#expiresAt = Date.now() + expires_in * 60_000; // expires_in is in minutes
        return access_token;
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    return this.#inflight;
  }
}
