/**
 * What the test-mode extensions (request log, doctor, faults) share about one Dollr request, kept
 * in the request's context: made once per request, read by each, and dropped with the request.
 */
import type { Context } from 'hono';
import type { FaultKind } from './faults/types.js';

export interface Exchange {
  /** The request's id in its tenant's log, once reserved. */
  logId: number | undefined;
  /** When it arrived on its tenant's clock, once known (the doctor notes it). */
  atMs: number | undefined;
  /** The object the request was answered with through `c.json`, as the handler returned it. */
  answer: unknown;
  /** That answer's body as sent (its JSON text): what the request log keeps. */
  answerJson: string | undefined;
  /** The fault applied, and whether the caller got an answer at all. */
  fault: { kind: FaultKind; answered: boolean } | undefined;
}

declare module 'hono' {
  interface ContextVariableMap {
    dollrExchange: Exchange;
  }
}

/** The request's exchange, made on first use; from then on `c.json` answers are remembered. */
export function exchangeOf(c: Context): Exchange {
  let exchange = c.get('dollrExchange');
  if (exchange === undefined) {
    const made: Exchange = {
      logId: undefined,
      atMs: undefined,
      answer: undefined,
      answerJson: undefined,
      fault: undefined,
    };
    // As Hono's own `c.json`, keeping the text it sends.
    c.json = ((object: unknown, arg?: unknown, headers?: Record<string, string>) => {
      made.answer = object;
      made.answerJson = JSON.stringify(object);
      return (c.body as (...args: unknown[]) => Response)(made.answerJson, arg, {
        'Content-Type': 'application/json',
        ...headers,
      });
    }) as typeof c.json;
    c.set('dollrExchange', made);
    exchange = made;
  }
  return exchange;
}
