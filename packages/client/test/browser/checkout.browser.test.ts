/**
 * @dollr/client in headless Chromium: the built bundle (dist/) in a page served on 127.0.0.1,
 * calling the stateful sandbox on another port, so every call crosses origins (CORS). The page
 * runs a whole checkout; each answer it got is checked here against the spec's response schema,
 * so the types the client declares are the types that arrived.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningSandbox, startSandbox } from '@dollr/mock';
import { chromiumLaunchOptions } from '@dollr/test-kit';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The built client under /dist/ (its entries and the chunks they share).
const FILES: Record<string, string> = {
  '/openapi-fetch.js': join(root, 'node_modules', 'openapi-fetch', 'dist', 'index.mjs'),
  '/checkout-page.js': join(root, 'test', 'browser', 'checkout-page.js'),
};
const PAGE = `<!doctype html><meta charset="utf-8"><title>client</title>
<script type="importmap">{"imports":{"openapi-fetch":"/openapi-fetch.js"}}</script>
<script type="module" src="/checkout-page.js"></script>`;

let page: Page;
let browser: Browser;
let server: Server;
let origin: string;
const sandboxes: RunningSandbox[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    const file = /^\/dist\/[\w-]+\.js$/.test(url) ? join(root, url) : FILES[url];
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else if (file)
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  await page.goto(origin);
  await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(sandboxes.map((s) => s.close()));
  await new Promise((resolve) => server?.close(resolve));
});

async function sandbox(cors?: false, delayMs = 50) {
  const started = await startSandbox({
    quiet: true,
    delays: { processingMs: delayMs, settleMs: delayMs },
    ...(cors === false ? { cors } : {}),
  });
  sandboxes.push(started);
  return started;
}

/** The response schema of each operation, from the spec bundle. */
function schemaValidator() {
  const spec = JSON.parse(
    readFileSync(join(root, 'node_modules', '@dollr', 'spec', 'dist', 'openapi.json'), 'utf8'),
  );
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (
    ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
      a: Ajv2020,
    ) => void
  )(ajv);
  ajv.addSchema(spec, 'spec');
  return (schema: string, value: unknown) => {
    const validate = ajv.getSchema(`spec#/components/schemas/${schema}`);
    if (!validate) throw new Error(`no schema ${schema}`);
    return validate(value) ? [] : (validate.errors ?? []);
  };
}

interface Answers {
  session: { id: number; status: string };
  started: { status: string; reference_id: string };
  final: { status: string; payer_amount: number };
  statuses: string[];
  source: { status: string };
  missing: { isApiError: boolean; status: number };
}

/** The page's checkout (checkout-page.js), with the built client. */
function checkoutInPage(baseUrl: string, credentials: RunningSandbox['credentials']) {
  return page.evaluate(
    ([url, creds]) =>
      (window as unknown as { checkout: (u: string, c: object) => Promise<Answers> }).checkout(
        url,
        creds,
      ),
    [baseUrl, credentials] as const,
  );
}

describe('@dollr/client in Chromium', () => {
  it('runs a checkout against the sandbox across origins; every answer matches the spec', async () => {
    const sb = await sandbox();
    const answers = await checkoutInPage(sb.url, sb.credentials);
    const invalid = schemaValidator();
    expect(invalid('CheckoutSessionResponse', answers.session)).toEqual([]);
    expect(invalid('ExecutionResponse', answers.started)).toEqual([]);
    expect(invalid('ExecutionResponse', answers.final)).toEqual([]);
    expect(invalid('PaymentSourceStatusResponse', answers.source)).toEqual([]);
    expect(answers.started.status).toBe('PENDING');
    expect(answers.final).toMatchObject({ status: 'COMPLETED', payer_amount: 101.5 });
    expect(answers.statuses.at(-1)).toBe('COMPLETED');
    expect(answers.source.status).toBe('PAID');
    expect(answers.missing).toEqual({ isApiError: true, status: 404 });
  });

  it("follows a collection live with watchExecution over the browser's own WebSocket", async () => {
    const sb = await sandbox(undefined, 500);
    const watched = await page.evaluate(
      ([url, creds, realtime]) =>
        (
          window as unknown as {
            watchLive: (u: string, c: object, r: object) => Promise<Record<string, unknown>>;
          }
        ).watchLive(url, creds, realtime),
      [sb.url, sb.credentials, { url: sb.realtime.url, anonKey: sb.realtime.anonKey }] as const,
    );
    expect(watched).toMatchObject({
      transports: [{ via: 'realtime' }],
      via: 'realtime',
      final: { status: 'COMPLETED' },
    });
    expect(watched.statuses).toEqual(expect.arrayContaining(['COMPLETED']));
  });

  it('cannot reach a sandbox that sends no CORS headers (the browser blocks it)', async () => {
    const sb = await sandbox(false);
    const error = await page.evaluate(async (url) => {
      try {
        await fetch(`${url}/jwt/client/obtain/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        return 'reached';
      } catch (e) {
        return (e as Error).name;
      }
    }, sb.url);
    expect(error).toBe('TypeError');
  });
});
