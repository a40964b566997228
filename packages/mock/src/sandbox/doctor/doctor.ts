/**
 * The integration doctor: watches a tenant's requests and records each place where the
 * integration broke a rule of the Dollr docs, citing the rule and the request. `begin` sees a
 * request before the operation runs (the world as the caller found it); the function it returns
 * sees the answer. Each rule reports once per subject (a reference id, a session, a client), so a
 * loop that breaks a rule a thousand times yields one finding, not a thousand.
 */
import type { components } from '@dollr/spec/control';
import {
  DOCTOR_RULES,
  type DoctorRule,
  MIN_POLL_INTERVAL_MS,
  TOKEN_REFRESH_MARGIN_MS,
} from './rules.js';

/** What the doctor may look up in the tenant's world. */
export interface DoctorWorld {
  execution(referenceId: string): { status: string; sessionId: number } | undefined;
  sessionStatus(sessionId: string): 'ACTIVE' | 'USED' | 'EXPIRED' | undefined;
}

export interface DoctorRequest {
  /** As numbered in the request log. */
  requestId: number;
  /** Arrival on the tenant's clock, epoch ms. */
  atMs: number;
  /** Arrival in wall time (any monotonic ms). */
  wallMs: number;
  method: string;
  path: string;
  operation: string | null;
  /** The reference id of a status request. */
  referenceId?: string;
  /** The parsed JSON body, if any. */
  body: unknown;
  /** Whose call it is: the token's client, or the client_id of a token request. */
  clientId: string | undefined;
}

export interface DoctorAnswer {
  /** Null when no answer reached the caller (a reset, a lost response, a caller that gave up). */
  status: number | null;
  /** The execution status a status request answered. */
  executionStatus?: string;
  retryAfter: string | null;
}

/** The wire form (spec/control: Finding). */
export type Finding = components['schemas']['Finding'];

export type FindingListener = (finding: Finding) => void;

const EXECUTE = new Set(['collect', 'payout', 'transfer', 'refund']);
const STATUS = new Set([
  'getCollectionStatus',
  'getPayoutStatus',
  'getTransferStatus',
  'getRefundStatus',
]);
const IN_FLIGHT = new Set(['PENDING', 'PROCESSING']);
/** Tokens, sessions and reference ids remembered per tenant; the oldest are forgotten beyond. */
const MEMORY = 10_000;

interface Seen {
  requestId: number;
  atMs: number;
  wallMs: number;
}

/** The last token a client obtained, and what it did with it. */
interface TokenUse {
  issued: Seen;
  expiresAtMs: number;
  uses: number;
  rejected: boolean;
}

/** A Map that forgets its oldest keys beyond MEMORY entries. */
class Recent<K, V> extends Map<K, V> {
  override set(key: K, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > MEMORY) this.delete(this.keys().next().value as K);
    return this;
  }
}

