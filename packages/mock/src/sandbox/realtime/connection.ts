/**
 * One realtime websocket: its channels (join, leave, token refresh, heartbeat) and the
 * `postgres_changes` events each channel may see. A key sees the rows of its own collection only
 * (row-level security on session id and reference id); the anon key sees none.
 */
import type { TenantRegistry } from '../tenants.js';
import { type Binding, matches, readBindings } from './bindings.js';
import type { ExecutionChange } from './feed.js';
import { checkToken, type RealtimeAccess } from './keys.js';
import {
  decodeFrame,
  encodeFrame,
  type Frame,
  postgresChange,
  publicStatusRow,
  reply,
  system,
  type Vsn,
} from './protocol.js';
import type { SettleScheduler } from './scheduler.js';

export interface Transport {
  send(text: string): void;
}

interface Channel {
  topic: string;
  joinRef: string | null;
  token: string;
  access: RealtimeAccess;
  bindings: Binding[];
  /** Stop listening (feed, expiry timer, scheduler). */
  detach: () => void;
}

const MAX_DELAY = 2 ** 31 - 1;

export class RealtimeConnection {
  private readonly channels = new Map<string, Channel>();

  constructor(
    private readonly transport: Transport,
    private readonly vsn: Vsn,
    private readonly apikey: string,
    private readonly tenants: TenantRegistry,
    private readonly scheduler: SettleScheduler,
  ) {}

  private send(frame: Frame): void {
    this.transport.send(encodeFrame(this.vsn, frame));
  }

  receive(text: string): void {
    const frame = decodeFrame(this.vsn, text);
    if (!frame) return;
    if (frame.topic === 'phoenix') {
      if (frame.event === 'heartbeat') this.send(reply(frame, 'ok'));
      return;
    }
    if (frame.event === 'phx_join') {
      this.join(frame);
      return;
    }
    const channel = this.channels.get(frame.topic);
    if (!channel) this.send(reply(frame, 'error', { reason: 'unmatched topic' }));
    else if (frame.event === 'phx_leave') {
      this.send(reply(frame, 'ok'));
      this.drop(channel);
    } else if (frame.event === 'access_token') this.refresh(channel, frame.payload.access_token);
  }

  close(): void {
    for (const channel of [...this.channels.values()]) this.drop(channel);
  }

  private join(frame: Frame): void {
    const previous = this.channels.get(frame.topic);
    if (previous) this.shut(previous);
    const token = frame.payload.access_token ?? this.apikey;
    const check = checkToken(this.tenants, token);
    if (!check.ok) {
      this.send(reply(frame, 'error', { reason: check.refusal.reason }));
      return;
    }
    const config = frame.payload.config as Record<string, unknown> | undefined;
    const bindings = readBindings(config);
    const channel: Channel = {
      topic: frame.topic,
      joinRef: frame.join_ref,
      token: token as string,
      access: check.access,
      bindings,
      detach: () => {},
    };
    this.channels.set(channel.topic, channel);
    this.attach(channel);
    const response = config
      ? { postgres_changes: bindings.map((b) => ({ ...b.params, id: b.id })) }
      : {};
    this.send(reply(frame, 'ok', response));
    if (bindings.length === 0) return;
    const problem = bindings.find((b) => b.problem)?.problem;
    this.send(
      system(
        channel.topic,
        channel.joinRef,
        'postgres_changes',
        problem ? 'error' : 'ok',
        problem ?? 'Subscribed to PostgreSQL',
      ),
    );
  }

  /** Listen for the channel's rows and its key's expiry. */
  private attach(channel: Channel): void {
    const { access } = channel;
    if (access.role !== 'authenticated' || channel.bindings.length === 0) return;
    const { tenant } = access;
    const offChange = tenant.feed.onChange((change) => this.deliver(channel, change));
    const offMove = tenant.feed.onMove(() => this.expireIfDue(channel));
    const release = this.scheduler.acquire(tenant);
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (tenant.clock.kind === 'real') {
      const delay = Math.min(MAX_DELAY, Math.max(0, access.expMs - tenant.clock.nowMs()));
      timer = setTimeout(() => this.expireIfDue(channel), delay + 1);
      timer.unref?.();
    }
    channel.detach = () => {
      offChange();
      offMove();
      release();
      clearTimeout(timer);
    };
  }

  private deliver(channel: Channel, change: ExecutionChange): void {
    const { access } = channel;
    if (access.role !== 'authenticated') return;
    const { claims, tenant } = access;
    const { execution } = change;
    // Row-level security: the key's own collection, changed while the key was valid.
    if (execution.session_id !== claims.session_id) return;
    if (execution.reference_id.toLowerCase() !== claims.reference_id.toLowerCase()) return;
    if (execution.updated_at >= access.expMs) return;
    const row = publicStatusRow(tenant.store, execution);
    if (!row) return;
    const ids = channel.bindings.filter((b) => matches(b, change.type, row)).map((b) => b.id);
    if (ids.length === 0) return;
    this.send({
      join_ref: channel.joinRef,
      ref: null,
      topic: channel.topic,
      event: 'postgres_changes',
      payload: postgresChange(ids, change.type, row),
    });
  }

  private expireIfDue(channel: Channel): void {
    if (this.channels.get(channel.topic) !== channel) return;
    const check = checkToken(this.tenants, channel.token);
    if (!check.ok) this.shutdown(channel, check.refusal.shutdown);
  }

  private refresh(channel: Channel, token: unknown): void {
    if (token === null || token === undefined || token === channel.token) return;
    if (typeof token === 'string' && token.startsWith('sb_')) return;
    const check = checkToken(this.tenants, token);
    if (!check.ok) {
      this.shutdown(channel, check.refusal.shutdown);
      return;
    }
    channel.detach();
    channel.token = token as string;
    channel.access = check.access;
    this.attach(channel);
  }

  /** The server stops the channel: a `system` error, then `phx_close`. */
  private shutdown(channel: Channel, message: string): void {
    this.send(system(channel.topic, channel.joinRef, 'system', 'error', message));
    this.shut(channel);
  }

  private shut(channel: Channel): void {
    this.send({
      join_ref: channel.joinRef,
      ref: channel.joinRef,
      topic: channel.topic,
      event: 'phx_close',
      payload: {},
    });
    this.drop(channel);
  }

  private drop(channel: Channel): void {
    channel.detach();
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic);
  }
}
