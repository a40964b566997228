/** The two pages, their assets and the API reference: static files, read once. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Hono } from 'hono';

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
  const pages = { index: file('index.html'), admin: file('admin.html') };
  const assets = Object.fromEntries(Object.keys(ASSETS).map((name) => [name, file(name)]));
  const docsFile = createRequire(import.meta.url).resolve('@dollr/spec/docs.html');

  return new Hono()
    .get('/', (c) => c.html(pages.index, 200, PAGE_SECURITY))
    .get('/admin', (c) => c.html(pages.admin, 200, PAGE_SECURITY))
    .get('/assets/:name', (c) => {
      const name = c.req.param('name');
      const type = ASSETS[name];
      if (!type) return c.json({ error: `No asset ${name}` }, 404);
      return c.body(assets[name] as string, 200, { 'content-type': type, ...PAGE_SECURITY });
    })
    .get('/docs', (c) => c.html(readFileSync(docsFile, 'utf8')));
}
