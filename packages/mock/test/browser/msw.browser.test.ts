/**
 * @dollr/mock/msw in headless Chromium: msw's service worker (setupWorker) answers the page's
 * `fetch("https://api.heydollr.app/v1/…")` with the sandbox running in the page, from the
 * package's browser build (no Node-only code). Requests to api.heydollr.app that the worker did
 * not answer are aborted, so nothing reaches the network.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from '@dollr/test-kit';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

let browser: Browser;
let page: Page;
let server: Server;
const escaped: string[] = [];

beforeAll(async () => {
  const bundled = await build({
    entryPoints: [join(here, 'msw-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // Not the package's tsconfig: its `paths` point @dollr/mock/msw at the source (for types);
    // the page must get the published browser build.
    tsconfigRaw: {},
  });
  const files: Record<string, [string, string | Uint8Array]> = {
    '/': [
      'text/html',
      '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
    ],
    '/page.js': ['text/javascript', bundled.outputFiles[0]?.contents ?? ''],
    '/mockServiceWorker.js': [
      'text/javascript',
      readFileSync(join(root, 'node_modules', 'msw', 'lib', 'mockServiceWorker.js')),
    ],
  };
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  // Seen only when the service worker did not answer (page.route does not see what it answers).
  await page.route('https://api.heydollr.app/**', (route) => {
    escaped.push(route.request().url());
    return route.abort();
  });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => 'payThroughWorker' in window);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

it("runs the docs' raw-fetch checkout in a page, answered by the sandbox in msw's worker", async () => {
  const result = await page.evaluate(() =>
    (
      window as unknown as {
        payThroughWorker: () => Promise<{
          session: { status: string };
          statuses: string[];
          source: { status: string; paid_at: string | null };
        }>;
      }
    ).payThroughWorker(),
  );
  expect(escaped).toEqual([]);
  expect(result.session.status).toBe('ACTIVE');
  expect([result.statuses[0], result.statuses.at(-1)]).toEqual(['PENDING', 'COMPLETED']);
  expect(result.source).toMatchObject({ status: 'PAID', paid_at: expect.any(String) });
});
