import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TEST_CREDENTIALS, UNVERIFIED_CREDENTIALS } from '../src/sandbox/fixtures.js';
import { specPath } from '../src/spec.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers loosely and assert on them.
export type Json = any;

export interface Answer<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

export interface Api {
  baseUrl: string;
  call<T = Json>(method: string, path: string, options?: CallOptions): Promise<Answer<T>>;
  token(credentials?: { clientId: string; clientSecret: string }): Promise<string>;
  /** Answers that carried a contract violation from Prism's validation proxy. */
  violations: string[];
}

export const CREDENTIALS = TEST_CREDENTIALS;
export const UNVERIFIED = UNVERIFIED_CREDENTIALS;

/** A request's init: the bearer token, and a body sent as JSON unless it is a string already. */
export function requestInit(method: string, options: CallOptions = {}): RequestInit {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const { body } = options;
  return {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** A small HTTP client; it records any `sl-violations` header or Prism error it sees. */
export function api(baseUrl: string): Api {
  const violations: string[] = [];
  const call = async <T>(method: string, path: string, options: CallOptions = {}) => {
    const res = await fetch(`${baseUrl}${path}`, requestInit(method, options));
    const text = await res.text();
    const violation = res.headers.get('sl-violations');
    if (violation) violations.push(`${method} ${path} → ${res.status}: ${violation}`);
    if (res.headers.get('content-type')?.includes('application/problem+json')) {
      violations.push(`${method} ${path} → ${res.status} from Prism: ${text}`);
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: body as T };
  };
  return {
    baseUrl,
    call,
    violations,
    async token(credentials = CREDENTIALS) {
      const res = await call<{ access_token: string }>('POST', '/jwt/client/obtain/token', {
        body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
      });
      if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.access_token;
    },
  };
}

export const ref = () => randomUUID();

/** The body of a collection in USD from a payment account, under a reference id. */
export const collectionBody = (
  sessionId: number | string,
  paymentAccountId: string,
  referenceId: string = ref(),
) => ({
  session_id: String(sessionId),
  payment_account_id: paymentAccountId,
  currency: 'USD',
  reference_id: referenceId,
});

/** The spec's named examples, read from the bundle (never copied by hand). */
export function specExamples(): Record<string, { value: Json }> {
  const doc = JSON.parse(readFileSync(specPath(), 'utf8')) as {
    components: { examples: Record<string, { value: unknown }> };
  };
  return doc.components.examples as Record<string, { value: Json }>;
}

export const inMinutes = (from: Date, minutes: number) =>
  new Date(from.getTime() + minutes * 60_000).toISOString();

/** Prism processes started by `parent` (they carry the `dollr-prism` marker, see prism.ts). */
export function prismPids(parent: number): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(parent), '-f', 'dollr-prism'], {
      encoding: 'utf8',
    });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}
