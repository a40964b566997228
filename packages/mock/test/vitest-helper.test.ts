import { describe, expect, it } from 'vitest';
import { dollrGlobalSetup, useDollrMock, useDollrSandbox } from '../src/vitest.js';

async function token(url: string, credentials: { clientId: string; clientSecret: string }) {
  const res = await fetch(`${url}/jwt/client/obtain/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('@dollr/mock/vitest', () => {
  const mock = useDollrMock();
  const sandbox = useDollrSandbox({ clock: 'manual' });

  it('useDollrMock gives a running mock for the file', async () => {
    const res = await fetch(`${mock.url}/status/source?source_type=INVOICE&source_id=101`, {
      headers: { authorization: 'Bearer test' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source_number: 'INV-0101' });
  });

  it('useDollrSandbox gives a sandbox with its clock and credentials', async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const before = sandbox.clock.now().getTime();
    await sandbox.clock.advance(60_000);
    expect(sandbox.clock.now().getTime()).toBe(before + 60_000);
    const access = await token(sandbox.url, sandbox.credentials);
    const res = await fetch(`${sandbox.url}/status/source?source_type=ORDER&source_id=201`, {
      headers: { authorization: `Bearer ${access}` },
    });
    expect(await res.json()).toMatchObject({ source_number: 'ORD-0201', status: 'ACTIVE' });
  });

  it('the global setup provides both URLs and its teardown stops both servers', async () => {
    const provided = new Map<string, unknown>();
    const teardown = await dollrGlobalSetup()({ provide: (k, v) => provided.set(k, v) });
    const mockUrl = provided.get('dollrMockUrl') as string;
    const sandboxUrl = provided.get('dollrSandboxUrl') as string;
    const credentials = provided.get('dollrCredentials') as {
      clientId: string;
      clientSecret: string;
    };
    expect(mockUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(credentials).toEqual({
      clientId: 'dollr_test_client',
      clientSecret: 'dollr_test_secret',
    });
    const res = await fetch(`${mockUrl}/status/source?source_type=INVOICE&source_id=101`, {
      headers: { authorization: 'Bearer test' },
    });
    expect(res.status).toBe(200);
    await token(sandboxUrl, credentials);
    await teardown();
    await expect(fetch(`${mockUrl}/status/source`)).rejects.toThrow();
    await expect(fetch(`${sandboxUrl}/status/source`)).rejects.toThrow();
  });

  it('a global setup can leave one server out', async () => {
    const provided = new Map<string, unknown>();
    const teardown = await dollrGlobalSetup({ mock: false })({
      provide: (k, v) => provided.set(k, v),
    });
    try {
      expect(provided.has('dollrMockUrl')).toBe(false);
      expect(provided.get('dollrSandboxUrl')).toMatch(/\/v1$/);
    } finally {
      await teardown();
    }
  });
});
