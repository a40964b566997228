import { describe, expect, it } from 'vitest';
import { REDACTED, redactBody, redactHeaders } from '../src/sandbox/log/redact.js';
import { RequestLog, type RequestRecord } from '../src/sandbox/log/request-log.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function record(path: string, extra: Partial<RequestRecord> = {}): RequestRecord {
  return {
    atMs: T0,
    method: 'GET',
    path,
    operation: null,
    status: 200,
    durationMs: 1.234,
    requestHeaders: {},
    requestBody: undefined,
    responseHeaders: {},
    responseBody: undefined,
    fault: null,
    ...extra,
  };
}

function add(log: RequestLog, path: string, extra: Partial<RequestRecord> = {}): number {
  const id = log.reserve();
  log.append(id, record(path, extra));
  return id;
}

describe('redaction', () => {
  it('hides client secrets, tokens, the passcode code and the 3-D Secure secret', () => {
    const original = {
      client_id: 'dollr_test_client',
      client_secret: 'dollr_test_secret',
      access_token: 'eyJ.x.y',
      passcode: { token: { code: '123456', phone: '231770000000' }, device: { name: 'srv' } },
      nested: [{ client_secret: 'pi_1_secret_2', status: 'PENDING' }],
      code: 'not a passcode',
    };
    expect(redactBody(original)).toEqual({
      client_id: 'dollr_test_client',
      client_secret: REDACTED,
      access_token: REDACTED,
      passcode: { token: { code: REDACTED, phone: '231770000000' }, device: { name: 'srv' } },
      nested: [{ client_secret: REDACTED, status: 'PENDING' }],
      code: 'not a passcode',
    });
    expect(original.client_secret).toBe('dollr_test_secret'); // the original is untouched
    expect(redactBody({ client_secret: null })).toEqual({ client_secret: null });
    expect(redactBody('text')).toBe('text');
  });

  it('keeps the scheme of an Authorization header and hides its credentials', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer eyJ.secret.sig',
        'content-type': 'application/json',
        cookie: 'a=b',
      }),
    ).toEqual({
      authorization: `Bearer ${REDACTED}`,
      'content-type': 'application/json',
      cookie: REDACTED,
    });
    expect(redactHeaders(new Headers({ authorization: 'garbage' }))).toEqual({
      authorization: REDACTED,
    });
    expect(
      redactHeaders([
        ['Accept', 'a'],
        ['accept', 'b'],
      ]),
    ).toEqual({ accept: 'a, b' });
  });
});

describe('the request log', () => {
  it('lists requests oldest first, redacted, and pages with after/limit', () => {
    const log = new RequestLog(10);
    add(log, '/v1/jwt/client/obtain/token', {
      method: 'POST',
      operation: 'obtainToken',
      requestBody: { client_id: 'c', client_secret: 's' },
      responseBody: { access_token: 't', expires_in: 60 },
    });
    add(log, '/v1/status/collection/r', { requestHeaders: { authorization: 'Bearer t' } });
    const [token, poll] = log.list();
    expect(token).toMatchObject({
      id: 1,
      at: '2026-01-01T00:00:00.000Z',
      duration_ms: 1.2,
      request: { body: { client_id: 'c', client_secret: REDACTED } },
      response: { body: { access_token: REDACTED, expires_in: 60 } },
      fault: null,
    });
    expect(poll?.request.headers).toEqual({ authorization: `Bearer ${REDACTED}` });
    add(log, '/v1/raw', { requestHeaders: { raw: ['Authorization', 'Bearer t', 'X-A', '1'] } });
    expect(log.list({ after: 2 })[0]?.request.headers).toEqual({
      authorization: `Bearer ${REDACTED}`,
      'x-a': '1',
    });
    expect(poll?.request.body).toBeNull();
    expect(log.list({ after: 1 }).map((e) => e.id)).toEqual([2, 3]);
    expect(log.list({ limit: 1 }).map((e) => e.id)).toEqual([1]);
  });

  it('keeps only the last `capacity` requests', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 7; i++) add(log, `/v1/x/${i}`);
    expect(log.list().map((e) => e.id)).toEqual([5, 6, 7]);
    expect(log.list({ after: 5 }).map((e) => e.id)).toEqual([6, 7]);
  });

  it('numbers requests on arrival and lists them once answered', () => {
    const log = new RequestLog(5);
    const slow = log.reserve();
    add(log, '/v1/fast');
    expect(log.list().map((e) => e.path)).toEqual(['/v1/fast']);
    log.append(slow, record('/v1/slow'));
    expect(log.list().map((e) => [e.id, e.path])).toEqual([
      [1, '/v1/slow'],
      [2, '/v1/fast'],
    ]);
  });

  it('drops an answer that arrives after its slot was reused or the log was cleared', () => {
    const log = new RequestLog(2);
    const held = log.reserve();
    add(log, '/v1/a');
    add(log, '/v1/b');
    log.append(held, record('/v1/late'));
    expect(log.list().map((e) => e.path)).toEqual(['/v1/a', '/v1/b']);
    log.clear();
    expect(log.list()).toEqual([]);
    expect(add(log, '/v1/c')).toBe(4); // ids keep growing
  });

  it('streams each answered request to subscribers until they stop', () => {
    const log = new RequestLog(5);
    const seen: string[] = [];
    const stop = log.subscribe((entry) => seen.push(`${entry.id} ${entry.path}`));
    expect(log.subscribers).toBe(1);
    add(log, '/v1/a', { requestBody: { client_secret: 'x' } });
    stop();
    add(log, '/v1/b');
    expect(seen).toEqual(['1 /v1/a']);
    expect(log.subscribers).toBe(0);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RequestLog(0)).toThrow(/positive integer/);
  });
});
