import { describe, expect, it } from 'vitest';
import { type AttemptOutcome, retryDecision, retryPolicy } from '../src/retry.js';

// The retry decision on its own: no server, no clock, a fixed jitter.
const policy = retryPolicy({ maxAttempts: 4, maxElapsedMs: 10_000, baseDelayMs: 100 });
const answer = (status: number, retryAfterMs?: number): AttemptOutcome => ({
  kind: 'answer',
  status,
  retryAfterMs,
});
const first = { replayable: true, retries: 0, elapsedMs: 0 };
const decide = (outcome: AttemptOutcome, state = first) =>
  retryDecision(policy, outcome, state, 0.5);

describe('retryDecision', () => {
  it('never retries a success or a definite refusal', () => {
    for (const status of [200, 400, 401, 403, 404, 409, 422, 500, 501]) {
      expect(decide(answer(status)), String(status)).toEqual({ retry: false });
    }
  });

  it('retries 502, 503, 504 and no answer only when the request is replayable', () => {
    for (const outcome of [answer(502), answer(503), answer(504), { kind: 'no-answer' } as const]) {
      expect(decide(outcome)).toEqual({ retry: true, delayMs: 50 });
      expect(decide(outcome, { ...first, replayable: false })).toEqual({ retry: false });
    }
  });

  it('retries a 429 of any request, after what Retry-After asked', () => {
    const post = { ...first, replayable: false };
    expect(decide(answer(429, 2_000), post)).toEqual({ retry: true, delayMs: 2_000 });
    expect(decide(answer(429), post)).toEqual({ retry: true, delayMs: 50 });
  });

  it('backs off exponentially with the jitter drawn', () => {
    const delays = [0, 1, 2].map((retries) => decide(answer(503), { ...first, retries }));
    expect(delays).toEqual([
      { retry: true, delayMs: 50 },
      { retry: true, delayMs: 100 },
      { retry: true, delayMs: 200 },
    ]);
  });

  it('stops at the attempt and time budgets', () => {
    expect(decide(answer(503), { ...first, retries: 3 })).toEqual({ retry: false });
    expect(decide(answer(429, 9_000), { ...first, elapsedMs: 1_001 })).toEqual({ retry: false });
    expect(decide(answer(429, 9_000), { ...first, elapsedMs: 1_000 })).toEqual({
      retry: true,
      delayMs: 9_000,
    });
    expect(retryDecision(retryPolicy(false), answer(503), first, 0.5)).toEqual({ retry: false });
  });
});
