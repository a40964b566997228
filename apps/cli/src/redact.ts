/** Masks secrets in what --verbose shows: credentials, tokens, passcodes, card client secrets. */

export const REDACTED = '[redacted]';

const SECRET_KEY = /secret|token|password|passcode|^code$|authorization|cookie/i;

/** A deep copy of a JSON value with every string under a secret-looking key masked. */
export function redactJson(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => redactJson(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactJson(v, k)]),
    );
  }
  if (typeof value === 'string' && SECRET_KEY.test(key)) return REDACTED;
  return value;
}

/** A body as text, redacted when it is JSON, summarised otherwise (never shown raw). */
export function redactBody(text: string): string {
  if (text === '') return '(empty)';
  try {
    return JSON.stringify(redactJson(JSON.parse(text)));
  } catch {
    return `(${text.length} bytes, not JSON)`;
  }
}

/** Headers with the Authorization header (and any other secret-looking one) masked. */
export function redactHeaders(headers: Headers): string {
  const shown: string[] = [];
  headers.forEach((value, name) => {
    shown.push(`${name}: ${SECRET_KEY.test(name) ? REDACTED : value}`);
  });
  return shown.join(', ');
}
