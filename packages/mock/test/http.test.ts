/**
 * HTTP edges of the sandbox, served in-process with `app.request()` (no socket): routing, methods,
 * body limits, malformed input, auth on every protected operation, validation messages, rate limits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../src/index.js';
import { loadSpec } from '../src/spec.js';
import { type CallOptions, CREDENTIALS, ref, requestInit } from './support.js';

const opened: Sandbox[] = [];
afterEach(() => {
  for (const sandbox of opened.splice(0)) sandbox.close();
});

function sandbox(options: Parameters<typeof createSandbox>[0] = {}) {
  const created = createSandbox({ clock: 'manual', quiet: true, ...options });
  opened.push(created);
  return created;
}

async function request(sb: Sandbox, method: string, path: string, init: CallOptions = {}) {
  const res = await sb.app.request(path, requestInit(method, init));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

async function tokenFor(sb: Sandbox) {
  const res = await request(sb, 'POST', '/v1/jwt/client/obtain/token', {
    body: { client_id: CREDENTIALS.clientId, client_secret: CREDENTIALS.clientSecret },
  });
  return res.body.access_token as string;
}

/** Every protected operation of the spec, with a concrete URL. */
function protectedOperations() {
  const doc = loadSpec();
  const ops: Array<{ method: string; url: string; operationId: string }> = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const operation = op as { operationId: string; security?: unknown[] };
      if (operation.security && operation.security.length === 0) continue;
      const url = `/v1${path.replace('{reference_id}', ref())}${path === '/status/source' ? '?source_type=INVOICE&source_id=101' : ''}`;
      ops.push({ method: method.toUpperCase(), url, operationId: operation.operationId });
    }
  }
  return ops;
}

describe('routing', () => {
  it('unknown routes are a JSON 404, also outside /v1', async () => {
    const sb = sandbox();
    for (const path of ['/v1/nope', '/sessions/checkout', '/', '/v1/status/collection']) {
      const res = await request(sb, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Not Found' });
    }
  });

  it('a known path with the wrong method is a JSON 405 with Allow', async () => {
    const sb = sandbox();
    const res = await request(sb, 'DELETE', '/v1/sessions/checkout');
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ detail: 'Method Not Allowed' });
    expect(res.headers.get('allow')).toBe('POST');
    const get = await request(sb, 'POST', `/v1/status/collection/${ref()}`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('GET');
  });
});

describe('bodies', () => {
  it('a body over 1 MB is a 413', async () => {
    const sb = sandbox();
    const token = await tokenFor(sb);
    const big = JSON.stringify({
      source_id: 101,
      source_type: 'INVOICE',
      pad: 'x'.repeat(1024 * 1024),
    });
    const res = await request(sb, 'POST', '/v1/sessions/checkout', { token, body: big });
    expect(res.status).toBe(413);
    expect(res.body.detail).toMatch(/too large/);
  });

  it('malformed JSON is a 422 at the position of the error', async () => {
    const sb = sandbox();
    const token = await tokenFor(sb);
    const res = await request(sb, 'POST', '/v1/sessions/checkout', {
      token,
      body: '{"source_id": 1,',
    });
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({
      type: 'json_invalid',
      loc: ['body', expect.any(Number)],
      msg: 'JSON decode error',
    });
  });

  it('a missing body is a 422 Field required at ["body"]', async () => {
    const sb = sandbox();
    const token = await tokenFor(sb);
    const res = await request(sb, 'POST', '/v1/executions/collection', { token });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }],
    });
  });
});

