/**
 * CORS, so a page in a browser can call the sandbox (and the Prism mock) directly: which origins
 * may, answered preflights, and the headers a client reads (Retry-After on 429, WWW-Authenticate
 * on 401). By default any page served from this machine (localhost, 127.0.0.1, [::1], any port)
 * may call; nothing else.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * `'local'` (default): origins on localhost, 127.0.0.1 or [::1]. `'*'`: any origin. A list: those
 * origins exactly (e.g. `https://shop.example`). A function: your own test. `false`: no CORS.
 */
export type CorsOrigins = 'local' | '*' | readonly string[] | ((origin: string) => boolean) | false;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for an http(s) origin served from this machine. */
export function isLocalOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOCAL_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

function allows(origins: Exclude<CorsOrigins, false>): (origin: string) => boolean {
  if (origins === 'local') return isLocalOrigin;
  if (origins === '*') return () => true;
  if (typeof origins === 'function') return origins;
  const listed = new Set(origins);
  return (origin) => listed.has(origin);
}

const EXPOSED = ['Retry-After', 'WWW-Authenticate', 'Allow'];
const EXPOSED_VALUE = EXPOSED.join(',');

/**
 * The CORS middleware for `origins`; a pass-through when CORS is off. A request without an
 * `Origin` header is no browser's cross-origin call: it passes through without CORS headers, as
 * FastAPI's CORS middleware (Starlette's) lets it. Preflights are Hono's `cors`. On any other
 * request the headers go onto the answer once it is made: Hono's `cors` would set them on a
 * placeholder answer first, and Hono then rebuilds the real one to merge them in, which halved
 * the sandbox's throughput.
 */
export function corsMiddleware(origins: CorsOrigins = 'local'): MiddlewareHandler {
  if (origins === false) return (_c, next) => next();
  const allowed = allows(origins);
  const preflight = cors({
    origin: (origin) => (origin && allowed(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposeHeaders: EXPOSED,
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    const allowOrigin = allowed(origin) ? origin : null;
    try {
      addCorsHeaders(c.res.headers, allowOrigin);
    } catch {
      // Immutable headers (an answer fetched from elsewhere): a copy takes them.
      c.res = new Response(c.res.body, c.res);
      addCorsHeaders(c.res.headers, allowOrigin);
    }
  };
}

/** The headers Hono's `cors` gives the answer to a cross-origin request. */
function addCorsHeaders(headers: Headers, allowOrigin: string | null): void {
  if (allowOrigin) headers.set('Access-Control-Allow-Origin', allowOrigin);
  headers.set('Access-Control-Expose-Headers', EXPOSED_VALUE);
  headers.append('Vary', 'Origin');
}

/** `--cors-origin` values as an option: `*`, `local`, `none`, or origins. */
export function corsFromFlags(values: readonly string[] | undefined): CorsOrigins {
  if (!values?.length) return 'local';
  if (values.includes('none')) return false;
  if (values.includes('*')) return '*';
  if (values.includes('local')) {
    const extra = values.filter((v) => v !== 'local');
    return (origin) => isLocalOrigin(origin) || extra.includes(origin);
  }
  for (const value of values) {
    if (!isOrigin(value)) {
      throw new Error(
        `--cors-origin must be an origin like http://localhost:5173, or *, local or none; got ${value}`,
      );
    }
  }
  return values;
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.origin === value;
  } catch {
    return false;
  }
}
