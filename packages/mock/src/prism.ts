import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startCorsProxy } from './cors-proxy.js';
import { freePort, type ManagedProcess, spawnManaged } from './process.js';
import type { CorsOrigins } from './sandbox/cors.js';
import { specPath } from './spec.js';

const require = createRequire(import.meta.url);

function prismBin(): string {
  const pkgPath = require.resolve('@stoplight/prism-cli/package.json');
  const pkg = require(pkgPath) as { bin: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.prism;
  if (!bin) throw new Error('@stoplight/prism-cli has no prism bin');
  return join(dirname(pkgPath), bin);
}

export interface MockOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Host to listen on, default 127.0.0.1. */
  host?: string;
  /** Generate responses from the schemas (json-schema-faker) instead of the spec's examples. */
  dynamic?: boolean;
  /** Answer requests that violate the spec with an error instead of a best-effort response. */
  errors?: boolean;
  /** Browser origins allowed by CORS, as for the sandbox (default `'local'`: pages on this
   * machine). Prism itself allows every origin, so a small proxy in this process answers for it. */
  cors?: CorsOrigins;
}

export interface RunningServer {
  /** The base URL a client uses: `${url}/sessions/checkout` is the checkout endpoint. */
  url: string;
  /** Stops the server; resolves once its process has exited. */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/**
 * Runs Prism's CLI inside a process that exits when its stdin closes. Its stdin is a pipe from
 * this process, so Prism goes away even when this process is killed with SIGKILL, where no exit
 * hook can run. The arguments follow a marker word: `node -e CODE a b` sees [node, a, b], Bun the
 * same, Deno [deno, <eval file>, a, b].
 */
const ARGS_MARKER = 'dollr-prism';
const LIFELINE = [
  "process.stdin.on('end', () => process.exit(0));",
  "process.stdin.on('error', () => process.exit(0));",
  'process.stdin.resume();',
  `const [prism, ...args] = process.argv.slice(process.argv.indexOf('${ARGS_MARKER}') + 1);`,
  'process.argv = [process.argv[0], prism, ...args];',
  'require(prism);',
].join('\n');
const ATTEMPTS = 3;

async function runPrism(args: string[], host: string, port: number | undefined) {
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const chosen = port && port > 0 ? port : await freePort(host);
    const proc: ManagedProcess = spawnManaged(
      process.execPath,
      ['-e', LIFELINE, ARGS_MARKER, prismBin(), ...args, '--host', host, '--port', String(chosen)],
      { stdinPipe: true },
    );
    try {
      await proc.waitFor((out) => out.includes('Prism is listening on'), READY_TIMEOUT_MS);
      return { proc, port: chosen };
    } catch (error) {
      lastError = error;
      await proc.stop();
      // Another process took the free port between our probe and Prism's bind: try another.
      const busy = /EADDRINUSE/.test(proc.output());
      if (!busy || (port && port > 0)) break;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Run Prism's mock server on the bundled spec, in a child process of its own, and wait until it
 * answers. Prism serves the spec's paths at the root (it ignores the servers' `/v1`), so the
 * returned `url` has no `/v1`: `${url}/sessions/checkout` works.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const args = ['mock', specPath(), '--cors', 'false'];
  if (options.dynamic) args.push('--dynamic');
  if (options.errors) args.push('--errors');
  // Prism listens on a free port of its own; the port asked for is the proxy's.
  const { proc, port: prismPort } = await runPrism(args, '127.0.0.1', 0);
  try {
    const proxy = await startCorsProxy(
      `http://127.0.0.1:${prismPort}`,
      options.cors,
      host,
      options.port ?? 0,
    );
    return {
      url: `http://${hostForUrl(host)}:${proxy.port}`,
      close: async () => {
        await proxy.close();
        await proc.stop();
      },
    };
  } catch (error) {
    await proc.stop();
    throw error;
  }
}

export interface ProxyOptions {
  /** The upstream to validate, e.g. a sandbox URL ending in `/v1`. */
  upstream: string;
  port?: number;
  host?: string;
  /** Turn request and response violations into error responses (default true). */
  errors?: boolean;
  /** The OpenAPI document to validate against (default the Dollr spec; `controlSpecPath()` for the control API). */
  spec?: string;
}

/**
 * Run Prism's validation proxy in front of `upstream`: every request and response is checked
 * against the bundled spec. Violations are reported in the `sl-violations` response header, and
 * with `errors` (the default) a violation becomes an error response.
 */
export async function startValidationProxy(options: ProxyOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const args = ['proxy', options.spec ?? specPath(), options.upstream];
  if (options.errors ?? true) args.push('--errors');
  const { proc, port } = await runPrism(args, host, options.port);
  return {
    url: `http://${hostForUrl(host)}:${port}`,
    close: () => proc.stop(),
  };
}
