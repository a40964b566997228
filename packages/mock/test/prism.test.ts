import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../src/index.js';
import type { RunningServer } from '../src/prism.js';
import { loadSpec } from '../src/spec.js';
import { type Json, prismPids, specExamples } from './support.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// One Prism serves both suites that only send it requests (it keeps no state).
let mock: RunningServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock?.close();
});

describe('startMock (Prism)', () => {
  it('serves the spec paths at the root of the returned url', async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${mock.url}/sessions/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test' },
      body: JSON.stringify({ source_id: 101, source_type: 'INVOICE' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: 5012, source_id: 101, status: 'ACTIVE' });
  });

  it('does not serve under /v1 (Prism ignores the server base path)', async () => {
    const res = await fetch(`${mock.url}/v1/sessions/checkout`, { method: 'POST' });
    expect(res.status).toBe(404);
  });

  it('honours Prefer: code and Prefer: example', async () => {
    const byCode = await fetch(
      `${mock.url}/status/collection/3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f`,
      {
        headers: { authorization: 'Bearer test', prefer: 'code=404' },
      },
    );
    expect(byCode.status).toBe(404);
    expect(await byCode.json()).toEqual({ detail: 'Execution not found' });

    const byExample = await fetch(`${mock.url}/executions/collection`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer test',
        prefer: 'example=CollectionFailed',
      },
      body: JSON.stringify({
        session_id: '5012',
        payment_account_id: '18',
        currency: 'USD',
        reference_id: '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
      }),
    });
    expect(byExample.status).toBe(200);
    expect(await byExample.json()).toMatchObject({
      status: 'FAILED',
      gateway_message: 'The payer declined the request',
    });
  });
});

describe('Prefer: example=… for every 200 example of the spec (the README table)', () => {
  const doc = loadSpec() as Json;
  const examples = specExamples();
  const cases: Array<{ method: string; path: string; name: string; body?: unknown }> = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item as Record<string, Json>)) {
      if (method === 'parameters') continue;
      const requestExamples = op.requestBody?.content['application/json'].examples ?? {};
      const requestName = (Object.values(requestExamples)[0] as Json)?.$ref?.split('/').pop();
      const names = Object.keys(op.responses['200'].content['application/json'].examples ?? {});
      for (const name of names) {
        cases.push({
          method: method.toUpperCase(),
          path: path
            .replace('{reference_id}', '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f')
            .concat(path === '/status/source' ? '?source_type=INVOICE&source_id=101' : ''),
          name,
          body: requestName ? examples[requestName]?.value : undefined,
        });
      }
    }
  }

  it.each(cases)('$method $path → $name', async ({ method, path, name, body }) => {
    const res = await fetch(`${mock.url}${path}`, {
      method,
      headers: {
        authorization: 'Bearer test',
        prefer: `example=${name}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(examples[name]?.value);
  });

  it('Prefer: code=500 and code=401 with an example name', async () => {
    const url = `${mock.url}/status/source?source_type=INVOICE&source_id=101`;
    const serverError = await fetch(url, {
      headers: { authorization: 'Bearer test', prefer: 'code=500' },
    });
    expect(serverError.status).toBe(500);
    const invalid = await fetch(url, {
      headers: { authorization: 'Bearer test', prefer: 'code=401, example=InvalidToken' },
    });
    expect(invalid.status).toBe(401);
    expect(await invalid.json()).toEqual({ detail: 'Could not validate credentials' });
  });
});

describe('startMock lifecycle', () => {
  it('leaves no process behind after close()', async () => {
    const before = prismPids(process.pid);
    const mock = await startMock();
    // Prism runs in a child process, behind the CORS proxy listening on the url in this one.
    const [pid] = prismPids(process.pid).filter((p) => !before.includes(p));
    expect(pid).toBeTypeOf('number');
    expect(isAlive(pid as number)).toBe(true);
    await mock.close();
    expect(isAlive(pid as number)).toBe(false);
    await expect(fetch(`${mock.url}/sessions/checkout`, { method: 'POST' })).rejects.toThrow();
  });

  it('uses the requested port and answers request violations with errors', async () => {
    const { freePort } = await import('../src/process.js');
    const port = await freePort();
    const mock = await startMock({ port, errors: true });
    try {
      expect(mock.url).toBe(`http://127.0.0.1:${port}`);
      const res = await fetch(`${mock.url}/sessions/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer test' },
        body: JSON.stringify({ source_type: 'NOPE' }),
      });
      expect(res.status).toBe(422);
    } finally {
      await mock.close();
    }
  });
});
