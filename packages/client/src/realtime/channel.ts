/**
 * The smallest Supabase Realtime subscriber that follows one collection: a Phoenix socket
 * (`vsn` 2.0.0 frames, `[join_ref, ref, topic, event, payload]`), one channel joined with the
 * realtime key and the `postgres_changes` binding of the spec's `x-realtime`, a heartbeat, and
 * the key's refresh. What it hears goes into a queue that the watcher reads with `next()`.
 */
import { REALTIME_COLLECTION } from '@dollr/spec/vocabulary';
import type { CheckoutSourceType, ExecutionStatus } from '../types.js';

/** What a WebSocket must offer: the browser's, Node 22+'s, Deno's, Bun's or `ws`'s. */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** A `checkout_payment_intent_public_status` row, as far as the watcher reads it. */
export interface PublicStatusRow {
  reference_id: string;
  session_id: number;
  source_type: CheckoutSourceType;
  status: ExecutionStatus;
  updated_at: string;
}

export type ChannelEvent =
  | { type: 'joined' }
  | { type: 'row'; row: PublicStatusRow }
  | { type: 'failed'; reason: string }
  | { type: 'aborted' }
  | { type: 'idle' };

export interface ChannelTarget {
  url: string;
  anonKey: string;
  WebSocket: WebSocketConstructor;
  sessionId: number;
  referenceId: string;
  key: string;
  signal?: AbortSignal;
}

const HEARTBEAT_MS = 25_000;
const JOIN_REF = '1';

const fill = (template: string, sessionId: number, referenceId: string) =>
  template.replace('{session_id}', String(sessionId)).replace('{reference_id}', referenceId);

/** `ws(s)://…/realtime/v1/websocket?apikey=…&vsn=2.0.0` under the Supabase URL. */
export function websocketUrl(url: string, anonKey: string): string {
  const root = url.replace(/\/+$/, '').replace(/^http/i, 'ws');
  return `${root}/realtime/v1/websocket?${new URLSearchParams({ apikey: anonKey, vsn: '2.0.0' })}`;
}

export function channelName(sessionId: number, referenceId: string): string {
  return fill(REALTIME_COLLECTION.channel, sessionId, referenceId);
}

export class CollectionChannel {
  private readonly socket: WebSocketLike;
  private readonly topic: string;
  private readonly queue: ChannelEvent[] = [];
  private wake: (() => void) | undefined;
  private nextRef = 2;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private readonly onAbort = () => this.push({ type: 'aborted' });

  constructor(private readonly target: ChannelTarget) {
    this.topic = `realtime:${channelName(target.sessionId, target.referenceId)}`;
    target.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (target.signal?.aborted) this.onAbort();
    this.socket = new target.WebSocket(websocketUrl(target.url, target.anonKey));
    this.socket.onopen = () => this.sendJoin();
    this.socket.onmessage = (event) => this.receive(event.data);
    this.socket.onerror = () => this.fail('the realtime socket failed');
    this.socket.onclose = (event) =>
      this.fail(
        `the realtime socket closed (${event.code ?? 'no code'}${event.reason ? `: ${event.reason}` : ''})`,
      );
  }

  /** Waits for the server to accept the join: `joined`, `failed` (refused, or too slow) or `aborted`. */
  async join(timeoutMs: number): Promise<ChannelEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await this.next(deadline - Date.now());
      if (event.type === 'idle') {
        return { type: 'failed', reason: `the channel did not join within ${timeoutMs} ms` };
      }
      if (event.type !== 'row') return event;
    }
  }

  /** The next event, or `idle` when nothing came within `ms`. */
  async next(ms: number): Promise<ChannelEvent> {
    const queued = this.queue.shift();
    if (queued) return queued;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, ms));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    return this.queue.shift() ?? { type: 'idle' };
  }

  /** Hands the channel a fresh key before the current one expires. */
  refresh(key: string): void {
    this.send(this.topic, 'access_token', { access_token: key }, JOIN_REF);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.target.signal?.removeEventListener('abort', this.onAbort);
    this.socket.onclose = null;
    this.socket.onmessage = null;
    // Closing a socket still connecting makes `ws` emit an error: it must find a listener.
    this.socket.onerror = () => {};
    try {
      this.socket.close(1000);
    } catch {
      // Closing a socket that never opened may throw; there is nothing left to release.
    }
  }

  private push(event: ChannelEvent): void {
    if (this.closed) return;
    this.queue.push(event);
    this.wake?.();
  }

  private fail(reason: string): void {
    this.push({ type: 'failed', reason });
    this.close();
  }

  private send(topic: string, event: string, payload: object, joinRef: string | null): string {
    const ref = String(this.nextRef++);
    this.socket.send(JSON.stringify([joinRef, ref, topic, event, payload]));
    return ref;
  }

  private sendJoin(): void {
    const { sessionId, referenceId, key } = this.target;
    const binding = {
      event: REALTIME_COLLECTION.postgresEvent,
      schema: REALTIME_COLLECTION.schema,
      table: REALTIME_COLLECTION.table,
      filter: fill(REALTIME_COLLECTION.filter, sessionId, referenceId),
    };
    const config = {
      broadcast: { ack: false, self: false },
      presence: { key: '', enabled: false },
      postgres_changes: [binding],
      private: false,
    };
    this.socket.send(
      JSON.stringify([JOIN_REF, JOIN_REF, this.topic, 'phx_join', { config, access_token: key }]),
    );
    this.heartbeat = setInterval(() => this.send('phoenix', 'heartbeat', {}, null), HEARTBEAT_MS);
  }

  private receive(data: unknown): void {
    let frame: unknown;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    if (!Array.isArray(frame) || frame[2] !== this.topic) return;
    const [, ref, , event, payload] = frame as [unknown, unknown, string, string, Payload];
    if (event === 'phx_reply' && ref === JOIN_REF) {
      if (payload?.status === 'ok') this.push({ type: 'joined' });
      else this.fail(`the channel was refused: ${reasonOf(payload?.response?.reason)}`);
    } else if (event === 'system' && payload?.status === 'error') {
      this.fail(`the channel failed: ${reasonOf(payload.message)}`);
    } else if (event === 'phx_close' || event === 'phx_error') {
      this.fail(`the server closed the channel (${event})`);
    } else if (event === 'postgres_changes') {
      const row = payload?.data?.record as PublicStatusRow | undefined;
      if (row && row.reference_id?.toLowerCase() === this.target.referenceId.toLowerCase()) {
        this.push({ type: 'row', row });
      }
    }
  }
}

type Payload =
  | {
      status?: string;
      message?: unknown;
      response?: { reason?: unknown };
      data?: { record?: unknown };
    }
  | undefined;

const reasonOf = (value: unknown) => (typeof value === 'string' ? value : 'no reason given');
