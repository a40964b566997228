/**
 * The JSON body of a request's answer, kept as the object the handler returned: the log reads it
 * from here instead of reading the Response back. Installed once per request by the log's
 * middleware, before anything answers.
 */
import type { Context } from 'hono';

const bodies = new WeakMap<object, unknown>();

export function captureJsonAnswers(c: Context): void {
  const json = c.json;
  c.json = ((object: unknown, ...rest: unknown[]) => {
    bodies.set(c, object);
    return (json as (...args: unknown[]) => Response)(object, ...rest);
  }) as typeof c.json;
}

export function answeredJson(c: Context): unknown {
  return bodies.get(c);
}
