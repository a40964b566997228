/**
 * CORS: which pages may call the sandbox and the Prism mock, preflights answered, and the
 * `--cors-origin` flag's values.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  type RunningSandbox,
  type RunningServer,
  type Sandbox,
  startMock,
  startSandbox,
  TEST_CREDENTIALS,
} from '../src/index.js';
import {
  type CorsOrigins,
  corsFromFlags,
  corsMiddleware,
  isLocalOrigin,
} from '../src/sandbox/cors.js';

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization, content-type',
  },
});

describe('the sandbox', () => {
  const opened: Sandbox[] = [];
  afterAll(() => {
    for (const sb of opened) sb.close();
  });
  const sandbox = (cors?: CorsOrigins) => {
    const sb = createSandbox({ clock: 'manual', quiet: true, cors });
    opened.push(sb);
    return sb;
  };

  it('answers a preflight from a local page, allowing the method and the headers asked', async () => {
    const res = await sandbox().app.request(
      '/v1/executions/collection',
      preflight('http://localhost:5173'),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });

  it('lets a local page read the answer and the headers a client needs', async () => {
    const res = await sandbox().app.request('/v1/status/collection/nope', {
      headers: { origin: 'http://127.0.0.1:8080' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
    expect(res.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('adds no CORS headers to a request without Origin (no browser), as FastAPI does', async () => {
    const res = await sandbox().app.request('/v1/status/collection/nope');
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
  });

  it('gives a page elsewhere no CORS headers by default', async () => {
    const res = await sandbox().app.request(
      '/v1/executions/collection',
      preflight('https://evil.example'),
    );
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows exactly the origins listed, or any with *, or none with false', async () => {
    const listed = sandbox(['https://shop.example']);
    const ask = async (sb: Sandbox, origin: string) =>
      (await sb.app.request('/v1/sessions/checkout', preflight(origin))).headers.get(
        'access-control-allow-origin',
      );
    expect(await ask(listed, 'https://shop.example')).toBe('https://shop.example');
    expect(await ask(listed, 'http://localhost:3000')).toBeNull();
    expect(await ask(sandbox('*'), 'https://anyone.example')).toBe('https://anyone.example');
    const off = sandbox(false);
    const res = await off.app.request('/v1/sessions/checkout', preflight('http://localhost:1'));
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.status).toBe(405);
  });
});

describe('corsMiddleware', () => {
  it("adds its headers to the handler's own answer instead of rebuilding it (a copy halved throughput)", async () => {
    let answer: Response | undefined;
    const app = new Hono().use(corsMiddleware('local')).get('/x', (c) => {
      answer = c.json({ ok: true });
      return answer;
    });
    const res = await app.request('/x', { headers: { origin: 'http://localhost:3000' } });
    expect(res).toBe(answer);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('gives an answer with immutable headers (one fetched from elsewhere) its headers on a copy', async () => {
    const fetched = Response.redirect('http://127.0.0.1:1/elsewhere', 302);
    const app = new Hono().use(corsMiddleware('local')).get('/x', () => fetched);
    const res = await app.request('/x', { headers: { origin: 'http://localhost:3000' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://127.0.0.1:1/elsewhere');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });
});

describe('the sandbox over HTTP, as a page on localhost calls it', () => {
  const origin = 'http://localhost:5173';
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: 'manual', quiet: true });
  });
  afterAll(() => sandbox?.close());

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: {
        origin,
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });

  it('answers with its body whole and the CORS headers, success or 422', async () => {
    const { clientId, clientSecret } = TEST_CREDENTIALS;
    const tokenRes = await post('/jwt/client/obtain/token', {
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(tokenRes.status).toBe(200);
    const { access_token } = (await tokenRes.json()) as { access_token: string };

    const created = await post(
      '/sessions/checkout',
      { source_id: 110, source_type: 'INVOICE' },
      access_token,
    );
    expect(created.status).toBe(200);
    expect(created.headers.get('access-control-allow-origin')).toBe(origin);
    expect(created.headers.get('access-control-expose-headers')).toBe(
      'Retry-After,WWW-Authenticate,Allow',
    );
    expect(created.headers.get('vary')).toBe('Origin');
    expect(created.headers.get('content-type')).toContain('application/json');
    expect(await created.json()).toMatchObject({ id: expect.anything() });

    const refused = await post('/sessions/checkout', { source_id: 'x' }, access_token);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
    const { detail } = (await refused.json()) as { detail: Array<{ loc: unknown[] }> };
    expect(detail.map((error) => error.loc)).toEqual(
      expect.arrayContaining([
        ['body', 'source_id'],
        ['body', 'source_type'],
      ]),
    );
  });

  it('names no origin to a page elsewhere, and still varies on Origin', async () => {
    const res = await fetch(`${sandbox.url}/status/collection/nope`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
  });
});

describe('the Prism mock (startMock)', () => {
  let mock: RunningServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock?.close());

  it('answers a preflight from a local page and serves the answer with CORS headers', async () => {
    const pre = await fetch(`${mock.url}/sessions/checkout`, preflight('http://localhost:5173'));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const res = await fetch(`${mock.url}/jwt/client/obtain/token`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'x', client_secret: 'y' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(((await res.json()) as { access_token: string }).access_token).toEqual(
      expect.any(String),
    );
  });

  it('does not let a page elsewhere read its answers (Prism alone would)', async () => {
    const res = await fetch(`${mock.url}/sessions/checkout`, preflight('https://evil.example'));
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('--cors-origin', () => {
  it('reads local, *, none and origins, and refuses what is not an origin', () => {
    expect(corsFromFlags(undefined)).toBe('local');
    expect(corsFromFlags(['*'])).toBe('*');
    expect(corsFromFlags(['none'])).toBe(false);
    expect(corsFromFlags(['https://shop.example'])).toEqual(['https://shop.example']);
    const both = corsFromFlags(['local', 'https://shop.example']) as (o: string) => boolean;
    expect([both('http://localhost:1'), both('https://shop.example'), both('https://x.y')]).toEqual(
      [true, true, false],
    );
    expect(() => corsFromFlags(['shop.example'])).toThrow(/--cors-origin must be an origin/);
    expect(() => corsFromFlags(['https://shop.example/path'])).toThrow(/got https:/);
  });

  it('counts localhost, 127.0.0.1 and [::1] on any port as local, and nothing else', () => {
    expect(
      ['http://localhost', 'https://127.0.0.1:8443', 'http://[::1]:3000'].map(isLocalOrigin),
    ).toEqual([true, true, true]);
    expect(
      ['http://localhost.evil.example', 'file://', 'null', 'http://10.0.0.1'].map(isLocalOrigin),
    ).toEqual([false, false, false, false]);
  });
});
