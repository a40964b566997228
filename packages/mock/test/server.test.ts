/** The sandbox over a real socket: body limits on the Node request path, and the real clock. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import { type Api, api, collectionBody, ref } from './support.js';

let sandbox: RunningSandbox;
let client: Api;
let token: string;

beforeAll(async () => {
  // Real time, short delays: executions settle by themselves.
  sandbox = await startSandbox({ quiet: true, delays: { processingMs: 20, settleMs: 30 } });
  client = api(sandbox.url);
  token = await client.token();
});

afterAll(async () => {
  await sandbox?.close();
});

it('a body over 1 MB is a 413, with a Content-Length or streamed without one', async () => {
  const big = JSON.stringify({
    source_id: 101,
    source_type: 'INVOICE',
    pad: 'x'.repeat(1024 * 1024),
  });
  const declared = await client.call('POST', '/sessions/checkout', { token, body: big });
  expect(declared.status).toBe(413);
  expect(declared.body.detail).toMatch(/too large/);

  const bytes = new TextEncoder().encode(big);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 64 * 1024)
        controller.enqueue(bytes.subarray(i, i + 64 * 1024));
      controller.close();
    },
  });
  const res = await fetch(`${sandbox.url}/sessions/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  expect(res.status).toBe(413);
  // The server is fine afterwards.
  expect(
    (await client.call('GET', '/status/source?source_type=INVOICE&source_id=101', { token }))
      .status,
  ).toBe(200);
});

it('with the real clock, an execution reaches its final status by itself', async () => {
  const session = await client.call('POST', '/sessions/checkout', {
    token,
    body: { source_id: 101, source_type: 'INVOICE' },
  });
  const reference = ref();
  const created = await client.call('POST', '/executions/collection', {
    token,
    body: collectionBody(session.body.id, '18', reference),
  });
  expect(created.body.status).toBe('PENDING');
  const seen = new Set<string>();
  for (;;) {
    const res = await client.call('GET', `/status/collection/${reference}`, { token });
    seen.add(res.body.status);
    if (res.body.status === 'COMPLETED' || res.body.status === 'FAILED') break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(seen.has('COMPLETED')).toBe(true);
  expect([...seen].every((s) => ['PENDING', 'PROCESSING', 'COMPLETED'].includes(s))).toBe(true);
});

it('clock.advance() moves a real clock forward too (tokens expire)', async () => {
  const before = sandbox.clock.now().getTime();
  await sandbox.clock.advance(61 * 60_000);
  expect(sandbox.clock.now().getTime()).toBeGreaterThanOrEqual(before + 61 * 60_000);
  const res = await client.call('GET', '/status/source?source_type=INVOICE&source_id=101', {
    token,
  });
  expect(res.status).toBe(401);
});
