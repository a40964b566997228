/**
 * The control API's edges, for every operation of spec/control: 401 without a token, 422
 * HTTPValidationError for bad input (unknown fields, malformed JSON, bad path parameters), and
 * never a 5xx for any JSON at all (fast-check, fixed seed). Then two tenants under parallel load
 * with the same reference ids, and no cross-talk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import { loadControlSpec } from '../src/sandbox/control/spec.js';
import { type Api, api, type Json, ref } from './support.js';

const doc = loadControlSpec() as Json;
const ajv = new Ajv2020({ strict: false });
ajv.addSchema({ ...doc, $id: 'control' });
const isValidationError = ajv.compile({ $ref: 'control#/components/schemas/HTTPValidationError' });
const isErrorDetail = ajv.compile({ $ref: 'control#/components/schemas/ErrorDetail' });

/** Path parameters that name things every fresh tenant has. */
const KNOWN: Record<string, string> = {
  reference_id: 'unknown-reference',
  session_id: '5012',
  tenant_id: 'tn_unknown',
  wallet_id: '1',
  source_type: 'INVOICE',
  source_id: '190',
  payment_account_id: '18',
  fault_id: 'ft_unknown',
};

const operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
  ['get', 'post', 'put', 'delete']
    .filter((method) => item[method])
    .map((method) => ({
      method: method.toUpperCase(),
      template: path,
      path: path.replace(/\{(\w+)\}/g, (_, name: string) => KNOWN[name] as string),
      operationId: item[method].operationId as string,
      hasBody: Boolean(item[method].requestBody),
    })),
);

let sandbox: RunningSandbox;
let root: Api;
let token: string;
let served: Set<string>;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: 'manual', quiet: true });
  root = api(sandbox.rootUrl);
  token = await api(sandbox.url).token();
  // Operations whose extension is not in this build answer 404 Not Found: leave them out here.
  served = new Set();
  for (const op of operations) {
    const res = await root.call(op.method, op.path);
    if (res.status === 401) served.add(op.operationId);
  }
});

afterAll(async () => {
  await sandbox?.close();
});

const servedOps = () => operations.filter((op) => served.has(op.operationId));

describe('every control operation', () => {
  it('is served: the built-in ones at least', () => {
    for (const id of [
      'getClock',
      'createTenant',
      'driveExecution',
      'setWallet',
      'listExecutions',
    ]) {
      expect(served).toContain(id);
    }
  });

  it('answers 401 Not authenticated without a token, and Could not validate credentials with a bad one', async () => {
    for (const op of servedOps()) {
      const missing = await root.call(op.method, op.path);
      expect(missing.status, op.operationId).toBe(401);
      expect(missing.body).toEqual({ detail: 'Not authenticated' });
      const bad = await root.call(op.method, op.path, { token: 'not.a.token' });
      expect(bad.body, op.operationId).toEqual({ detail: 'Could not validate credentials' });
    }
  });

  it('refuses an unknown field and malformed JSON with 422 at the body', async () => {
    for (const op of servedOps().filter((o) => o.hasBody)) {
      const typo = await root.call(op.method, op.path, { token, body: { __typo: 1 } });
      expect(typo.status, op.operationId).toBe(422);
      expect(isValidationError(typo.body), JSON.stringify(typo.body)).toBe(true);
      expect(typo.body.detail.every((d: Json) => d.loc[0] === 'body')).toBe(true);
      const broken = await root.call(op.method, op.path, { token, body: '{"by": ' });
      expect(broken.status, op.operationId).toBe(422);
      expect(broken.body.detail[0].type).toBe('value_error.jsondecode');
    }
  });

  it('refuses path parameters of the wrong type with 422 at the path', async () => {
    const wrong = [
      ['GET', '/_sandbox/sessions/abc', 'session_id'],
      ['PUT', '/_sandbox/wallets/1.5', 'wallet_id'],
      ['POST', '/_sandbox/sources/RECEIPT/190/publish', 'source_type'],
      ['POST', '/_sandbox/sources/INVOICE/ten/cancel', 'source_id'],
    ] as const;
    for (const [method, path, name] of wrong) {
      const res = await root.call(method, path, {
        token,
        body: method === 'PUT' ? { balance: 1 } : undefined,
      });
      expect(res.status, path).toBe(422);
      expect(res.body.detail.map((d: Json) => d.loc)).toContainEqual(['path', name]);
    }
  });

  it('never answers a 5xx, whatever JSON it gets', async () => {
    const ops = servedOps().filter((o) => o.hasBody);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.dictionary(
            fc.constantFrom(
              'by',
              'now',
              'status',
              'balance',
              'currency',
              'hold_for',
              'count',
              'verified',
              'succeeded',
              'name',
              'clock',
              'total_amount',
              'source_type',
              'kind',
            ),
            fc.jsonValue({ maxDepth: 1 }),
          ),
        ),
        async (op, body) => {
          const res = await root.call(op.method, op.path, { token, body });
          expect(res.status, `${op.operationId} ${JSON.stringify(body)}`).toBeLessThan(500);
          if (res.status === 422) expect(isValidationError(res.body)).toBe(true);
          else if (res.status >= 400) expect(isErrorDetail(res.body)).toBe(true);
        },
      ),
      { seed: 20261124, numRuns: 150 },
    );
    // Still answering afterwards.
    expect((await root.call('GET', '/_sandbox/clock', { token })).status).toBe(200);
  });
});

