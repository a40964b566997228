/**
 * Phoenix channel frames as Supabase Realtime speaks them: `vsn=2.0.0` (realtime-js's default) is
 * a JSON array `[join_ref, ref, topic, event, payload]` in a text frame, `vsn=1.0.0` an object
 * `{join_ref, ref, topic, event, payload}`. And the payloads the server sends: replies, `system`
 * messages, `postgres_changes` events carrying a `PaymentIntentPublicStatus` row.
 */
import { REALTIME_COLLECTION } from '@dollr/spec/vocabulary';
import type { ExecutionRecord, Store } from '../store.js';
import type { PaymentIntentPublicStatus } from '../types.js';

export type Vsn = '1.0.0' | '2.0.0';
export const VSNS: readonly Vsn[] = ['1.0.0', '2.0.0'];

export interface Frame {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

const str = (value: unknown) => (typeof value === 'string' ? value : null);

/** A client frame, or undefined when it is not one. */
export function decodeFrame(vsn: Vsn, text: string): Frame | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const fields = Array.isArray(raw)
    ? vsn === '2.0.0'
      ? { join_ref: raw[0], ref: raw[1], topic: raw[2], event: raw[3], payload: raw[4] }
      : undefined
    : vsn === '1.0.0'
      ? (raw as Record<string, unknown> | null)
      : undefined;
  if (!fields || typeof fields.topic !== 'string' || typeof fields.event !== 'string')
    return undefined;
  const payload = fields.payload;
  return {
    join_ref: str(fields.join_ref),
    ref: str(fields.ref),
    topic: fields.topic,
    event: fields.event,
    payload:
      payload && typeof payload === 'object' && !Array.isArray(payload)
        ? (payload as Record<string, unknown>)
        : {},
  };
}

export function encodeFrame(vsn: Vsn, frame: Frame): string {
  return JSON.stringify(
    vsn === '2.0.0' ? [frame.join_ref, frame.ref, frame.topic, frame.event, frame.payload] : frame,
  );
}

export function reply(
  request: Frame,
  status: 'ok' | 'error',
  response: Record<string, unknown> = {},
): Frame {
  return {
    join_ref: request.join_ref,
    ref: request.ref,
    topic: request.topic,
    event: 'phx_reply',
    payload: { status, response },
  };
}

/** The channel name of a topic: `realtime:` dropped, as the server names it in `system`. */
export function channelName(topic: string): string {
  return topic.startsWith('realtime:') ? topic.slice('realtime:'.length) : topic;
}

export function system(
  topic: string,
  joinRef: string | null,
  extension: 'system' | 'postgres_changes',
  status: 'ok' | 'error',
  message: string,
): Frame {
  return {
    join_ref: joinRef,
    ref: null,
    topic,
    event: 'system',
    payload: { extension, status, message, channel: channelName(topic) },
  };
}

/** The columns of the row, with Postgres types (realtime-js converts values by them). */
const COLUMNS = [
  { name: 'reference_id', type: 'uuid' },
  { name: 'session_id', type: 'int8' },
  { name: 'source_type', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'updated_at', type: 'timestamptz' },
] as const;

export type RowColumn = (typeof COLUMNS)[number]['name'];
export const ROW_COLUMNS: readonly string[] = COLUMNS.map((c) => c.name);

/** The public status row of a collection, or undefined for other executions. */
export function publicStatusRow(
  store: Store,
  execution: ExecutionRecord,
): PaymentIntentPublicStatus | undefined {
  if (execution.kind !== 'collection') return undefined;
  const source_type = store.getSession(execution.session_id)?.source_type;
  if (!source_type) return undefined;
  return {
    reference_id: execution.reference_id,
    session_id: execution.session_id,
    source_type,
    status: execution.status,
    updated_at: new Date(execution.updated_at).toISOString(),
  };
}

/**
 * The payload of a `postgres_changes` event, as the server's change dispatcher sends it: the ids
 * of the subscriptions it matches and the change (`record`, and for an UPDATE the `old_record`,
 * which holds the primary key only, as with Postgres' default replica identity).
 */
export function postgresChange(
  ids: number[],
  type: 'INSERT' | 'UPDATE',
  row: PaymentIntentPublicStatus,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    schema: REALTIME_COLLECTION.schema,
    table: REALTIME_COLLECTION.table,
    commit_timestamp: row.updated_at,
    type,
    columns: COLUMNS,
    record: row,
    errors: null,
  };
  if (type === 'UPDATE') data.old_record = { reference_id: row.reference_id };
  return { ids, data };
}

/** Where the websocket is, under the sandbox's root (Supabase's path). */
export const REALTIME_PATH = '/realtime/v1/websocket';
