/**
 * While a tenant has realtime subscribers and a real clock, a timer settles it when its next
 * transition is due, so events go out when the money moves, not at the next request. Manual
 * clocks need none: `advance()` settles and publishes. Timers are unref'd.
 */
import type { Tenant } from '../tenants.js';

interface Watch {
  count: number;
  timer?: ReturnType<typeof setTimeout>;
  stop: () => void;
}

/** The longest delay setTimeout takes. */
const MAX_DELAY = 2 ** 31 - 1;

export class SettleScheduler {
  private readonly watches = new Map<Tenant, Watch>();

  /** One more subscriber of `tenant`; returns its release. */
  acquire(tenant: Tenant): () => void {
    let watch = this.watches.get(tenant);
    if (!watch) {
      const created: Watch = { count: 0, stop: () => {} };
      created.stop = tenant.feed.onMove(() => this.reschedule(tenant, created));
      this.watches.set(tenant, created);
      this.reschedule(tenant, created);
      watch = created;
    }
    watch.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(tenant);
    };
  }

  private release(tenant: Tenant): void {
    const watch = this.watches.get(tenant);
    if (!watch || --watch.count > 0) return;
    clearTimeout(watch.timer);
    watch.stop();
    this.watches.delete(tenant);
  }

  private reschedule(tenant: Tenant, watch: Watch): void {
    clearTimeout(watch.timer);
    watch.timer = undefined;
    if (tenant.clock.kind !== 'real') return;
    const next = tenant.store.nextDueAt();
    if (next === null) return;
    const delay = Math.min(MAX_DELAY, Math.max(0, next - tenant.clock.nowMs()));
    watch.timer = setTimeout(() => {
      watch.timer = undefined;
      tenant.settle();
      if (!watch.timer && this.watches.get(tenant) === watch) this.reschedule(tenant, watch);
    }, delay);
    watch.timer.unref?.();
  }

  close(): void {
    for (const watch of this.watches.values()) {
      clearTimeout(watch.timer);
      watch.stop();
    }
    this.watches.clear();
  }
}