describe('tenants under parallel load', () => {
  it('two tenants, the same reference ids and invoices, no cross-talk', async () => {
    const dollr = api(sandbox.url);
    const tenant = async () => {
      const created = await root.call('POST', '/_sandbox/tenants', { token, body: {} });
      return dollr.token({
        clientId: created.body.client_id,
        clientSecret: created.body.client_secret,
      });
    };
    const [a, b] = await Promise.all([tenant(), tenant()]);
    await root.call('PUT', '/_sandbox/payment-accounts/18/outcome', {
      token: a,
      body: { status: 'FAILED' },
    });
    const references = Array.from({ length: 40 }, () => ref());
    const ids = references.map((_, i) => 3000 + i);
    await Promise.all(
      [a, b].flatMap((t) =>
        ids.map((id) =>
          root.call('POST', '/_sandbox/sources', {
            token: t,
            body: {
              source_type: 'INVOICE',
              source_id: id,
              total_amount: 10,
              currency: 'USD',
              status: 'ACTIVE',
            },
          }),
        ),
      ),
    );
    const pay = async (t: string, i: number) => {
      const session = await dollr.call('POST', '/sessions/checkout', {
        token: t,
        body: { source_id: ids[i], source_type: 'INVOICE' },
      });
      const res = await dollr.call('POST', '/executions/collection', {
        token: t,
        body: {
          session_id: String(session.body.id),
          payment_account_id: '18',
          currency: 'USD',
          reference_id: references[i],
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await Promise.all(references.flatMap((_, i) => [pay(a, i), pay(b, i)]));
    await Promise.all(
      [a, b].map((t) =>
        root.call('POST', '/_sandbox/clock/advance', { token: t, body: { by: '5s' } }),
      ),
    );
    for (const [t, expected] of [
      [a, 'FAILED'],
      [b, 'COMPLETED'],
    ] as const) {
      const listed = await root.call('GET', '/_sandbox/executions', { token: t });
      expect(listed.body.executions).toHaveLength(references.length);
      expect(new Set(listed.body.executions.map((e: Json) => e.status))).toEqual(
        new Set([expected]),
      );
      expect(new Set(listed.body.executions.map((e: Json) => e.reference_id))).toEqual(
        new Set(references),
      );
      const sessions = await root.call('GET', '/_sandbox/sessions', { token: t });
      expect(Math.min(...sessions.body.sessions.map((s: Json) => s.id))).toBe(5012);
    }
    // The default tenant saw none of it.
    expect((await root.call('GET', '/_sandbox/executions', { token })).body.executions).toEqual([]);
  });
});

describe('with a SQLite file', () => {
  it('keeps the default tenant, its ledger and its executions in the file; refuses its reset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dollr-control-'));
    const db = join(dir, 'sandbox.db');
    try {
      const first = await startSandbox({ clock: 'manual', quiet: true, db });
      const own = api(first.rootUrl);
      const access = await api(first.url).token();
      expect(
        (await own.call('PUT', '/_sandbox/wallets/2', { token: access, body: { balance: 42 } }))
          .status,
      ).toBe(200);
      const reset = await own.call('POST', '/_sandbox/tenants/default/reset', { token: access });
      expect(reset.status).toBe(422);
      expect(reset.body.detail[0].loc).toEqual(['path', 'tenant_id']);
      await first.close();

      const second = await startSandbox({ clock: 'manual', quiet: true, db });
      const again = api(second.rootUrl);
      const ledger = await again.call('GET', '/_sandbox/wallets/2/ledger', {
        token: await api(second.url).token(),
      });
      expect(ledger.body.wallet.balance).toBe(42);
      expect(ledger.body.entries.map((e: Json) => e.reason)).toEqual(['OPENING', 'SET_BALANCE']);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
