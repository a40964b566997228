/**
 * The proxy in front of Prism (startMock): what a caller gets when Prism drops a connection or
 * is not there at all.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it, vi } from 'vitest';
import { type CorsProxy, startCorsProxy } from '../src/cors-proxy.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
  vi.restoreAllMocks();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function proxyTo(upstream: string): Promise<string> {
  const proxy: CorsProxy = await startCorsProxy(upstream, 'local', '127.0.0.1', 0);
  open.push(proxy.close);
  return `http://127.0.0.1:${proxy.port}`;
}

it('sends a request again once when the upstream drops the connection without answering', async () => {
  let requests = 0;
  const upstream = createServer((req, res) => {
    requests++;
    if (requests === 1) return req.socket.destroy(); // a keep-alive socket closed under the request
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 7 }));
  });
  const url = await proxyTo(await listen(upstream));

  const res = await fetch(`${url}/sessions/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ source_id: 101, source_type: 'INVOICE' }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ id: 7 });
  expect(requests).toBe(2);
});

it('answers 502 with the cause, and logs no stack, when the upstream is not there', async () => {
  const gone = createServer();
  const upstream = await listen(gone);
  await new Promise<void>((resolve) => gone.close(() => resolve()));
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  const url = await proxyTo(upstream);

  const res = await fetch(`${url}/status/collection/abc?x=1`);
  expect(res.status).toBe(502);
  const { detail } = (await res.json()) as { detail: string };
  expect(detail).toMatch(/^Prism did not answer GET \/status\/collection\/abc: .*ECONNREFUSED/);
  expect(logged).not.toHaveBeenCalled();
});
