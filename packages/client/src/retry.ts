import { DollrAbortError } from './errors.js';
import type { RetryOptions } from './types.js';

export type RetryPolicy = Required<RetryOptions>;

export const NO_RETRY: RetryPolicy = {
  maxAttempts: 1,
  maxElapsedMs: 0,
  baseDelayMs: 0,
  maxDelayMs: 0,
};

export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  if (options === false) return NO_RETRY;
  return {
    maxAttempts: options?.maxAttempts ?? 4,
    maxElapsedMs: options?.maxElapsedMs ?? 30_000,
    baseDelayMs: options?.baseDelayMs ?? 500,
    maxDelayMs: options?.maxDelayMs ?? 8_000,
  };
}

/** Exponential backoff with full jitter: a random delay in [0, min(max, base × 2^attempt)]. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random()): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random * ceiling);
}

/** What one attempt came to: no answer at all (network failure, timeout), or an HTTP status. */
export type AttemptOutcome =
  | { kind: 'no-answer' }
  | { kind: 'answer'; status: number; retryAfterMs?: number | undefined };

export interface RetryState {
  /** A GET or the token call: sending it twice cannot move money twice. */
  replayable: boolean;
  /** Retries made so far (0 after the first attempt). */
  retries: number;
  /** Time since the first attempt. */
  elapsedMs: number;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

const GIVE_UP: RetryDecision = { retry: false };

/**
 * Whether to send a request again, and after how long. A 429 was not processed, so any request
 * may be retried, after what `Retry-After` asked (or the backoff); a 502, 503, 504 or no answer
 * only when the request is replayable. Never past `maxAttempts` or `maxElapsedMs`. `random`
 * (in [0, 1)) draws the jitter: pass a fixed one to test.
 */
export function retryDecision(
  policy: RetryPolicy,
  outcome: AttemptOutcome,
  state: RetryState,
  random = Math.random(),
): RetryDecision {
  const status = outcome.kind === 'answer' ? outcome.status : undefined;
  const transient = status === undefined || status === 502 || status === 503 || status === 504;
  if (status !== 429 && !(transient && state.replayable)) return GIVE_UP;
  const asked = outcome.kind === 'answer' && status === 429 ? outcome.retryAfterMs : undefined;
  const delayMs = asked ?? backoffDelay(policy, state.retries, random);
  const withinBudget =
    state.retries + 1 < policy.maxAttempts && state.elapsedMs + delayMs <= policy.maxElapsedMs;
  return withinBudget ? { retry: true, delayMs } : GIVE_UP;
}

/** `Retry-After` in ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits `ms`; rejects with DollrAbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(signal: AbortSignal): DollrAbortError {
  const error = new DollrAbortError('The operation was aborted');
  error.cause = signal.reason;
  return error;
}
