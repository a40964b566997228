import type { ExecutionResponse, ExecutionStatus } from '../src/index.js';

export const BASE_URL = 'https://fake.dollr.test/v1';

/**
 * What a fault does to one request: only what the sandbox's fault rules cannot do (see the top of
 * faults.test.ts). A failure after the commit, a 5xx, a 401 or a slow token are sandbox faults now.
 */
export type Fault =
  | { kind: 'network' } // the request never reaches the server
  | { kind: 'hang' } // no answer until the request is aborted (for fake timers)
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown };

interface FaultRule {
  method: string;
  path: RegExp;
  fault: Fault;
  times: number;
}

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/**
 * A small in-memory model of the Dollr API behind an injectable `fetch`: it issues tokens, keeps
 * a map of executions keyed by reference id (replaying the same id returns the original, as the
 * spec says), and lets a test inject faults before the server sees the request. It serves the
 * tests that need vitest's fake timers or a failure before the request arrives; the others run
 * against the sandbox (sandbox-faults.test.ts, sandbox-recovery.test.ts).
 */
export class FakeDollr {
  readonly executions = new Map<string, ExecutionResponse & { kind: string }>();
  readonly requests: SeenRequest[] = [];
  /** POSTs to /executions/* that reached the server, replays included. */
  executeCalls = 0;
  tokenCalls = 0;
  /** Tokens the server accepts. */
  readonly validTokens = new Set<string>();
  /** Each status poll moves an execution one step along this path. */
  lifecycle: ExecutionStatus[] = ['PENDING', 'PROCESSING', 'COMPLETED'];
  tokenTtlMinutes = 60;
  #rules: FaultRule[] = [];

  /** Apply `fault` to the next `times` requests matching method and path. */
  inject(method: string, path: RegExp, fault: Fault, times = 1): this {
    this.#rules.push({ method, path, fault, times });
    return this;
  }

  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.replace(/^\/v1/, '');
    const text = request.body ? await request.text() : '';
    const seen: SeenRequest = {
      method: request.method,
      path,
      authorization: request.headers.get('authorization'),
      body: text ? JSON.parse(text) : undefined,
    };
    this.requests.push(seen);

    const rule = this.#rules.find((r) => r.method === request.method && r.path.test(path));
    if (rule) {
      rule.times--;
      if (rule.times === 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
      const { fault } = rule;
      if (fault.kind === 'network') throw new TypeError('fetch failed');
      if (fault.kind === 'hang') return hang(request.signal);
      return json(fault.status, fault.body ?? { detail: 'fault' }, fault.headers);
    }
    return this.#handle(seen);
  };

  async #handle({ method, path, authorization, body }: SeenRequest): Promise<Response> {
    if (method === 'POST' && path === '/jwt/client/obtain/token') {
      this.tokenCalls++;
      const token = `token-${this.tokenCalls}`;
      this.validTokens.add(token);
      return json(200, { access_token: token, expires_in: this.tokenTtlMinutes });
    }
    const token = authorization?.replace(/^Bearer /, '');
    if (!token) return json(401, { detail: 'Not authenticated' });
    if (!this.validTokens.has(token))
      return json(401, { detail: 'Could not validate credentials' });

    const execute = method === 'POST' && /^\/executions\/(\w+)$/.exec(path);
    if (execute) {
      this.executeCalls++;
      const kind = execute[1] as string;
      const { reference_id } = body as { reference_id: string };
      const existing = this.executions.get(reference_id);
      if (existing) return json(200, strip(existing));
      const execution = {
        kind,
        reference_id,
        status: 'PENDING' as const,
        payer_amount: 100,
        payer_currency: 'USD',
        payee_amount: 98.5,
        payee_currency: 'USD',
        operation_type: kind === 'collection' ? ('COLLECTION' as const) : ('PAYOUT' as const),
      };
      this.executions.set(reference_id, execution);
      return json(200, strip(execution));
    }
    const status = method === 'GET' && /^\/status\/(\w+)\/([^/]+)$/.exec(path);
    if (status) {
      const execution = this.executions.get(status[2] as string);
      if (!execution || execution.kind !== status[1])
        return json(404, { detail: 'Execution not found' });
      const step = this.lifecycle.indexOf(execution.status);
      const next = this.lifecycle[Math.min(step + 1, this.lifecycle.length - 1)] as ExecutionStatus;
      const answer = strip(execution);
      execution.status = next;
      return json(200, answer);
    }
    if (method === 'POST' && path.startsWith('/sessions/')) {
      return json(200, { id: 42, status: 'ACTIVE', ...(body as object) });
    }
    if (method === 'GET' && path === '/status/source') {
      return json(200, { source_id: 101, source_type: 'INVOICE', status: 'ACTIVE' });
    }
    return json(404, { detail: 'Not Found' });
  }
}

function strip({ kind: _kind, ...execution }: ExecutionResponse & { kind: string }) {
  return execution;
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function hang(signal: AbortSignal): Promise<Response> {
  return new Promise((_, reject) => {
    const fail = () => reject(new DOMException('This operation was aborted', 'AbortError'));
    if (signal.aborted) fail();
    signal.addEventListener('abort', fail, { once: true });
  });
}
