/**
 * The request log as Server-Sent Events (spec/control: streamRequests): the backlog after `after`
 * first, then each request as it is answered, one `request` event apiece, and a comment every
 * 15 s so that proxies keep the connection open. Ends when the caller goes away.
 */
import type { Context } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import type { LoggedRequest, RequestLog } from './request-log.js';

export const KEEP_ALIVE_MS = 15_000;

function send(stream: SSEStreamingApi, entry: LoggedRequest): Promise<void> {
  return stream.writeSSE({ event: 'request', id: String(entry.id), data: JSON.stringify(entry) });
}

export function streamRequests(c: Context, log: RequestLog, after: number): Response {
  return streamSSE(c, async (stream) => {
    const live: LoggedRequest[] = [];
    let wake: (() => void) | undefined;
    const stop = log.subscribe((entry) => {
      live.push(entry);
      wake?.();
    });
    const keepAlive = setInterval(() => {
      void stream.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    stream.onAbort(() => {
      stop();
      clearInterval(keepAlive);
      wake?.();
    });
    try {
      const sent = new Set<number>();
      for (const entry of log.list({ after })) {
        sent.add(entry.id);
        await send(stream, entry);
      }
      while (!stream.aborted && !stream.closed) {
        const entry = live.shift();
        if (entry === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        } else if (entry.id > after && !sent.has(entry.id)) {
          await send(stream, entry);
        }
      }
    } finally {
      stop();
      clearInterval(keepAlive);
    }
  });
}
