import { beforeEach, describe, expect, it } from 'vitest';
import { Doctor, type DoctorAnswer, type DoctorRequest } from '../src/sandbox/doctor/doctor.js';
import { DOCTOR_RULES } from '../src/sandbox/doctor/rules.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A tenant's world as the doctor sees it, and a caller that moves time and sends requests. */
function setup() {
  const executions = new Map<string, { status: string; sessionId: number }>();
  const sessions = new Map<string, 'ACTIVE' | 'USED' | 'EXPIRED'>();
  const doctor = new Doctor({
    execution: (id) => executions.get(id),
    sessionStatus: (id) => sessions.get(id),
  });
  let id = 0;
  let now = 0;
  let clockOffset = 0;
  const send = (
    request: Partial<DoctorRequest> & Pick<DoctorRequest, 'method' | 'path' | 'operation'>,
    answer: Partial<DoctorAnswer> = {},
    effect?: () => void,
  ) => {
    id += 1;
    const end = doctor.begin({
      requestId: id,
      atMs: T0 + now + clockOffset,
      wallMs: now,
      body: undefined,
      clientId: 'c',
      ...request,
    });
    effect?.();
    end({ status: 200, retryAfter: null, ...answer });
    return id;
  };
  const wait = (ms: number) => {
    now += ms;
  };
  /** Moves only the tenant's test clock, as `POST …/clock/advance` does. */
  const advanceClock = (ms: number) => {
    clockOffset += ms;
  };
  const execute = (sessionId: string, referenceId: string, answer: Partial<DoctorAnswer> = {}) =>
    send(
      {
        method: 'POST',
        path: '/v1/executions/collection',
        operation: 'collect',
        body: { session_id: sessionId, reference_id: referenceId, payment_account_id: '18' },
      },
      answer,
      () => {
        if (sessions.get(sessionId) !== 'ACTIVE' || executions.has(referenceId)) return;
        const status = answer.status === undefined ? 200 : answer.status;
        if (status !== null && status < 500 && status !== 200) return;
        sessions.set(sessionId, 'USED');
        executions.set(referenceId, { status: 'PENDING', sessionId: Number(sessionId) });
      },
    );
  const poll = (referenceId: string, status = executions.get(referenceId)?.status) =>
    send(
      {
        method: 'GET',
        path: `/v1/status/collection/${referenceId}`,
        operation: 'getCollectionStatus',
        referenceId,
      },
      status === undefined ? { status: 404 } : { executionStatus: status },
    );
  const token = (uses: number, clientId = 'c') => {
    send({
      method: 'POST',
      path: '/v1/jwt/client/obtain/token',
      operation: 'obtainToken',
      body: { client_id: clientId, client_secret: 's' },
      clientId,
    });
    for (let i = 0; i < uses; i++) {
      send({ method: 'GET', path: '/v1/status/source', operation: 'getSourceStatus', clientId });
    }
  };
  return { doctor, executions, sessions, send, wait, advanceClock, execute, poll, token };
}

type World = ReturnType<typeof setup>;
let w: World;
const rules = () => w.doctor.findings().map((f) => f.rule);

beforeEach(() => {
  w = setup();
  w.sessions.set('1', 'ACTIVE');
  w.sessions.set('2', 'ACTIVE');
});

describe('POLL_TOO_FAST', () => {
  it('fires when a status is polled again within 2 s of a PROCESSING answer', () => {
    w.execute('1', 'r1');
    w.poll('r1');
    w.wait(500);
    w.poll('r1');
    const [finding] = w.doctor.findings();
    expect(finding).toMatchObject({
      rule: 'POLL_TOO_FAST',
      request_id: 3,
      related_request_ids: [2],
      method: 'GET',
      path: '/v1/status/collection/r1',
      operation: 'getCollectionStatus',
      citation: DOCTOR_RULES.POLL_TOO_FAST,
      at: '2026-01-01T00:00:00.500Z',
    });
    expect(finding?.message).toContain('500 ms');
  });

  it('stays quiet at 2 s, after a final status, and when the test clock moved 2 s', () => {
    w.execute('1', 'r1');
    w.poll('r1');
    w.wait(2000);
    w.poll('r1');
    w.advanceClock(2000);
    w.executions.set('r1', { status: 'COMPLETED', sessionId: 1 });
    w.poll('r1');
    w.poll('r1'); // after a final answer: not polling an execution in flight
    expect(rules()).toEqual([]);
  });

  it('lets a realtime watcher look once after subscribing and confirm a change, but not poll fast', () => {
    const realtimeKey = (referenceId: string) =>
      w.send({
        method: 'POST',
        path: '/v1/realtime-keys/collection',
        operation: 'createCollectionRealtimeKey',
        body: { session_id: 1, source_type: 'INVOICE', reference_id: referenceId },
      });
    w.execute('1', 'r1');
    w.poll('r1'); // before subscribing: PENDING
    realtimeKey('r1');
    w.poll('r1'); // once subscribed, what happened before: PENDING again, and that is fine
    w.wait(300);
    w.executions.set('r1', { status: 'PROCESSING', sessionId: 1 });
    w.poll('r1'); // a row said PROCESSING: confirming a change
    expect(rules()).toEqual([]);
    w.wait(300);
    w.poll('r1'); // nothing changed: that is polling
    expect(rules()).toEqual(['POLL_TOO_FAST']);
  });

  it('reports a fast poller once per reference id', () => {
    w.execute('1', 'r1');
    for (let i = 0; i < 50; i++) w.poll('r1');
    expect(rules()).toEqual(['POLL_TOO_FAST']);
  });
});

