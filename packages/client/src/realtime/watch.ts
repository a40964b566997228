/**
 * Follows one execution to COMPLETED or FAILED: through Dollr's realtime channel when it can (a
 * collection, with its checkout session and a Supabase URL), by polling otherwise or when the
 * channel fails. Either way the status endpoint has the last word, as Dollr's docs require: a
 * realtime row is a hint that makes the watcher ask at once.
 */
import type { DollrClient } from '../client.js';
import { DollrRateLimitError, DollrTimeoutError } from '../errors.js';
import { isFinalStatus, withReferenceId } from '../executions.js';
import { unwrap } from '../responses.js';
import { abortError } from '../retry.js';
import type {
  CheckoutSourceType,
  ExecutionKind,
  ExecutionResponse,
  ExecutionStatus,
} from '../types.js';
import { CollectionChannel, type WebSocketConstructor } from './channel.js';

export interface RealtimeOptions {
  /** The Supabase URL Dollr gives you; a sandbox's own root URL (`GET /_sandbox/realtime`). */
  url: string;
  /** The public anon key that goes with it. */
  anonKey: string;
  /** Default `globalThis.WebSocket` (browsers, Node 22+, Deno, Bun). On Node 20 pass `ws`. */
  WebSocket?: unknown;
  /** How long the channel may take to join before the watcher polls instead. Default 10 000. */
  joinTimeoutMs?: number;
}

export type Via = 'realtime' | 'polling';
export type Transport = { via: 'realtime' } | { via: 'polling'; reason: string };

export interface StatusUpdate {
  status: ExecutionStatus;
  /** The transport the watch was on when it saw the status. */
  via: Via;
}

export interface WatchOptions {
  signal?: AbortSignal;
  /** Give up (DollrTimeoutError, code `wait_timeout`) after this long. Default 600 000. */
  timeoutMs?: number;
  /** The first polling interval. Default 2 000. */
  intervalMs?: number;
  /** Polling grows ×1.5 up to this; on realtime, the status endpoint is asked this often too. */
  maxIntervalMs?: number;
  /** The collection's checkout session, which its realtime key is scoped to. */
  session?: { id: number; sourceType: CheckoutSourceType };
  /** Where to subscribe; without it the watcher polls. */
  realtime?: RealtimeOptions;
  /** Once per distinct status. */
  onStatus?: (update: StatusUpdate) => void;
  /** When the watch starts on a transport, and again when it falls back to polling. */
  onTransport?: (transport: Transport) => void;
}

export interface WatchResult {
  /** The final execution as `GET /status/{kind}/{reference_id}` answered it. */
  execution: ExecutionResponse;
  /** The transport that saw the final status. */
  via: Via;
  /** Why realtime was not used, or was left, when it did not follow the execution to the end. */
  fallbackReason?: string;
}

type Report = (status: ExecutionStatus, via: Via) => void;

interface Watch {
  client: DollrClient;
  kind: ExecutionKind;
  referenceId: string;
  options: WatchOptions;
  deadline: number;
  report: Report;
}

/** Follows an execution until COMPLETED or FAILED; see the module's comment. */
export async function watchExecution(
  client: DollrClient,
  kind: ExecutionKind,
  referenceId: string,
  options: WatchOptions = {},
): Promise<WatchResult> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  let last: ExecutionStatus | undefined;
  const report: Report = (status, via) => {
    if (status === last) return;
    last = status;
    options.onStatus?.({ status, via });
  };
  const watch: Watch = {
    client,
    kind,
    referenceId,
    options,
    deadline: Date.now() + timeoutMs,
    report,
  };
  try {
    let reason = whyNotRealtime(kind, options);
    if (reason === undefined) {
      const followed = await followByRealtime(watch);
      if ('execution' in followed) return followed;
      reason = followed.reason;
    }
    options.onTransport?.({ via: 'polling', reason });
    const execution = await client.waitForExecution(kind, referenceId, {
      signal: options.signal,
      timeoutMs: Math.max(0, watch.deadline - Date.now()),
      intervalMs: options.intervalMs,
      maxIntervalMs: options.maxIntervalMs,
      onStatus: (seen) => report(seen.status, 'polling'),
    });
    return { execution, via: 'polling', fallbackReason: reason };
  } catch (error) {
    if (error instanceof DollrTimeoutError && error.code === 'wait_timeout') {
      throw withReferenceId(
        new DollrTimeoutError(timeoutMs, `Waiting for ${kind} ${referenceId}`, 'wait_timeout'),
        referenceId,
      );
    }
    throw withReferenceId(error, referenceId);
  }
}

