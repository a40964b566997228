/**
 * The SQLite store keeps every acknowledged execution: run the CLI with --db in a child process,
 * execute, kill -9 right after the last answer, restart on the same file, and ask again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ManagedProcess } from '../src/process.js';
import { useCli } from './cli-build.js';
import { api, collectionBody, type Json, ref } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'dollr-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = useCli();

const start = (db: string) =>
  cli.start(['--stateful', '--db', db, '--port', '0', '--quiet'], 20_000);

function kill9(proc: ManagedProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
  process.kill(-(proc.child.pid as number), 'SIGKILL');
  return exited;
}

describe('dollr-mock --stateful --db', () => {
  it('every acknowledged execution survives kill -9', async () => {
    const db = join(dir, 'state.db');
    const first = await start(db);
    const client = api(first.url);
    const token = await client.token();
    const acknowledged: Array<{ reference: string; body: Json }> = [];
    for (let i = 0; i < 12; i++) {
      const session = await client.call('POST', '/sessions/checkout', {
        token,
        body: {
          source_id: i < 10 ? 101 + i : 201 + i - 10,
          source_type: i < 10 ? 'INVOICE' : 'ORDER',
        },
      });
      expect(session.status).toBe(200);
      const reference = ref();
      const res = await client.call('POST', '/executions/collection', {
        token,
        body: collectionBody(session.body.id, '21', reference),
      });
      expect(res.status).toBe(200);
      acknowledged.push({ reference, body: res.body });
    }
    // A transfer too, and kill the process the moment its answer arrives.
    const transferSession = await client.call('POST', '/sessions/transfer', {
      token,
      body: {
        from_wallet_id: 1,
        to_counterparty_id: 12,
        amount: 999,
        currency: 'USD',
        expires_at: new Date(Date.now() + 600_000).toISOString(),
      },
    });
    const transferRef = ref();
    const transfer = await client.call('POST', '/executions/transfer', {
      token,
      body: { session_id: String(transferSession.body.id), reference_id: transferRef },
    });
    expect(transfer.status).toBe(200);
    await kill9(first.proc);

    const second = await start(db);
    const again = api(second.url);
    const fresh = await again.token();
    for (const { reference, body } of acknowledged) {
      const res = await again.call('GET', `/status/collection/${reference}`, { token: fresh });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        reference_id: reference,
        payer_amount: body.payer_amount,
        payee_amount: body.payee_amount,
      });
    }
    const transferStatus = await again.call('GET', `/status/transfer/${transferRef}`, {
      token: fresh,
    });
    expect(transferStatus.status).toBe(200);
    // The debit survived too: 1000 − 999 leaves 1.00 in wallet 1.
    const next = await again.call('POST', '/sessions/transfer', {
      token: fresh,
      body: {
        from_wallet_id: 1,
        to_counterparty_id: 12,
        amount: 1.01,
        currency: 'USD',
        expires_at: new Date(Date.now() + 600_000).toISOString(),
      },
    });
    const short = await again.call('POST', '/executions/transfer', {
      token: fresh,
      body: { session_id: String(next.body.id), reference_id: ref() },
    });
    expect(short.body).toMatchObject({ status: 'FAILED', wallet_message: 'Insufficient balance' });
    // Session ids carry on from where they were, and the sources paid stay taken.
    const used = await again.call('POST', '/sessions/checkout', {
      token: fresh,
      body: { source_id: 101, source_type: 'INVOICE' },
    });
    expect(used.status).toBe(422);
    // Replaying an acknowledged execution returns it rather than executing again.
    const first0 = acknowledged[0] as { reference: string; body: Json };
    const replay = await again.call('GET', `/status/collection/${first0.reference}`, {
      token: fresh,
    });
    expect(replay.body.reference_id).toBe(first0.reference);
    await second.proc.stop();
  });
});
