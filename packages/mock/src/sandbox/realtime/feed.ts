/**
 * A tenant's change feed: every status change of an execution as it is written (an INSERT when it
 * is created, an UPDATE per transition), for the realtime socket. Synchronous and free of Node-only
 * APIs: the lifecycle publishes from inside a request, in a browser too.
 */
import type { ExecutionRecord } from '../store.js';

export interface ExecutionChange {
  type: 'INSERT' | 'UPDATE';
  /** The execution as written by this change. */
  execution: ExecutionRecord;
}

/** A subscriber's failure never fails the request that moved the money. */
function guarded(call: () => void): void {
  try {
    call();
  } catch {
    // The subscriber's socket is gone or broken; its channel is dropped when the socket closes.
  }
}

type ChangeListener = (change: ExecutionChange) => void;
type MoveListener = () => void;

export class ChangeFeed {
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly moveListeners = new Set<MoveListener>();

  /** Listeners of changes: the live realtime subscriptions of the tenant. */
  get subscribers(): number {
    return this.changeListeners.size;
  }

  onChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Called after every change and every move of the clock (to reschedule a timer). */
  onMove(listener: MoveListener): () => void {
    this.moveListeners.add(listener);
    return () => this.moveListeners.delete(listener);
  }

  publish(change: ExecutionChange): void {
    for (const listener of this.changeListeners) guarded(() => listener(change));
    this.moved();
  }

  moved(): void {
    for (const listener of this.moveListeners) guarded(listener);
  }
}