function webSocketOf(realtime: RealtimeOptions): WebSocketConstructor | undefined {
  return (realtime.WebSocket ?? (globalThis as { WebSocket?: unknown }).WebSocket) as
    | WebSocketConstructor
    | undefined;
}

function whyNotRealtime(kind: ExecutionKind, options: WatchOptions): string | undefined {
  if (kind !== 'collection') return `realtime keys exist for collections only, not for a ${kind}`;
  if (!options.realtime) return 'no realtime configured';
  if (!options.session) return 'no checkout session given (session.id and session.sourceType)';
  if (!webSocketOf(options.realtime)) {
    return "no WebSocket in this runtime (on Node 20, pass realtime.WebSocket from 'ws')";
  }
  return undefined;
}

async function createKey(watch: Watch): Promise<{ access_token: string; expires_in: number }> {
  const { id, sourceType } = watch.options.session as NonNullable<WatchOptions['session']>;
  return unwrap(
    watch.client.POST('/realtime-keys/collection', {
      body: { session_id: id, source_type: sourceType, reference_id: watch.referenceId },
      signal: watch.options.signal,
    }),
    'POST',
    '/realtime-keys/collection',
  );
}

/** When to ask for a fresh key: a minute before this one expires, or halfway through a short one. */
const refreshDelayMs = (expiresInSeconds: number) =>
  Math.max((expiresInSeconds * 1000) / 2, expiresInSeconds * 1000 - 60_000);

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The realtime watch: its result, or why the watcher must poll instead. */
async function followByRealtime(watch: Watch): Promise<WatchResult | { reason: string }> {
  const { options } = watch;
  const { signal } = options;
  const realtime = options.realtime as RealtimeOptions;
  let key: { access_token: string; expires_in: number };
  try {
    key = await createKey(watch);
  } catch (error) {
    if (signal?.aborted) throw error;
    return { reason: `no realtime key: ${reasonOf(error)}` };
  }
  const channel = new CollectionChannel({
    url: realtime.url,
    anonKey: realtime.anonKey,
    WebSocket: webSocketOf(realtime) as WebSocketConstructor,
    sessionId: (options.session as NonNullable<WatchOptions['session']>).id,
    referenceId: watch.referenceId,
    key: key.access_token,
    signal,
  });
  try {
    const joined = await channel.join(realtime.joinTimeoutMs ?? 10_000);
    if (joined.type === 'aborted') throw abortError(signal as AbortSignal);
    if (joined.type === 'failed') return { reason: joined.reason };
    options.onTransport?.({ via: 'realtime' });
    return await listen(watch, channel, key.expires_in);
  } finally {
    channel.close();
  }
}

async function listen(
  watch: Watch,
  channel: CollectionChannel,
  expiresIn: number,
): Promise<WatchResult | { reason: string }> {
  const { options, referenceId } = watch;
  const interval = options.intervalMs ?? 2_000;
  const safetyInterval = options.maxIntervalMs ?? 10_000;
  let refreshAt = Date.now() + refreshDelayMs(expiresIn);
  // What happened before the join is asked once: no event will repeat it.
  let checkAt = Date.now();
  let finalRowSeen = false;
  for (;;) {
    const now = Date.now();
    if (now >= checkAt) {
      try {
        const execution = await watch.client.getExecution('collection', referenceId, {
          signal: options.signal,
        });
        watch.report(execution.status, 'realtime');
        if (isFinalStatus(execution.status)) return { execution, via: 'realtime' };
        checkAt = Date.now() + (finalRowSeen ? interval : safetyInterval);
      } catch (error) {
        if (!(error instanceof DollrRateLimitError)) throw error;
        checkAt = Date.now() + Math.max(interval, error.retryAfterMs ?? 0);
      }
      continue;
    }
    if (now >= watch.deadline) {
      throw new DollrTimeoutError(0, 'Waiting', 'wait_timeout');
    }
    if (now >= refreshAt) {
      try {
        const key = await createKey(watch);
        channel.refresh(key.access_token);
        refreshAt = Date.now() + refreshDelayMs(key.expires_in);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        return { reason: `could not refresh the realtime key: ${reasonOf(error)}` };
      }
      continue;
    }
    const event = await channel.next(Math.min(checkAt, refreshAt, watch.deadline) - now);
    if (event.type === 'aborted') throw abortError(options.signal as AbortSignal);
    if (event.type === 'failed') return { reason: event.reason };
    if (event.type === 'row' && !isFinalStatus(event.row.status)) {
      watch.report(event.row.status, 'realtime');
    } else if (event.type === 'row') {
      // A final row is a hint, never announced: the status endpoint confirms it now, and again
      // soon while it lags.
      finalRowSeen = true;
      checkAt = Date.now();
    }
  }
}
