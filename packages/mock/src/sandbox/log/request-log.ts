/**
 * A tenant's request log: its last `capacity` requests and answers in a ring, numbered from 1,
 * and live subscribers. Entries keep what the request path already had (headers, parsed bodies)
 * by reference; secrets are redacted when an entry is read or streamed, never on the hot path.
 */
import type { components } from '@dollr/spec/control';
import type { FaultKind } from '../faults/types.js';
import { redactBody, redactHeaders } from './redact.js';

/** Node's `rawHeaders`: names and values, alternating. */
export interface HeaderList {
  raw: string[];
}

/**
 * Headers as names and values alternating, joined by a line feed (which no header can hold): one
 * string for the log to keep instead of the parser's array of strings, so that a logged request
 * leaves the young generation as one object, not dozens.
 */
export type HeaderLines = string;

type HeaderSource =
  | HeaderLines
  | HeaderList
  | Iterable<[string, string]>
  | Record<string, string | string[] | undefined>;

function headerPairs(headers: HeaderSource): Parameters<typeof redactHeaders>[0] {
  if (typeof headers !== 'string' && !('raw' in headers && Array.isArray(headers.raw))) {
    return headers as Parameters<typeof redactHeaders>[0];
  }
  const raw: string[] =
    typeof headers === 'string'
      ? headers === ''
        ? []
        : headers.split('\n')
      : (headers as HeaderList).raw;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

/** What the request path hands to the log. */
export interface RequestRecord {
  /** Arrival on the tenant's clock, epoch ms. */
  atMs: number;
  method: string;
  /** Path with its query string. */
  path: string;
  operation: string | null;
  /** Null when a fault answered nothing. */
  status: number | null;
  durationMs: number;
  requestHeaders: HeaderSource;
  requestBody: unknown;
  responseHeaders: HeaderSource;
  responseBody: unknown;
  /**
   * The answer's body as sent (JSON text), kept instead of `responseBody`: one string for the log
   * to hold rather than the answer's objects. Parsed when the entry is read.
   */
  responseJson?: string;
  fault: FaultKind | null;
}

/** The wire form (spec/control: LoggedRequest). */
export type LoggedRequest = components['schemas']['LoggedRequest'];

export type LogListener = (entry: LoggedRequest) => void;

export const DEFAULT_LOG_CAPACITY = 1000;

export class RequestLog {
  private readonly ring: Array<StoredRecord | undefined>;
  private next = 1;
  /** The first id still listed: ids keep growing after `clear()`, so `after` stays meaningful. */
  private floor = 1;
  private readonly listeners = new Set<LogListener>();

  constructor(readonly capacity = DEFAULT_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`log capacity must be a positive integer, got ${capacity}`);
    }
    this.ring = new Array(capacity);
  }

  /** Numbers a request as it arrives; `append` files it under that id once it is answered. */
  reserve(): number {
    return this.next++;
  }

  /** Files an answered request under the id `reserve` gave it; the log keeps `record` itself. */
  append(id: number, record: RequestRecord): void {
    // Cleared meanwhile, or so old that newer requests took its place in the ring.
    if (id < this.floor || this.next - id > this.capacity) return;
    const stored = record as StoredRecord;
    stored.id = id;
    this.ring[(id - 1) % this.capacity] = stored;
    if (this.listeners.size > 0) {
      const entry = toWire(stored);
      for (const listener of this.listeners) listener(entry);
    }
  }

  /** Requests with an id above `after`, oldest first, at most `limit`. */
  list(options: { after?: number; limit?: number } = {}): LoggedRequest[] {
    const after = options.after ?? 0;
    const limit = options.limit ?? this.capacity;
    const first = Math.max(after + 1, this.next - this.capacity, this.floor);
    const out: LoggedRequest[] = [];
    for (let id = first; id < this.next && out.length < limit; id++) {
      const stored = this.ring[(id - 1) % this.capacity];
      // A request still in progress has no entry yet (or an older one in its slot).
      if (stored?.id === id) out.push(toWire(stored));
    }
    return out;
  }

  /** Follow new requests; returns the function that stops following. */
  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.ring.fill(undefined as never);
    this.floor = this.next;
  }
}

type StoredRecord = RequestRecord & { id: number };

function toWire(record: StoredRecord): LoggedRequest {
  return {
    id: record.id,
    at: new Date(record.atMs).toISOString(),
    method: record.method,
    path: record.path,
    operation: record.operation,
    status: record.status,
    duration_ms: Math.round(record.durationMs * 10) / 10,
    request: {
      headers: redactHeaders(headerPairs(record.requestHeaders)),
      body: redactBody(record.requestBody ?? null),
    },
    response: {
      headers: redactHeaders(headerPairs(record.responseHeaders)),
      body: redactBody(
        (record.responseJson === undefined
          ? record.responseBody
          : (JSON.parse(record.responseJson) as unknown)) ?? null,
      ),
    },
    fault: record.fault,
  };
}
