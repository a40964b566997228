/**
 * A tenant of a running sandbox, over HTTP only: create it, obtain its tokens, steer it through
 * the typed control client, delete it. Used by the vitest helper; usable from any test runner.
 */
import {
  type ControlClient,
  type CreateFault,
  controlBaseUrl,
  createControlClient,
  type Duration,
  type SetAccountOutcome,
} from './control.js';
import { TEST_CREDENTIALS } from './sandbox/fixtures.js';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface DollrTenant {
  id: string;
  /** The Dollr API's base URL for a client, ending in `/v1`. */
  url: string;
  /** The tenant's credentials, for `@dollr/client` or `POST /v1/jwt/client/obtain/token`. */
  credentials: Credentials;
  /** The typed control client, acting on this tenant. */
  control: ControlClient;
  /** A token of this tenant (cached; taken again after the clock moved). */
  token(): Promise<string>;
  clock: {
    now(): Promise<Date>;
    /** Advance the tenant's clock, e.g. `'16m'`; due executions settle before it resolves. */
    advance(by: Duration): Promise<void>;
    set(to: Date | string): Promise<void>;
  };
  /** Make the next collections on a payment account end as said: `failNext('18', 'Declined')`. */
  failNext(paymentAccountId: string, gatewayMessage?: string, count?: number): Promise<void>;
  outcome(paymentAccountId: string, outcome: SetAccountOutcome): Promise<void>;
  /** Add a fault rule (see the control spec's `FaultKind`). */
  fault(rule: CreateFault): Promise<void>;
  delete(): Promise<void>;
}

async function obtainToken(url: string, credentials: Credentials): Promise<string> {
  const res = await fetch(`${url}/jwt/client/obtain/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }),
  });
  if (!res.ok) throw new Error(`obtain token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The data of an openapi-fetch answer, or an error naming the call and the answer. */
async function ok<T>(
  what: string,
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new Error(`${what}: ${response.status} ${JSON.stringify(error)}`);
  return data as T;
}

export interface CreateTenantOptions {
  /** The sandbox's URL (its root, or the `…/v1` base URL). */
  url: string;
  /** Credentials of an existing tenant to create it with; default the public test credentials. */
  credentials?: Credentials;
  name?: string;
  clock?: 'real' | 'manual';
  startAt?: string;
}

/** Create a tenant on a running sandbox. */
export async function createTenant(options: CreateTenantOptions): Promise<DollrTenant> {
  const root = controlBaseUrl(options.url);
  const url = `${root}/v1`;
  const admin = createControlClient({
    baseUrl: root,
    token: () => obtainToken(url, options.credentials ?? TEST_CREDENTIALS),
  });
  const created = await ok(
    'create tenant',
    admin.POST('/_sandbox/tenants', {
      body: {
        ...(options.name && { name: options.name.slice(0, 64) }),
        ...(options.clock && { clock: options.clock }),
        ...(options.startAt && { start_at: options.startAt }),
      },
    }),
  );
  const credentials = { clientId: created.client_id, clientSecret: created.client_secret };
  let cached: Promise<string> | undefined;
  const token = () => {
    cached ??= obtainToken(url, credentials);
    return cached;
  };
  const control = createControlClient({ baseUrl: root, token });
  const moved = () => {
    cached = undefined;
  };
  const outcome = async (paymentAccountId: string, body: SetAccountOutcome) => {
    await ok(
      'set outcome',
      control.PUT('/_sandbox/payment-accounts/{payment_account_id}/outcome', {
        params: { path: { payment_account_id: paymentAccountId } },
        body,
      }),
    );
  };
  return {
    id: created.id,
    url,
    credentials,
    control,
    token,
    clock: {
      async now() {
        return new Date((await ok('read clock', control.GET('/_sandbox/clock'))).now);
      },
      async advance(by) {
        await ok('advance clock', control.POST('/_sandbox/clock/advance', { body: { by } }));
        moved();
      },
      async set(to) {
        const now = typeof to === 'string' ? to : to.toISOString();
        await ok('set clock', control.PUT('/_sandbox/clock', { body: { now } }));
        moved();
      },
    },
    outcome,
    failNext: (paymentAccountId, gatewayMessage, count = 1) =>
      outcome(paymentAccountId, {
        status: 'FAILED',
        count,
        ...(gatewayMessage && { gateway_message: gatewayMessage }),
      }),
    async fault(rule) {
      await ok('add fault', control.POST('/_sandbox/faults', { body: rule }));
    },
    async delete() {
      const { response } = await admin.DELETE('/_sandbox/tenants/{tenant_id}', {
        params: { path: { tenant_id: created.id } },
      });
      if (!response.ok && response.status !== 404) {
        throw new Error(`delete tenant: ${response.status}`);
      }
    },
  };
}
