/**
 * What the benches share: the median, a check that the package is built, the sandbox URL a child
 * process prints, the sandbox's prepared operations, and one autocannon load.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Exits with a message when `file` (under dist/) is not built. */
export function requireBuild(file) {
  if (existsSync(join(PACKAGE_ROOT, file))) return;
  console.error(`${file} is missing: build the package first (pnpm --filter @dollr/mock build).`);
  process.exit(1);
}

/** The `baseUrl:` a starting sandbox prints, and everything it printed up to then. */
export function printedBaseUrl(child) {
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /baseUrl:\s+(\S+)/.exec(out);
      if (match) resolve({ url: match[1], out });
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
  });
}

async function json(url, init) {
  const res = await fetch(url, init);
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A token and one execution to read, on a sandbox with the test credentials. */
export async function prepareSandbox(url, { clientId, clientSecret }) {
  const { access_token } = await json(`${url}/jwt/client/obtain/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
  });
  const headers = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
  const session = await json(`${url}/sessions/checkout`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ source_id: 110, source_type: 'INVOICE' }),
  });
  const referenceId = randomUUID();
  await json(`${url}/executions/collection`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      session_id: String(session.id),
      payment_account_id: '18',
      currency: 'USD',
      reference_id: referenceId,
    }),
  });
  return { headers, referenceId };
}

/** The two measured operations: a checkout session, and the status of one execution. */
export function operations({ headers, referenceId }) {
  return [
    {
      name: 'POST /sessions/checkout',
      method: 'POST',
      path: '/sessions/checkout',
      body: JSON.stringify({ source_id: 101, source_type: 'INVOICE' }),
      headers,
    },
    {
      name: 'GET /status/collection/{id}',
      method: 'GET',
      path: `/status/collection/${referenceId}`,
      headers: { authorization: headers.authorization },
    },
  ];
}

/** One autocannon run of `op` against `baseUrl`. */
export function load(baseUrl, op, { connections, duration }) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${baseUrl}${op.path}`,
        method: op.method,
        headers: op.headers,
        body: op.body,
        connections,
        duration,
        pipelining: 1,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}
