import { describe, expect, it } from 'vitest';
import {
  type DollrTenant,
  dollrGlobalSetup,
  useDollrMock,
  useDollrSandbox,
  useDollrTenant,
} from '../src/vitest.js';
import { api } from './support.js';

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
    const access = await api(sandbox.url).token(sandbox.credentials);
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
    await api(sandboxUrl).token(credentials);
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

describe('useDollrTenant', () => {
  const first = useDollrTenant({ clock: 'manual' });
  const second = useDollrTenant({ clock: 'manual' });

  async function collect(tenant: DollrTenant, account: string) {
    const authorization = `Bearer ${await tenant.token()}`;
    const headers = { authorization, 'content-type': 'application/json' };
    const session = await fetch(`${tenant.url}/sessions/checkout`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ source_id: 101, source_type: 'INVOICE' }),
    }).then((r) => r.json() as Promise<{ id: number }>);
    const reference_id = crypto.randomUUID();
    await fetch(`${tenant.url}/executions/collection`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        session_id: String(session.id),
        payment_account_id: account,
        currency: 'USD',
        reference_id,
      }),
    });
    return async () =>
      await fetch(`${tenant.url}/status/collection/${reference_id}`, { headers }).then(
        (r) => r.json() as Promise<{ status: string; gateway_message: string }>,
      );
  }

  it('gives each its own tenant; asking for a failure is one line', async () => {
    expect(first.id).not.toBe(second.id);
    expect(first.credentials.clientId).toMatch(/^dollr_test_tn_/);
    await first.failNext('18', 'Declined by the test');
    const failed = await collect(first, '18');
    const completed = await collect(second, '18');
    await first.clock.advance('5s');
    await second.clock.advance('5s');
    expect(await failed()).toMatchObject({
      status: 'FAILED',
      gateway_message: 'Declined by the test',
    });
    expect((await completed()).status).toBe('COMPLETED');
  });

  it('names the tenant after the test file, and steers its clock', async () => {
    const { data } = await first.control.GET('/_sandbox/tenant');
    expect(data?.name).toBe('vitest-helper.test.ts');
    const before = await first.clock.now();
    await first.clock.advance('2h');
    expect((await first.clock.now()).getTime() - before.getTime()).toBe(7_200_000);
    // Its token was taken again after the clock moved past the old one's expiry.
    expect((await first.control.GET('/_sandbox/clock')).response.status).toBe(200);
  });
});
