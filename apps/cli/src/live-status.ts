/**
 * Whether `--wait` on a collection can follow it through Dollr's realtime channel, and with what:
 * the Supabase URL and anon key (flags, environment, or a sandbox's `GET /_sandbox/realtime`),
 * the collection's checkout session (a flag or the journal) and its source type (a flag, or the
 * one the API issues a realtime key for), and a WebSocket (`ws` on Node 20). Without any of them
 * the wait polls, and the plan says why.
 */
import type { DollrClient } from '@dollr/client';
import type { RealtimeOptions } from '@dollr/client/realtime';
import type { RealtimeInfo } from '@dollr/spec/control';
import {
  CHECKOUT_SOURCE_TYPES,
  type CheckoutSourceType,
  REALTIME_COLLECTION,
} from '@dollr/spec/vocabulary';
import type { Command } from 'commander';
import { type Context, DEFAULT_BASE_URL } from './context.js';
import { UsageError } from './errors.js';
import {
  CHECKOUT_SOURCE_TYPE_CHOICES,
  parseBaseUrl,
  parseCheckoutSourceType,
  parseId,
} from './flags.js';
import { findInJournal } from './journal.js';

export interface LiveFlags {
  /** False with --no-realtime. */
  realtime?: boolean;
  realtimeUrl?: string;
  realtimeAnonKey?: string;
  sessionId?: number;
  sourceType?: CheckoutSourceType;
}

export type LivePlan = RealtimePlan | { reason: string };

export interface RealtimePlan {
  session: { id: number; sourceType: CheckoutSourceType };
  realtime: RealtimeOptions;
}

/** Where the wait listens: the Supabase URL and the channel. */
export function describeRealtime(plan: RealtimePlan, referenceId: string): string {
  const channel = REALTIME_COLLECTION.channel
    .replace('{session_id}', String(plan.session.id))
    .replace('{reference_id}', referenceId);
  return `${plan.realtime.url}, channel ${channel}`;
}

/** The options of a wait that may go through realtime (a collection's). */
export function addRealtimeOptions(command: Command): Command {
  return command
    .option('--no-realtime', 'poll, even where realtime is available')
    .option(
      '--realtime-url <url>',
      'the Supabase URL Dollr gave you (env DOLLR_REALTIME_URL)',
      parseBaseUrl,
    )
    .option(
      '--realtime-anon-key <key>',
      'the anon key that goes with it (env DOLLR_REALTIME_ANON_KEY)',
    );
}

/** Which checkout session a collection was sent in, for `status collection --wait`. */
export function addCollectionSessionOptions(command: Command): Command {
  return command
    .option(
      '--session-id <id>',
      "the collection's checkout session, for realtime (default: from the journal)",
      parseId,
    )
    .option(
      '--source-type <type>',
      `the session's source, ${CHECKOUT_SOURCE_TYPE_CHOICES} (default: found)`,
      parseCheckoutSourceType,
    );
}

const HOW =
  'pass --realtime-url and --realtime-anon-key, or set DOLLR_REALTIME_URL and DOLLR_REALTIME_ANON_KEY';

function envUrl(value: string | undefined): string | undefined {
  if (!value?.trim()) return undefined;
  try {
    return parseBaseUrl(value);
  } catch (error) {
    throw new UsageError(`DOLLR_REALTIME_URL is invalid: ${(error as Error).message}`);
  }
}

/** Flags first, then the environment; one without the other is a usage error. */
function configured(flags: LiveFlags, env: NodeJS.ProcessEnv) {
  const url = flags.realtimeUrl ?? envUrl(env.DOLLR_REALTIME_URL);
  const anonKey = flags.realtimeAnonKey ?? (env.DOLLR_REALTIME_ANON_KEY?.trim() || undefined);
  if ((url === undefined) !== (anonKey === undefined)) {
    throw new UsageError(
      `Realtime needs both a URL and an anon key: ${url ? 'the anon key is missing' : 'the URL is missing'} (${HOW}).`,
    );
  }
  return url && anonKey ? { url, anonKey } : undefined;
}

/** A sandbox says where its realtime is; Dollr itself does not. */
async function discover(
  ctx: Context,
  client: DollrClient,
): Promise<{ url: string; anonKey: string } | string> {
  if (ctx.settings.baseUrl === DEFAULT_BASE_URL) return `no realtime URL for Dollr: ${HOW}`;
  const root = ctx.settings.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const url = `${root}/_sandbox/realtime`;
  ctx.debug(`→ GET ${url} (where is realtime?)`);
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${await client.getToken()}` },
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  ctx.debug(`← ${response?.status ?? 'no answer'} GET ${url}`);
  const info = response?.ok
    ? ((await response.json().catch(() => undefined)) as Partial<RealtimeInfo> | undefined)
    : undefined;
  if (typeof info?.url !== 'string' || typeof info.anon_key !== 'string') {
    return `the server does not say where its realtime is (GET /_sandbox/realtime: ${response?.status ?? 'no answer'}); ${HOW}`;
  }
  return { url: info.url, anonKey: info.anon_key };
}

/** The source type the API issues this collection's realtime key for: it refuses the other. */
async function sourceTypeOf(
  client: DollrClient,
  sessionId: number,
  referenceId: string,
): Promise<CheckoutSourceType | undefined> {
  for (const sourceType of CHECKOUT_SOURCE_TYPES) {
    const answer = await client
      .POST('/realtime-keys/collection', {
        body: { session_id: sessionId, source_type: sourceType, reference_id: referenceId },
      })
      .catch(() => undefined);
    if (answer?.response.ok) return sourceType;
  }
  return undefined;
}

async function webSocket(): Promise<unknown> {
  const native = (globalThis as { WebSocket?: unknown }).WebSocket;
  return native ?? (await import('ws')).default;
}

export async function planLiveStatus(
  ctx: Context,
  client: DollrClient,
  referenceId: string,
  flags: LiveFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LivePlan> {
  if (flags.realtime === false) return { reason: 'realtime turned off (--no-realtime)' };
  const where = configured(flags, env) ?? (await discover(ctx, client));
  if (typeof where === 'string') return { reason: where };
  const journaled = flags.sessionId === undefined ? await findInJournal(referenceId) : undefined;
  // Journal lines are the CLI's own; a reference id of another kind has no checkout session.
  const sessionId =
    flags.sessionId ??
    (journaled?.kind === 'collection' ? Number(journaled.session_id) : Number.NaN);
  if (!Number.isSafeInteger(sessionId) || sessionId < 1) {
    return {
      reason: `no checkout session for ${referenceId} in the journal (pass --session-id)`,
    };
  }
  const sourceType = flags.sourceType ?? (await sourceTypeOf(client, sessionId, referenceId));
  if (!sourceType) {
    return { reason: `no realtime key for session ${sessionId} with either source type` };
  }
  return {
    session: { id: sessionId, sourceType },
    realtime: { ...where, WebSocket: await webSocket() },
  };
}
