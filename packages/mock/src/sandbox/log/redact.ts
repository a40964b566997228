/**
 * Secrets out of logged messages: `client_secret` (the API credential, and the 3-D Secure secret
 * of a card execution), `access_token`, the payout passcode's `code`, and the token of an
 * `Authorization` header (its scheme stays).
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEYS = new Set(['client_secret', 'access_token']);

/** A copy of a JSON body with its secrets replaced; other values are shared, not copied. */
export function redactBody(body: unknown): unknown {
  return redactValue(body, []);
}

function redactValue(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, path));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSecret(key, path) && inner != null ? REDACTED : redactValue(inner, [...path, key]);
  }
  return out;
}

function isSecret(key: string, path: string[]): boolean {
  if (SECRET_KEYS.has(key)) return true;
  // passcode.token.code, wherever the passcode sits.
  return key === 'code' && path.at(-1) === 'token' && path.at(-2) === 'passcode';
}

/** Headers lower-cased, with the credentials of `authorization` (and cookies) hidden. */
export function redactHeaders(
  headers: Iterable<[string, string]> | Record<string, string | string[] | undefined>,
): Record<string, string> {
  const entries = Symbol.iterator in headers ? [...headers] : Object.entries(headers);
  const out: Record<string, string> = {};
  for (const [name, raw] of entries) {
    if (raw === undefined) continue;
    const key = name.toLowerCase();
    const own = Array.isArray(raw) ? raw.join(', ') : String(raw);
    // A header sent twice reads as one, its values joined (as Node and Fetch do).
    const value = out[key] === undefined ? own : `${out[key]}, ${own}`;
    if (key === 'authorization' || key === 'proxy-authorization') {
      const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
      out[key] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (key === 'cookie' || key === 'set-cookie') out[key] = REDACTED;
    else out[key] = value;
  }
  return out;
}
