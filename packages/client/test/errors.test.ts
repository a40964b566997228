import { describe, expect, it } from 'vitest';
import {
  DollrAbortError,
  DollrApiError,
  DollrAuthError,
  DollrError,
  DollrNetworkError,
  DollrRateLimitError,
  DollrTimeoutError,
  describeDetail,
  formatValidationIssues,
  isDollrError,
  isFinalStatus,
  newReferenceId,
} from '../src/index.js';
import { apiError } from '../src/responses.js';
import { parseRetryAfter } from '../src/retry.js';
import { toExpiresAt } from '../src/sessions.js';

const respond = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers });

describe('apiError', () => {
  it('joins validation issues into one sentence', () => {
    const error = apiError(
      respond(422, { 'x-request-id': 'req_42' }),
      {
        detail: [
          { loc: ['body', 'source_type'], msg: 'invalid enum', type: 'type_error.enum' },
          { loc: ['body', 'source_id'], msg: 'field required', type: 'value_error.missing' },
        ],
      },
      'POST',
      '/sessions/checkout',
    );
    expect(error).toBeInstanceOf(DollrApiError);
    expect(error).toBeInstanceOf(DollrError);
    expect(error.message).toBe(
      '422 on POST /sessions/checkout: body.source_type: invalid enum; body.source_id: field required',
    );
    expect(error.requestId).toBe('req_42');
    expect(error.name).toBe('DollrApiError');
  });

  it('picks the class by status', () => {
    expect(apiError(respond(401), { detail: 'x' }, 'GET', '/a')).toBeInstanceOf(DollrAuthError);
    expect(apiError(respond(403), { detail: 'x' }, 'GET', '/a')).toBeInstanceOf(DollrAuthError);
    const limited = apiError(respond(429, { 'retry-after': '2' }), undefined, 'GET', '/a');
    expect(limited).toBeInstanceOf(DollrRateLimitError);
    expect((limited as DollrRateLimitError).retryAfterMs).toBe(2_000);
    expect(apiError(respond(500), 'boom', 'GET', '/a').message).toBe('500 on GET /a: boom');
    expect(apiError(respond(502), undefined, 'GET', '/a').message).toBe(
      '502 on GET /a: no details',
    );
    expect(apiError(respond(404), {}, 'GET', '/a').requestId).toBeUndefined();
  });
});

describe('the error contract', () => {
  it('names every error by a code, whatever its class', () => {
    const codes = [
      apiError(respond(422), { detail: 'x' }, 'GET', '/a'),
      apiError(respond(401), { detail: 'x' }, 'GET', '/a'),
      apiError(respond(429), undefined, 'GET', '/a'),
      new DollrTimeoutError(5, 'GET /a'),
      new DollrTimeoutError(5, 'Waiting for collection x', 'wait_timeout'),
      new DollrNetworkError('GET /a failed'),
      new DollrAbortError('aborted'),
    ].map((error) => error.code);
    expect(codes).toEqual([
      'api_error',
      'auth_error',
      'rate_limited',
      'request_timeout',
      'wait_timeout',
      'network_error',
      'aborted',
    ]);
  });

  it('narrows an error to its class by its code', () => {
    const error: unknown = apiError(respond(429, { 'retry-after': '1' }), undefined, 'GET', '/a');
    expect(isDollrError(error)).toBe(true);
    expect(isDollrError(new Error('x'))).toBe(false);
    if (isDollrError(error) && error.code === 'rate_limited') {
      expect(error.retryAfterMs).toBe(1_000); // typed: only a DollrRateLimitError has it
    } else {
      expect.unreachable('a 429 is rate_limited');
    }
  });

  it('formats validation issues one per line, and a detail in one sentence', () => {
    const issues = [
      { loc: ['body', 'currency'], msg: 'field required', type: 'missing' },
      { loc: [], msg: 'invalid request body', type: 'json_invalid' },
    ];
    expect(formatValidationIssues(issues)).toEqual([
      'body.currency: field required',
      '(request): invalid request body',
    ]);
    expect(describeDetail(issues)).toBe(
      'body.currency: field required; (request): invalid request body',
    );
    expect(describeDetail([])).toBe('invalid request');
    expect(describeDetail('Not found')).toBe('Not found');
  });
});

describe('helpers', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('turns an expiry into an ISO date-time', () => {
    const date = new Date('2026-12-01T00:00:00Z');
    expect(toExpiresAt(date)).toBe('2026-12-01T00:00:00.000Z');
    expect(toExpiresAt('2026-12-01T00:00:00Z')).toBe('2026-12-01T00:00:00Z');
    const inTenMinutes = Date.parse(toExpiresAt(10 * 60_000)) - Date.now();
    expect(inTenMinutes).toBeGreaterThan(9 * 60_000);
    expect(inTenMinutes).toBeLessThanOrEqual(10 * 60_000);
    expect(() => toExpiresAt(new Date('nope'))).toThrow(RangeError);
  });

  it('knows the final statuses and mints distinct UUID v4s', () => {
    expect(
      ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'].map((s) => isFinalStatus(s as never)),
    ).toEqual([false, false, true, true]);
    const ids = new Set(Array.from({ length: 100 }, newReferenceId));
    expect(ids.size).toBe(100);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
