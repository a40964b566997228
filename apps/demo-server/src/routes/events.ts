/** Server-sent events: one attempt until it is final, or every attempt for the admin page. */
import { Hono } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { type Attempt, type Db, isFinal } from '../db.js';
import type { AttemptFeed, EventHub } from '../events.js';
import type { Payments } from '../payments.js';
import { attemptView } from '../views.js';
import { requireAttempt } from './api.js';

export interface EventsOptions {
  db: Db;
  events: EventHub;
  payments: Payments;
  /** Keep-alive comments on idle streams. */
  heartbeatMs: number;
}

/** Runs `body` on a feed with keep-alives, and always closes both. */
async function withFeed(
  stream: SSEStreamingApi,
  feed: AttemptFeed,
  heartbeatMs: number,
  body: () => Promise<void>,
): Promise<void> {
  stream.onAbort(() => feed.close());
  const beat = setInterval(() => void stream.write(': keep-alive\n\n'), heartbeatMs);
  try {
    await body();
  } finally {
    clearInterval(beat);
    feed.close();
  }
}

export function eventsRouter({ db, events, payments, heartbeatMs }: EventsOptions): Hono {
  const router = new Hono();
  const sendAttempt = (stream: SSEStreamingApi, attempt: Attempt) =>
    stream.writeSSE({
      event: 'attempt',
      data: JSON.stringify(attemptView(attempt, payments.followedBy(attempt.id))),
    });

  router.get('/attempts/:id/events', (c) => {
    const { id } = requireAttempt(db, c);
    return streamSSE(c, async (stream) => {
      // Subscribe first, then send the current state: no change can fall in between.
      const feed = events.feed(id);
      await withFeed(stream, feed, heartbeatMs, async () => {
        const current = db.getAttempt(id) as Attempt;
        await sendAttempt(stream, current);
        if (isFinal(current.status)) return;
        for await (const attempt of feed) {
          await sendAttempt(stream, attempt);
          if (isFinal(attempt.status)) return;
        }
      });
    });
  });

  router.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const feed = events.feed('*');
      await withFeed(stream, feed, heartbeatMs, async () => {
        await stream.writeSSE({ event: 'ready', data: '{}' });
        for await (const attempt of feed) await sendAttempt(stream, attempt);
      });
    }),
  );
  return router;
}
