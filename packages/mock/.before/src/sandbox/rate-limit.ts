/** A fixed-window request limit per client address. */
export interface RateLimitOptions {
  /** Requests allowed per window. */
  requests: number;
  /** Window length in milliseconds. */
  perMs: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly nowMs: () => number,
  ) {
    if (!(options.requests >= 1) || !(options.perMs > 0)) {
      throw new Error('rateLimit needs requests >= 1 and perMs > 0');
    }
  }

  /** Count one request for `key`; returns 0 if allowed, else the milliseconds until it would be. */
  take(key: string): number {
    const now = this.nowMs();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.options.perMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.prune(now);
    }
    if (window.count >= this.options.requests) return window.start + this.options.perMs - now;
    window.count += 1;
    return 0;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start >= this.options.perMs) this.windows.delete(key);
    }
  }
}