describe('validation messages follow FastAPI', () => {
  it('the docs example: a missing currency', async () => {
    const sb = sandbox();
    const token = await tokenFor(sb);
    const res = await request(sb, 'POST', '/v1/sessions/payout', {
      token,
      body: { payout_account_id: 7, amount: 5 },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      detail: [
        {
          type: 'missing',
          loc: ['body', 'currency'],
          msg: 'Field required',
          input: { payout_account_id: 7, amount: 5 },
        },
      ],
    });
  });

  it('invalid uuid, less than minimum, invalid enum, nested fields, query parameters', async () => {
    const sb = sandbox();
    const token = await tokenFor(sb);
    const collection = await request(sb, 'POST', '/v1/executions/collection', {
      token,
      body: { session_id: '1', payment_account_id: '18', currency: 'USD', reference_id: 'abc' },
    });
    expect(collection.body.detail).toEqual([
      {
        type: 'uuid_parsing',
        loc: ['body', 'reference_id'],
        msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3',
        input: 'abc',
        ctx: { error: 'invalid length: expected length 32 for simple format, found 3' },
      },
    ]);
    const payout = await request(sb, 'POST', '/v1/sessions/payout', {
      token,
      body: { payout_account_id: 7, amount: 0, currency: 'USD' },
    });
    expect(payout.body.detail).toEqual([
      {
        type: 'greater_than_equal',
        loc: ['body', 'amount', 'constrained-float'],
        msg: 'Input should be greater than or equal to 0.01',
        input: 0,
        ctx: { ge: 0.01 },
      },
      {
        type: 'greater_than_equal',
        loc: ['body', 'amount', 'constrained-int'],
        msg: 'Input should be greater than or equal to 1',
        input: 0,
        ctx: { ge: 1 },
      },
    ]);
    const checkout = await request(sb, 'POST', '/v1/sessions/checkout', {
      token,
      body: { source_id: 101, source_type: 'RECEIPT' },
    });
    expect(checkout.body.detail).toEqual([
      {
        type: 'enum',
        loc: ['body', 'source_type'],
        msg: "Input should be 'INVOICE' or 'ORDER'",
        input: 'RECEIPT',
        ctx: { expected: "'INVOICE' or 'ORDER'" },
      },
    ]);
    const nested = await request(sb, 'POST', '/v1/executions/payout', {
      token,
      body: {
        session_id: '6021',
        payout_account_id: '7',
        reference_id: ref(),
        passcode: {
          token: {},
          device: { name: 'x', type: 'SERVER', platform: 'NODE', user_agent: 'x' },
        },
      },
    });
    expect(nested.body.detail).toEqual(
      expect.arrayContaining([
        {
          type: 'missing',
          loc: ['body', 'passcode', 'token', 'code'],
          msg: 'Field required',
          input: {},
        },
        {
          type: 'missing',
          loc: ['body', 'passcode', 'device', 'client_ip'],
          msg: 'Field required',
          input: { name: 'x', type: 'SERVER', platform: 'NODE', user_agent: 'x' },
        },
      ]),
    );
    const query = await request(sb, 'GET', '/v1/status/source?source_id=abc', { token });
    expect(query.body.detail).toEqual([
      { type: 'missing', loc: ['query', 'source_type'], msg: 'Field required', input: null },
      {
        type: 'int_parsing',
        loc: ['query', 'source_id'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'abc',
      },
    ]);
  });
});

const bodyFor = (method: string) => (method === 'GET' ? undefined : {});

describe('auth on every protected operation', () => {
  const operations = protectedOperations();

  it('covers the 14 protected operations of the spec', () => {
    expect(operations).toHaveLength(14);
  });

  it('no token → 401 Not authenticated; tampered, foreign or expired token → 401 Could not validate credentials', async () => {
    const sb = sandbox({ tokenTtlMinutes: 5 });
    const other = sandbox();
    const token = await tokenFor(sb);
    const [head, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString(
      'base64url',
    );
    const tampered = [
      `${head}.${elevated}.${signature}`,
      `${head}.${payload}.${signature.slice(0, -2)}xx`,
      'garbage',
    ];
    const foreign = await tokenFor(other);

    for (const op of operations) {
      const none = await request(sb, op.method, op.url);
      expect(none.status, op.operationId).toBe(401);
      expect(none.body).toEqual({ detail: 'Not authenticated' });
      const basic = await request(sb, op.method, op.url, {
        headers: { authorization: 'Basic abc' },
      });
      expect(basic.status, op.operationId).toBe(401);
      for (const bad of [...tampered, foreign]) {
        const res = await request(sb, op.method, op.url, { token: bad, body: bodyFor(op.method) });
        expect(res.status, op.operationId).toBe(401);
        expect(res.body).toEqual({ detail: 'Could not validate credentials' });
      }
    }
    await sb.clock.advance(5 * 60_000);
    for (const op of operations) {
      const res = await request(sb, op.method, op.url, { token, body: bodyFor(op.method) });
      expect(res.status, op.operationId).toBe(401);
      expect(res.body).toEqual({ detail: 'Could not validate credentials' });
    }
  });

  it('the token response says the configured lifetime in minutes', async () => {
    const sb = sandbox({ tokenTtlMinutes: 7 });
    const res = await request(sb, 'POST', '/v1/jwt/client/obtain/token', {
      body: { client_id: CREDENTIALS.clientId, client_secret: CREDENTIALS.clientSecret },
    });
    expect(res.body.expires_in).toBe(7);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After beyond the limit, and lets requests through again after the window', async () => {
    const sb = sandbox({ rateLimit: { requests: 3, perMs: 10_000 } });
    const token = await tokenFor(sb);
    const url = '/v1/status/source?source_type=INVOICE&source_id=101';
    expect((await request(sb, 'GET', url, { token })).status).toBe(200);
    expect((await request(sb, 'GET', url, { token })).status).toBe(200);
    const limited = await request(sb, 'GET', url, { token });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ detail: 'Too many requests' });
    expect(limited.headers.get('retry-after')).toBe('10');
    await sb.clock.advance(4_000);
    expect((await request(sb, 'GET', url, { token })).headers.get('retry-after')).toBe('6');
    await sb.clock.advance(6_000);
    expect((await request(sb, 'GET', url, { token })).status).toBe(200);
  });
});
