/**
 * Restart safety: the demo stops while payments are in flight (a simulated crash), and the next
 * start recovers them by their stored reference ids — by status, never by executing again.
 * Dollr here is an external sandbox on a manual clock that outlives both demo processes.
 */
import { randomUUID } from 'node:crypto';
import { startSandbox } from '@dollr/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config.js';
import type { Demo } from '../src/start.js';
import { attemptReaches, postJson, recordingFetch, startTestDemo, tempDir } from './helpers.js';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let data: ReturnType<typeof tempDir>;
let external: Config['dollr'];
const demos: Demo[] = [];

beforeAll(async () => {
  data = tempDir();
  sandbox = await startSandbox({
    clock: 'manual',
    delays: { processingMs: 1_000, settleMs: 1_000 },
    quiet: true,
  });
  external = { kind: 'external', baseUrl: sandbox.url, ...sandbox.credentials };
});

afterAll(async () => {
  for (const demo of demos) await demo.close();
  await sandbox?.close();
  data?.remove();
});

async function start(fetch: typeof globalThis.fetch) {
  const demo = await startTestDemo({ dataDir: data.dir, dollr: external, fetch });
  demos.push(demo);
  return demo;
}

describe('an attempt interrupted by a restart', () => {
  it('is recovered by polling its stored reference id, not executed again', async () => {
    // First run: pay, and "crash" while the payment is still PENDING.
    const before = recordingFetch();
    const first = await start(before.fetch);
    const response = await postJson(first, '/api/invoices/105/pay', { payment_account_id: '18' });
    expect(response.status).toBe(202);
    const { attempt } = (await response.json()) as {
      attempt: { id: number; reference_id: string };
    };
    expect(before.count('POST', '/executions/collection')).toBe(1);
    await first.close();
    const stored = first.db; // closed; read the file again through the next run

    // Second run, same data folder: recovery happens before the server answers anyone.
    const after = recordingFetch();
    const second = await start(after.fetch);
    expect(stored).not.toBe(second.db);
    expect(second.recovered).toEqual({ resumed: 1, abandoned: 0 });
    expect(after.count('GET', `/status/collection/${attempt.reference_id}`)).toBeGreaterThan(0);
    expect(second.db.getAttempt(attempt.id)).toMatchObject({
      status: 'PENDING',
      reference_id: attempt.reference_id,
    });

    // Dollr moves on; the recovered watcher follows it to the end.
    await sandbox.clock.advance(1_000);
    await sandbox.clock.advance(1_000);
    const done = await attemptReaches(second, attempt.id, 'COMPLETED', 'FAILED');
    expect(done.status).toBe('COMPLETED');
    expect(second.db.getInvoice(105)?.status).toBe('PAID');

    // Never executed twice, and no new session either.
    expect(after.count('POST', /^\/executions\//)).toBe(0);
    expect(after.count('POST', /^\/sessions\//)).toBe(0);
    await second.close();
  });

  it('is marked FAILED (abandoned) when Dollr has never heard of its reference id', async () => {
    // A row as a crash could leave it: reference id stored, request never arrived.
    const seeding = await start(recordingFetch().fetch);
    const lost = seeding.db.insertAttempt({ kind: 'collection', invoice_id: 107, account: '23' });
    const ghost = randomUUID();
    seeding.db.setReferenceId(lost.id, ghost);
    seeding.db.updateAttempt(lost.id, { status: 'PENDING' });
    // And one that crashed before its reference id was stored: nothing was sent.
    const early = seeding.db.insertAttempt({ kind: 'collection', invoice_id: 108, account: '23' });
    await seeding.close();

    const dollr = recordingFetch();
    const demo = await start(dollr.fetch);
    expect(demo.recovered).toEqual({ resumed: 0, abandoned: 2 });
    expect(demo.db.getAttempt(lost.id)).toMatchObject({
      status: 'FAILED',
      message: expect.stringMatching(/^Abandoned: Dollr has no execution with this reference id/),
    });
    expect(demo.db.getAttempt(early.id)).toMatchObject({
      status: 'FAILED',
      message: expect.stringMatching(/before the execute call was sent/),
    });
    expect(dollr.count('GET', `/status/collection/${ghost}`)).toBe(1);
    expect(dollr.count('POST', /^\/executions\//)).toBe(0);

    // Both invoices are free again: a new attempt with a new session and reference id.
    const retry = await postJson(demo, '/api/invoices/107/pay', { payment_account_id: '23' });
    expect(retry.status).toBe(202);
    const { attempt } = (await retry.json()) as { attempt: { reference_id: string } };
    expect(attempt.reference_id).not.toBe(ghost);
    await demo.close();
  });

  it('after a lost execute response, follows the reference id by status and never resends it', async () => {
    // A network that loses the answer to the execute call, and fails every status call until
    // the pay request has been answered (so the client's own look-up gives up too).
    let loseExecuteAnswer = true;
    let networkDown = true;
    const sent: { method: string; path: string; body: string }[] = [];
    const flaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname.replace(/^\/v1/, '');
      if (path.startsWith('/status/') && networkDown) {
        throw new TypeError('fetch failed: connection reset');
      }
      const body = request.method === 'POST' ? await request.clone().text() : '';
      sent.push({ method: request.method, path, body });
      const response = await fetch(request);
      if (path === '/executions/collection' && loseExecuteAnswer) {
        loseExecuteAnswer = false;
        await response.arrayBuffer(); // Dollr executed it; the answer never arrives
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const demo = await start(flaky);
    const response = await postJson(demo, '/api/invoices/109/pay', { payment_account_id: '23' });
    expect(response.status).toBe(202);
    const { attempt } = (await response.json()) as {
      attempt: { id: number; reference_id: string; message: string };
    };
    expect(attempt.message).toMatch(/^No clear answer from Dollr/);
    expect(demo.db.inFlightAttempt(109)?.id).toBe(attempt.id); // still locked: it may exist
    networkDown = false;

    await sandbox.clock.advance(1_000);
    await sandbox.clock.advance(1_000);
    const done = await attemptReaches(demo, attempt.id, 'COMPLETED', 'FAILED');
    expect(done).toMatchObject({ status: 'COMPLETED', reference_id: attempt.reference_id });
    expect(demo.db.getInvoice(109)?.status).toBe('PAID');

    // One session; every execute request that reached Dollr carried the one reference id.
    expect(sent.filter((c) => c.path === '/sessions/checkout')).toHaveLength(1);
    const executes = sent.filter((c) => c.path === '/executions/collection');
    expect(new Set(executes.map((c) => JSON.parse(c.body).reference_id))).toEqual(
      new Set([attempt.reference_id]),
    );
    await demo.close();
  }, 60_000); // the client's own retries with backoff come first
});

describe('a restart on the embedded sandbox', () => {
  it('finds the sandbox where it left it (same data folder) and recovers by status', async () => {
    const folder = tempDir();
    const options = {
      dataDir: folder.dir,
      sandbox: { clock: 'manual' as const, delays: { processingMs: 1_000, settleMs: 1_000 } },
    };
    try {
      const first = await startTestDemo({ ...options, fetch: recordingFetch().fetch });
      const response = await postJson(first, '/api/invoices/110/pay', { payment_account_id: '21' });
      const { attempt } = (await response.json()) as {
        attempt: { id: number; reference_id: string };
      };
      await first.close(); // the sandbox goes down with it; its database stays

      const dollr = recordingFetch();
      const second = await startTestDemo({ ...options, fetch: dollr.fetch });
      try {
        expect(second.recovered).toEqual({ resumed: 1, abandoned: 0 });
        await second.sandbox?.clock.advance(1_000);
        await second.sandbox?.clock.advance(1_000);
        const done = await attemptReaches(second, attempt.id, 'COMPLETED', 'FAILED');
        expect(done).toMatchObject({ status: 'COMPLETED', reference_id: attempt.reference_id });
        expect(dollr.count('POST', /^\/executions\//)).toBe(0);
      } finally {
        await second.close();
      }
    } finally {
      folder.remove();
    }
  });
});
