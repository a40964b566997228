/**
 * Concurrent duplicates over real sockets: one reference id sent 100 times at once creates exactly
 * one execution, and every answer is the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import { api, collectionBody, inMinutes, ref } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'dollr-concurrency-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

describe.each([
  { store: 'memory', db: () => undefined },
  { store: 'sqlite', db: () => join(dir, `state-${++files}.db`) },
])('$store store', ({ db }) => {
  let sandbox: RunningSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('100 concurrent collections with one reference id → one execution, identical answers', async () => {
    sandbox = await startSandbox({ clock: 'manual', quiet: true, db: db() });
    const client = api(sandbox.url);
    const token = await client.token();
    const session = await client.call('POST', '/sessions/checkout', {
      token,
      body: { source_id: 101, source_type: 'INVOICE' },
    });
    const body = collectionBody(session.body.id, '22');
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        client.call('POST', '/executions/collection', { token, body }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
    // A 3-D Secure card: the answer carries a random client secret and intent id, so identical
    // answers mean one execution.
    const first = JSON.stringify(answers[0]?.body);
    expect(answers[0]?.body.client_secret).toMatch(/_secret_/);
    for (const answer of answers) expect(JSON.stringify(answer.body)).toBe(first);
    const status = await client.call('GET', `/status/collection/${body.reference_id}`, { token });
    expect(JSON.stringify(status.body)).toBe(first);
  });

  it('100 concurrent transfers with one reference id debit the wallet once', async () => {
    sandbox = await startSandbox({ clock: 'manual', quiet: true, db: db() });
    const client = api(sandbox.url);
    const token = await client.token();
    const transferSession = async (amount: number) => {
      const res = await client.call('POST', '/sessions/transfer', {
        token,
        body: {
          from_wallet_id: 1,
          to_counterparty_id: 13,
          amount,
          currency: 'USD',
          expires_at: inMinutes(sandbox?.clock.now() ?? new Date(), 5),
        },
      });
      expect(res.status).toBe(200);
      return String(res.body.id);
    };
    const execute = (session_id: string, reference_id = ref()) =>
      client.call('POST', '/executions/transfer', { token, body: { session_id, reference_id } });

    const session = await transferSession(100);
    const reference = ref();
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => execute(session, reference)),
    );
    expect(new Set(answers.map((a) => JSON.stringify([a.status, a.body]))).size).toBe(1);
    expect(answers[0]?.body.status).toBe('PENDING');

    // Wallet 1 started at 1000.00: exactly 900.00 must be left.
    const rest = await execute(await transferSession(900));
    expect(rest.body.status).toBe('PENDING');
    const empty = await execute(await transferSession(0.01));
    expect(empty.body).toMatchObject({ status: 'FAILED', wallet_message: 'Insufficient balance' });
  });

  it('one reference id raced over 50 different sessions → one execution, 49 duplicates', async () => {
    sandbox = await startSandbox({ clock: 'manual', quiet: true, db: db() });
    const client = api(sandbox.url);
    const token = await client.token();
    const sessions = [];
    for (let i = 0; i < 50; i++) {
      const res = await client.call('POST', '/sessions/checkout', {
        token,
        body: { source_id: 101 + (i % 10), source_type: 'INVOICE' },
      });
      sessions.push(String(res.body.id));
    }
    const reference = ref();
    const answers = await Promise.all(
      sessions.map((session_id) =>
        client.call('POST', '/executions/collection', {
          token,
          body: { session_id, payment_account_id: '18', currency: 'USD', reference_id: reference },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(49);
    for (const answer of answers.filter((a) => a.status === 422)) {
      expect(answer.body.detail[0].type).toBe('value_error.duplicate');
    }
  });
});
