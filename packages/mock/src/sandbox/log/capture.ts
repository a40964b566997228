/**
 * The JSON body of a request's answer, kept as the object the handler returned: the log and the
 * doctor read it from here instead of reading the Response back.
 */
import type { Context } from 'hono';

const bodies = new WeakMap<object, unknown>();
const capturing = new WeakSet<object>();

/** From now on, remember what this request answers with `c.json`. Idempotent. */
export function captureJsonAnswers(c: Context): void {
  if (capturing.has(c)) return;
  capturing.add(c);
  const json = c.json;
  c.json = ((object: unknown, ...rest: unknown[]) => {
    bodies.set(c, object);
    return (json as (...args: unknown[]) => Response)(object, ...rest);
  }) as typeof c.json;
}

export function answeredJson(c: Context): unknown {
  return bodies.get(c);
}
