/**
 * The `postgres_changes` bindings of a join (`config.postgres_changes`): which of them the sandbox
 * can serve (the public status table, filtered with `eq` on one of its columns), their ids, and
 * whether a change matches them.
 */
import { REALTIME_COLLECTION } from '@dollr/spec/vocabulary';
import type { PaymentIntentPublicStatus } from '../types.js';
import { ROW_COLUMNS } from './protocol.js';

export interface Binding {
  /** What the join reply echoes: the client's params and the id. */
  params: Record<string, string>;
  id: number;
  /** Why the sandbox cannot serve it (Realtime's wording), or undefined. */
  problem?: string;
  match?: { column: string; value: string };
}

const EVENTS = ['*', 'INSERT', 'UPDATE', 'DELETE'];

/** A stable id of the params (the server uses `:erlang.phash2(params)`): an FNV-1a hash. */
function idOf(params: Record<string, string>): number {
  const text = JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7ffffff;
}

function cantSubscribe(params: Record<string, string>): string {
  const filters = params.filter ? `[${params.filter}]` : '[]';
  return (
    'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for ' +
    `the given connect parameters: [event: ${params.event ?? '*'}, schema: ${params.schema ?? ''}, ` +
    `table: ${params.table ?? '*'}, filters: ${filters}]`
  );
}

/** The bindings of a join payload, in the client's order. */
export function readBindings(config: unknown): Binding[] {
  const list = (config as { postgres_changes?: unknown } | undefined)?.postgres_changes;
  if (!Array.isArray(list)) return [];
  return list
    .filter((item): item is Record<string, unknown> => !!item && typeof item === 'object')
    .map((item) => {
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(item)) {
        if (typeof value === 'string') params[key] = value;
      }
      const binding: Binding = { params, id: idOf(params) };
      const filter = params.filter ? /^(\w+)=eq\.(.+)$/.exec(params.filter) : undefined;
      const served =
        EVENTS.includes(params.event ?? '') &&
        params.schema === REALTIME_COLLECTION.schema &&
        (params.table === undefined || params.table === REALTIME_COLLECTION.table) &&
        (params.filter === undefined ||
          (filter !== null && filter !== undefined && ROW_COLUMNS.includes(filter[1] as string)));
      if (!served) binding.problem = cantSubscribe(params);
      else if (filter) binding.match = { column: filter[1] as string, value: filter[2] as string };
      return binding;
    });
}

/** Does a change of `type` to `row` reach this binding? */
export function matches(
  binding: Binding,
  type: 'INSERT' | 'UPDATE',
  row: PaymentIntentPublicStatus,
): boolean {
  if (binding.problem) return false;
  if (binding.params.event !== '*' && binding.params.event !== type) return false;
  if (!binding.match) return true;
  const value = row[binding.match.column as keyof PaymentIntentPublicStatus];
  return String(value).toLowerCase() === binding.match.value.toLowerCase();
}
