/**
 * The stateful sandbox as Mock Service Worker handlers: code that calls
 * `fetch("https://api.heydollr.app/v1/…")` runs unchanged in a test, answered in-process by the
 * sandbox (same lifecycle, validation and errors as `startSandbox`, no port). Works with
 * `setupServer` (msw/node) and `setupWorker` (msw/browser); in a browser the package's `browser`
 * build is used, which has no Node-only code. Needs `msw` 2 (an optional peer dependency).
 */
import { type HttpHandler, http } from 'msw';
import { createSandbox, type Sandbox, type SandboxOptions } from './sandbox/server.js';

/** Dollr's production base URL, what the docs' snippets call. */
export const DOLLR_BASE_URL = 'https://api.heydollr.app/v1';

export interface SandboxHandlersOptions
  extends Omit<SandboxOptions, 'port' | 'host' | 'db' | 'cors'> {
  /** The base URL to answer for, ending in the API's root (default `DOLLR_BASE_URL`). */
  baseUrl?: string;
}

export interface SandboxHandlers {
  /** Pass to `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  handlers: HttpHandler[];
  /** The sandbox behind them: its clock (`sandbox.clock.advance`), credentials and store. */
  sandbox: Sandbox;
  baseUrl: string;
}

/** A fresh in-memory sandbox and the handlers that route `baseUrl/*` to it (quiet by default). */
export function createSandboxHandlers(options: SandboxHandlersOptions = {}): SandboxHandlers {
  const { baseUrl = DOLLR_BASE_URL, ...sandboxOptions } = options;
  const base = new URL(baseUrl.replace(/\/+$/, ''));
  const sandbox = createSandbox({ quiet: true, ...sandboxOptions, cors: false });
  const prefix = base.pathname === '/' ? '' : base.pathname;
  const handler = http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const path = `/v1${url.pathname.slice(prefix.length)}${url.search}`;
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    return sandbox.app.fetch(
      new Request(new URL(path, 'http://sandbox.local'), {
        method: request.method,
        headers: request.headers,
        body: hasBody ? await request.arrayBuffer() : undefined,
      }),
    );
  });
  return { handlers: [handler], sandbox, baseUrl: `${base.origin}${prefix}` };
}
