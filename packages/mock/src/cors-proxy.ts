/**
 * A pass-through HTTP proxy that adds the sandbox's CORS behaviour in front of a server that has
 * its own (Prism's answers every origin, credentials included). Requests and answers go through
 * unchanged; preflights are answered here.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type CorsOrigins, corsMiddleware } from './sandbox/cors.js';

export interface CorsProxy {
  port: number;
  close(): Promise<void>;
}

export async function startCorsProxy(
  upstream: string,
  origins: CorsOrigins | undefined,
  host: string,
  port: number,
): Promise<CorsProxy> {
  const app = new Hono();
  app.use('*', corsMiddleware(origins));
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const { method, headers } = c.req.raw;
    // The body is read whole (bodies here are small JSON): a streamed body needs `duplex`, which
    // Bun and Deno do not let a copied Request carry.
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
    try {
      return await forward(`${upstream}${url.pathname}${url.search}`, { method, headers, body });
    } catch (error) {
      const reason = error instanceof Error ? describe(error) : String(error);
      return c.json({ detail: `Prism did not answer ${method} ${url.pathname}: ${reason}` }, 502);
    }
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(server));
    server.once('error', reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/**
 * Prism is stateless, so a request is sent again once when the first try gets no answer: Prism
 * may close an idle keep-alive socket just as the proxy reuses it.
 */
async function forward(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

/** `fetch failed` says nothing: the cause (ECONNREFUSED, ECONNRESET) does. */
function describe(error: Error): string {
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
