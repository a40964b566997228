/**
 * The connection under a Dollr request, for the faults that answer nothing: under
 * @hono/node-server it is the Node socket; in process (`app.request()`) the request's signal
 * stands for it.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { FaultConnection } from './apply.js';

export function connectionOf(c: Context): FaultConnection {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const signal = c.req.raw.signal;
  return {
    reset() {
      const socket = incoming?.socket;
      if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket?.destroy();
    },
    closed() {
      return new Promise<void>((resolve) => {
        if (signal.aborted || incoming?.socket?.destroyed) return resolve();
        signal.addEventListener('abort', () => resolve(), { once: true });
        incoming?.socket?.once('close', () => resolve());
      });
    },
  };
}