function field(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Elapsed between two moments, by wall time or the tenant's clock, whichever moved more. */
function elapsed(from: Seen, to: Seen): number {
  return Math.max(to.wallMs - from.wallMs, to.atMs - from.atMs);
}

export class Doctor {
  private list: Finding[] = [];
  private nextId = 1;
  private readonly reported = new Set<string>();
  private readonly listeners = new Set<FindingListener>();
  /** Last poll answered PENDING or PROCESSING, by reference id. */
  private readonly polls = new Recent<string, Seen & { status: string }>();
  /** The latest realtime key issued for a reference id. */
  private readonly followedLive = new Recent<string, Seen>();
  /** Execute requests whose answer never came or was a 5xx, by reference id and by session. */
  private readonly unresolved = new Recent<string, Seen & { referenceId: string }>();
  /** The execution of each executed session, and the request that created it. */
  private readonly executed = new Recent<string, Seen & { referenceId: string }>();
  /** By client id. */
  private readonly tokens = new Recent<string, TokenUse>();
  private readonly limited = new Recent<string, Seen & { untilMs: number }>();

  constructor(
    private readonly world: DoctorWorld,
    /** The lifetime of the tokens the sandbox issues. */
    private readonly tokenTtlMs = 60 * 60_000,
    private readonly capacity = 1000,
  ) {}

  findings(): Finding[] {
    return [...this.list];
  }

  clear(): void {
    this.list = [];
    this.reported.clear();
  }

  subscribe(listener: FindingListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Looks at a request before its operation runs; call the result with its answer. */
  begin(request: DoctorRequest): (answer: DoctorAnswer) => void {
    const seen: Seen = { requestId: request.requestId, atMs: request.atMs, wallMs: request.wallMs };
    this.checkRetryAfter(request, seen);
    this.useToken(request);
    if (request.operation !== null && EXECUTE.has(request.operation)) {
      this.checkExecute(request);
    }
    return (answer) => this.end(request, seen, answer);
  }

  private end(request: DoctorRequest, seen: Seen, answer: DoctorAnswer): void {
    const { operation } = request;
    if (answer.status === 429) this.noteRateLimit(request, seen, answer.retryAfter);
    if (answer.status === 401) this.rejectToken(request);
    if (operation === 'obtainToken') this.noteToken(request, seen, answer);
    else if (operation !== null && EXECUTE.has(operation)) this.noteExecute(request, seen, answer);
    else if (operation !== null && STATUS.has(operation)) this.notePoll(request, seen, answer);
    else if (operation === 'createCollectionRealtimeKey' && answer.status === 200) {
      const referenceId = field(request.body, 'reference_id');
      if (referenceId !== undefined) this.followedLive.set(referenceId, seen);
    }
  }

  private checkExecute(request: DoctorRequest): void {
    const sessionId = field(request.body, 'session_id');
    const referenceId = field(request.body, 'reference_id');
    if (sessionId === undefined || referenceId === undefined) return;
    const pending = this.unresolved.get(referenceId) ?? this.unresolved.get(`session:${sessionId}`);
    if (pending) {
      this.unresolved.delete(pending.referenceId);
      this.unresolved.delete(`session:${sessionId}`);
      this.report(
        'RETRY_WITHOUT_STATUS',
        `${request.requestId}`,
        request,
        [pending.requestId],
        `executed again (reference_id ${referenceId}, session ${sessionId}) after request #${pending.requestId} for reference_id ${pending.referenceId} got no answer or a 5xx, without looking up its status first`,
      );
    }
    const earlier = this.executed.get(sessionId);
    const replay = this.world.execution(referenceId);
    if (earlier && earlier.referenceId !== referenceId) {
      const status = this.world.execution(earlier.referenceId)?.status;
      if (status !== undefined && IN_FLIGHT.has(status)) {
        this.report(
          'NEW_REFERENCE_WHILE_IN_FLIGHT',
          `session:${sessionId}`,
          request,
          [earlier.requestId],
          `new reference_id ${referenceId} for session ${sessionId}, whose execution ${earlier.referenceId} (request #${earlier.requestId}) is still ${status}`,
        );
        return;
      }
    }
    if (replay) return; // the same attempt again: idempotent, not a reuse
    const state = this.world.sessionStatus(sessionId);
    if (state === 'USED' || state === 'EXPIRED') {
      this.report(
        'SESSION_REUSED',
        `session:${sessionId}`,
        request,
        earlier ? [earlier.requestId] : [],
        `executed session ${sessionId}, which is ${state === 'USED' ? 'already used' : 'expired'}, with reference_id ${referenceId}`,
      );
    }
  }

  private noteExecute(request: DoctorRequest, seen: Seen, answer: DoctorAnswer): void {
    const sessionId = field(request.body, 'session_id');
    const referenceId = field(request.body, 'reference_id');
    if (sessionId === undefined || referenceId === undefined) return;
    if (answer.status === null || answer.status >= 500) {
      const mark = { ...seen, requestId: request.requestId, referenceId };
      this.unresolved.set(referenceId, mark);
      this.unresolved.set(`session:${sessionId}`, mark);
    }
    const execution = this.world.execution(referenceId);
    if (execution && String(execution.sessionId) === sessionId && !this.executed.has(sessionId)) {
      this.executed.set(sessionId, { ...seen, requestId: request.requestId, referenceId });
    }
  }

  private notePoll(request: DoctorRequest, seen: Seen, answer: DoctorAnswer): void {
    const { referenceId } = request;
    if (referenceId === undefined) return;
    // Looked up: whatever happened to an unanswered execute of this id, the caller now knows.
    if (this.unresolved.delete(referenceId)) {
      for (const [key, value] of this.unresolved) {
        if (value.referenceId === referenceId) this.unresolved.delete(key);
      }
    }
    if (answer.status !== 200) return;
    const previous = this.polls.get(referenceId);
    // Followed through realtime, as the docs ask: one lookup after subscribing (what happened
    // before), and one that confirms a change the channel announced. A lookup that finds the same
    // status since the last one, with no new subscription between them, is polling.
    const key = this.followedLive.get(referenceId);
    const live =
      key !== undefined &&
      (answer.executionStatus !== previous?.status || key.requestId > (previous?.requestId ?? 0));
    if (previous && elapsed(previous, seen) < MIN_POLL_INTERVAL_MS && !live) {
      this.report(
        'POLL_TOO_FAST',
        referenceId,
        request,
        [previous.requestId],
        `polled the status of ${referenceId} ${Math.round(elapsed(previous, seen))} ms after request #${previous.requestId} answered ${previous.status}; wait at least 2 s between polls`,
      );
    }
    const status = answer.executionStatus;
    if (status !== undefined && IN_FLIGHT.has(status)) {
      this.polls.set(referenceId, { ...seen, requestId: request.requestId, status });
    } else {
      this.polls.delete(referenceId);
    }
  }

  private noteToken(request: DoctorRequest, seen: Seen, answer: DoctorAnswer): void {
    const { clientId } = request;
    if (answer.status !== 200 || clientId === undefined) return;
    const previous = this.tokens.get(clientId);
    if (
      previous &&
      !previous.rejected &&
      previous.uses <= 1 &&
      previous.expiresAtMs - seen.atMs > TOKEN_REFRESH_MARGIN_MS
    ) {
      const left = Math.floor((previous.expiresAtMs - seen.atMs) / 60_000);
      this.report(
        'TOKEN_PER_CALL',
        `client:${clientId}`,
        request,
        [previous.issued.requestId],
        `obtained a new token for ${clientId} while the one from request #${previous.issued.requestId} had ${left} minutes left and had served ${previous.uses} call${previous.uses === 1 ? '' : 's'}`,
      );
    }
    this.tokens.set(clientId, {
      issued: seen,
      expiresAtMs: seen.atMs + this.tokenTtlMs,
      uses: 0,
      rejected: false,
    });
  }

  private useToken(request: DoctorRequest): void {
    if (request.operation === 'obtainToken' || request.clientId === undefined) return;
    const use = this.tokens.get(request.clientId);
    if (use) use.uses += 1;
  }

  private rejectToken(request: DoctorRequest): void {
    const use = request.clientId === undefined ? undefined : this.tokens.get(request.clientId);
    if (use) use.rejected = true;
  }

  private noteRateLimit(request: DoctorRequest, seen: Seen, retryAfter: string | null): void {
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : 1;
    this.limited.set(`${request.method} ${request.path}`, {
      ...seen,
      requestId: request.requestId,
      untilMs: seconds * 1000,
    });
  }

  private checkRetryAfter(request: DoctorRequest, seen: Seen): void {
    if (this.limited.size === 0) return;
    const key = `${request.method} ${request.path}`;
    const limited = this.limited.get(key);
    if (!limited) return;
    this.limited.delete(key);
    const waited = elapsed(limited, seen);
    if (waited < limited.untilMs) {
      this.report(
        'RETRY_BEFORE_RETRY_AFTER',
        key,
        request,
        [limited.requestId],
        `retried ${key} ${Math.round(waited)} ms after request #${limited.requestId} was answered 429 with Retry-After: ${limited.untilMs / 1000}`,
      );
    }
  }

  private report(
    rule: DoctorRule,
    subject: string,
    request: DoctorRequest,
    related: number[],
    message: string,
  ): void {
    const key = `${rule}|${subject}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const finding: Finding = {
      id: this.nextId++,
      rule,
      message,
      citation: DOCTOR_RULES[rule],
      at: new Date(request.atMs).toISOString(),
      request_id: request.requestId,
      method: request.method,
      path: request.path,
      operation: request.operation,
      related_request_ids: related,
    };
    this.list.push(finding);
    if (this.list.length > this.capacity) this.list.shift();
    for (const listener of this.listeners) listener(finding);
  }
}
