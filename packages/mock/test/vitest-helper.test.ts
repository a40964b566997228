import { describe, expect, it } from 'vitest';
import { dollrGlobalSetup, useDollrMock } from '../src/vitest.js';

describe('@dollr/mock/vitest', () => {
  const mock = useDollrMock();

  it('useDollrMock gives a running mock for the file', async () => {
    const res = await fetch(`${mock.url}/status/source?source_type=INVOICE&source_id=101`, {
      headers: { authorization: 'Bearer test' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source_number: 'INV-0101' });
  });

  it('the global setup provides dollrMockUrl and its teardown stops the server', async () => {
    const provided = new Map<string, unknown>();
    const teardown = await dollrGlobalSetup()({ provide: (k, v) => provided.set(k, v) });
    const url = provided.get('dollrMockUrl');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/status/source?source_type=INVOICE&source_id=101`, {
      headers: { authorization: 'Bearer test' },
    });
    expect(res.status).toBe(200);
    await teardown();
    await expect(fetch(`${url}/status/source`)).rejects.toThrow();
  });
});