describe('NEW_REFERENCE_WHILE_IN_FLIGHT', () => {
  it('fires on a new reference id for a session whose execution is PENDING', () => {
    const first = w.execute('1', 'r1');
    w.execute('1', 'r2', { status: 422 });
    expect(w.doctor.findings()).toMatchObject([
      { rule: 'NEW_REFERENCE_WHILE_IN_FLIGHT', related_request_ids: [first] },
    ]);
  });

  it('stays quiet for a replay of the same reference id, and for a new session', () => {
    w.execute('1', 'r1');
    w.execute('1', 'r1');
    w.execute('2', 'r2');
    expect(rules()).toEqual([]);
  });
});

describe('SESSION_REUSED', () => {
  it('fires on executing a used session whose execution is over', () => {
    w.execute('1', 'r1');
    w.executions.set('r1', { status: 'FAILED', sessionId: 1 });
    w.execute('1', 'r2', { status: 422 });
    expect(rules()).toEqual(['SESSION_REUSED']);
  });

  it('fires on executing an expired session', () => {
    w.sessions.set('3', 'EXPIRED');
    w.execute('3', 'r3', { status: 422 });
    expect(w.doctor.findings()[0]?.message).toContain('expired');
  });

  it('stays quiet for an active session', () => {
    w.execute('2', 'r2');
    expect(rules()).toEqual([]);
  });
});

describe('RETRY_WITHOUT_STATUS', () => {
  it('fires when an execute that got a 5xx is sent again without a status lookup', () => {
    const failed = w.execute('1', 'r1', { status: 500 });
    w.execute('1', 'r1');
    expect(w.doctor.findings()).toMatchObject([
      { rule: 'RETRY_WITHOUT_STATUS', related_request_ids: [failed] },
    ]);
  });

  it('fires when a lost answer is followed by a new reference id for the same session', () => {
    w.execute('1', 'r1', { status: null });
    w.execute('1', 'r2', { status: 422 });
    expect(rules()).toContain('RETRY_WITHOUT_STATUS');
  });

  it('stays quiet when the status was looked up first', () => {
    w.execute('1', 'r1', { status: 503 });
    w.poll('r1');
    w.wait(2000);
    w.execute('1', 'r1');
    expect(rules()).toEqual([]);
  });
});

describe('TOKEN_PER_CALL', () => {
  it('fires when each call gets a token of its own', () => {
    w.token(1);
    w.token(1);
    w.token(1);
    expect(w.doctor.findings()).toMatchObject([{ rule: 'TOKEN_PER_CALL', request_id: 3 }]);
  });

  it('stays quiet for a cached token, a refresh near expiry, a renewal after a 401, and another client', () => {
    w.token(3);
    w.wait(56 * 60_000);
    w.token(2); // fewer than 5 minutes were left
    w.send(
      { method: 'GET', path: '/v1/status/source', operation: 'getSourceStatus' },
      { status: 401 },
    );
    w.token(1); // the last one was rejected
    w.token(1, 'other');
    expect(rules()).toEqual([]);
  });
});

describe('RETRY_BEFORE_RETRY_AFTER', () => {
  const checkout = {
    method: 'POST',
    path: '/v1/sessions/checkout',
    operation: 'createCheckoutSession',
  };

  it('fires on the same request before Retry-After has passed', () => {
    const limited = w.send(checkout, { status: 429, retryAfter: '2' });
    w.wait(1500);
    w.send(checkout);
    expect(w.doctor.findings()).toMatchObject([
      { rule: 'RETRY_BEFORE_RETRY_AFTER', related_request_ids: [limited] },
    ]);
  });

  it('stays quiet once Retry-After has passed, and for other requests meanwhile', () => {
    w.send(checkout, { status: 429, retryAfter: '2' });
    w.send({ method: 'GET', path: '/v1/status/source', operation: 'getSourceStatus' });
    w.wait(2000);
    w.send(checkout);
    expect(rules()).toEqual([]);
  });
});

describe('the report', () => {
  it('numbers findings, notifies subscribers, and clears', () => {
    const heard: string[] = [];
    const stop = w.doctor.subscribe((f) => heard.push(f.rule));
    w.sessions.set('9', 'EXPIRED');
    w.execute('9', 'r9', { status: 422 });
    stop();
    w.token(0);
    w.token(0);
    expect(w.doctor.findings().map((f) => f.id)).toEqual([1, 2]);
    expect(heard).toEqual(['SESSION_REUSED']);
    w.doctor.clear();
    expect(w.doctor.findings()).toEqual([]);
  });
});
