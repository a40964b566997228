/** The two pages, their assets and the API reference: files read once, the pages in one frame. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Hono } from 'hono';
import { PAGES, renderPage } from './layout.js';

const ASSETS: Record<string, string> = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
};

const PAGE_SECURITY = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** `publicDir`: the folder of the pages and assets. */
export function pagesRouter(publicDir: string): Hono {
  const file = (name: string) => readFileSync(join(publicDir, name), 'utf8');
  const assets = Object.fromEntries(Object.keys(ASSETS).map((name) => [name, file(name)]));
  const docsFile = createRequire(import.meta.url).resolve('@dollr/spec/docs.html');

  const router = new Hono();
  for (const page of PAGES) {
    const html = renderPage(page, file(page.file));
    router.get(page.path, (c) => c.html(html, 200, PAGE_SECURITY));
  }
  return router
    .get('/assets/:name', (c) => {
      const name = c.req.param('name');
      const type = ASSETS[name];
      if (!type) return c.json({ error: `No asset ${name}` }, 404);
      return c.body(assets[name] as string, 200, { 'content-type': type, ...PAGE_SECURITY });
    })
    .get('/docs', (c) => c.html(readFileSync(docsFile, 'utf8')));
}
