/**
 * The validation proxy is what keeps the sandbox honest: show that it does flag an answer that
 * breaks the contract, so that "zero violations" in the lifecycle suite means something.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startValidationProxy } from '../src/index.js';
import { api } from './support.js';

let upstream: Server;
let proxy: RunningServer;

beforeAll(async () => {
  // An upstream that answers a checkout session with the wrong shape.
  upstream = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'not-a-number', status: 'WHATEVER' }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  proxy = await startValidationProxy({ upstream: `http://127.0.0.1:${port}/v1` });
});

afterAll(async () => {
  await proxy?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

it('reports a response that breaks the spec', async () => {
  const client = api(proxy.url);
  await client.call('POST', '/sessions/checkout', {
    token: 'anything',
    body: { source_id: 101, source_type: 'INVOICE' },
  });
  expect(client.violations.length).toBeGreaterThan(0);
  expect(client.violations[0]).toMatch(/POST \/sessions\/checkout/);
});
