/**
 * @dollr/mock/msw in Node: the docs-style integration (raw fetch to api.heydollr.app) runs
 * unchanged against the in-process sandbox. The lifecycle suite (lifecycle.test.ts) runs over these
 * handlers too; this file covers what is particular to them.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from '../src/index.js';
import { createSandboxHandlers } from '../src/msw.js';
import { payInvoice } from './docs-integration.js';

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

function listen(...handlers: Parameters<typeof setupServer>) {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  servers.push(server);
  return server;
}

describe('createSandboxHandlers', () => {
  it("runs the docs' raw-fetch checkout unchanged: PENDING, then COMPLETED, invoice PAID", async () => {
    const { handlers, sandbox } = createSandboxHandlers({
      delays: { processingMs: 30, settleMs: 30 },
    });
    servers.push(sandbox);
    listen(...handlers);
    const result = await payInvoice(TEST_CREDENTIALS, 101, 21);
    expect(result.session.status).toBe('ACTIVE');
    // How many polls see PROCESSING depends on the machine's speed; the ends do not.
    expect([result.statuses[0], result.statuses.at(-1)]).toEqual(['PENDING', 'COMPLETED']);
    expect(result.source).toMatchObject({ status: 'PAID', paid_at: expect.any(String) });
    expect(sandbox.store.getExecution(result.referenceId)?.status).toBe('COMPLETED');
  });

  it('answers for any base URL, and keeps its state apart from another sandbox', async () => {
    const staging = createSandboxHandlers({ baseUrl: 'http://staging.test/api/v1/' });
    const other = createSandboxHandlers();
    servers.push(staging.sandbox, other.sandbox);
    listen(...staging.handlers, ...other.handlers);
    expect(staging.baseUrl).toBe('http://staging.test/api/v1');
    const token = async (base: string) =>
      (
        (await (
          await fetch(`${base}/jwt/client/obtain/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              client_id: TEST_CREDENTIALS.clientId,
              client_secret: TEST_CREDENTIALS.clientSecret,
            }),
          })
        ).json()) as { access_token: string }
      ).access_token;
    const stagingToken = await token(staging.baseUrl);
    const res = await fetch(`${other.baseUrl}/status/collection/${crypto.randomUUID()}`, {
      headers: { authorization: `Bearer ${stagingToken}` },
    });
    expect(res.status).toBe(401);
    const own = await fetch(`${staging.baseUrl}/status/collection/${crypto.randomUUID()}`, {
      headers: { authorization: `Bearer ${stagingToken}` },
    });
    expect(own.status).toBe(404);
  });

  it("answers errors in the API's shape (422 with loc, msg, type), not as a mock failure", async () => {
    const { handlers, sandbox } = createSandboxHandlers();
    servers.push(sandbox);
    listen(...handlers);
    const res = await fetch('https://api.heydollr.app/v1/jwt/client/obtain/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'x' }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      detail: [
        {
          type: 'missing',
          loc: ['body', 'client_secret'],
          msg: 'Field required',
          input: { client_id: 'x' },
        },
      ],
    });
  });

  it('leaves other hosts to other handlers', async () => {
    const { handlers, sandbox } = createSandboxHandlers();
    servers.push(sandbox);
    listen(
      ...handlers,
      http.get('https://example.test/ping', () => HttpResponse.text('pong')),
    );
    expect(await (await fetch('https://example.test/ping')).text()).toBe('pong');
  });
});
