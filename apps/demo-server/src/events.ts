/**
 * Fan-out of attempt changes to whoever listens: one checkout page watching its payment, or the
 * admin page watching everything. The payment code publishes; server-sent event streams subscribe.
 */
import type { Attempt } from './db.js';

type Listener = (attempt: Attempt) => void;

/** A subscription read as an async iterator; `close()` ends it (and any pending `next()`). */
export interface AttemptFeed extends AsyncIterable<Attempt> {
  close(): void;
}

export class EventHub {
  readonly #byAttempt = new Map<number, Set<Listener>>();
  readonly #everything = new Set<Listener>();
  readonly #feeds = new Set<AttemptFeed>();

  /** Calls `listener` with every change of one attempt, or of all attempts with '*'. */
  subscribe(attemptId: number | '*', listener: Listener): () => void {
    let set = this.#everything;
    if (attemptId !== '*') {
      set = this.#byAttempt.get(attemptId) ?? new Set();
      this.#byAttempt.set(attemptId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (attemptId !== '*' && set.size === 0) this.#byAttempt.delete(attemptId);
    };
  }

  publish(attempt: Attempt): void {
    for (const listener of [...(this.#byAttempt.get(attempt.id) ?? []), ...this.#everything]) {
      try {
        listener(attempt);
      } catch {
        // One broken listener must not stop the others.
      }
    }
  }

  /** A buffered subscription: nothing published between two reads is lost. */
  feed(attemptId: number | '*'): AttemptFeed {
    const queue: Attempt[] = [];
    let wake: (() => void) | undefined;
    let closed = false;
    const unsubscribe = this.subscribe(attemptId, (attempt) => {
      queue.push(attempt);
      wake?.();
    });
    const feeds = this.#feeds;
    const feed: AttemptFeed = {
      close() {
        if (closed) return;
        closed = true;
        unsubscribe();
        feeds.delete(feed);
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        while (true) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          if (closed) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      },
    };
    feeds.add(feed);
    return feed;
  }

  /** Ends every open feed: the server is shutting down. */
  closeAll(): void {
    for (const feed of [...this.#feeds]) feed.close();
  }

  /** How many listeners there are (for tests and diagnostics). */
  get listenerCount(): number {
    let count = this.#everything.size;
    for (const set of this.#byAttempt.values()) count += set.size;
    return count;
  }
}
