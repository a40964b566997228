/**
 * Collections followed live through the embedded sandbox's realtime channel: the page's events say
 * so, the status endpoint is asked only to catch up and to confirm, and the invoice turns PAID only
 * after that confirmation; with realtime off or unreachable, the demo polls, and says so.
 */
import { describe, expect, it } from 'vitest';
import type { Attempt } from '../src/db.js';
import {
  attemptReaches,
  MANUAL_SANDBOX,
  postJson,
  recordingFetch,
  useTestDemo,
} from './helpers.js';

const STATUS_GET = /^\/status\/collection\//;

/** Pays an invoice through the app; the attempt as the API answered it. */
async function pay(demo: ReturnType<typeof useTestDemo>['demo'], invoice: number, account = '18') {
  const response = await postJson(demo, `/api/invoices/${invoice}/pay`, {
    payment_account_id: account,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { attempt: Attempt & { followed_by: string | null } }).attempt;
}

async function view(demo: ReturnType<typeof useTestDemo>['demo'], id: number) {
  const response = await demo.app.request(`/api/attempts/${id}`);
  return ((await response.json()) as { attempt: { followed_by: string | null } }).attempt;
}

describe('with realtime (the embedded sandbox)', () => {
  const dollr = recordingFetch();
  // No safety poll within the test: what moves the attempt is the channel.
  const started = useTestDemo({
    fetch: dollr.fetch,
    sandbox: MANUAL_SANDBOX,
    config: { maxPollIntervalMs: 600_000 },
  });

  it('follows a payment live and marks the invoice PAID only after the status endpoint confirmed it', async () => {
    const { demo } = started;
    const lookupsWhenPaid: number[] = [];
    const off = demo.events.subscribe('*', (attempt) => {
      if (attempt.status === 'COMPLETED') lookupsWhenPaid.push(dollr.count('GET', STATUS_GET));
    });
    try {
      const before = dollr.count('GET', STATUS_GET);
      const attempt = await pay(demo, 101);
      await expect.poll(async () => (await view(demo, attempt.id)).followed_by).toBe('realtime');
      await demo.sandbox?.clock.advance(1_000);
      await attemptReaches(demo, attempt.id, 'PROCESSING');
      await demo.sandbox?.clock.advance(1_000);
      const paid = await attemptReaches(demo, attempt.id, 'COMPLETED');
      expect(paid).toMatchObject({ payee_amount: 100, message: 'Payment received' });
      expect(demo.db.getInvoice(101)?.status).toBe('PAID');
      // Once to catch up after joining, once to confirm COMPLETED: PROCESSING came from the channel.
      expect(dollr.count('GET', STATUS_GET) - before).toBe(2);
      expect(lookupsWhenPaid[0]).toBe(dollr.count('GET', STATUS_GET));
    } finally {
      off();
    }
  });

  it('says on every event how the status is followed, until it is final', async () => {
    const { demo } = started;
    const seen: Array<[string, string | null]> = [];
    const lookups = dollr.answered('GET', STATUS_GET);
    const attempt = await pay(demo, 102);
    const response = await demo.app.request(`/api/attempts/${attempt.id}/events`);
    const reader = response.body?.getReader();
    const advance = (async () => {
      await attemptReaches(demo, attempt.id, 'PENDING');
      await expect.poll(async () => (await view(demo, attempt.id)).followed_by).toBe('realtime');
      // The lookup that catches up after the join has been answered: moved any sooner, the
      // sandbox could answer it COMPLETED, and PROCESSING would rightly never be announced.
      await expect.poll(() => dollr.answered('GET', STATUS_GET) - lookups).toBe(1);
      await demo.sandbox?.clock.advance(2_000);
    })();
    let text = '';
    while (reader && !text.includes('"final":true')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    await advance;
    for (const [, data] of text.matchAll(/^data: (.*)$/gm)) {
      const event = JSON.parse(data as string) as { status: string; followed_by: string | null };
      seen.push([event.status, event.followed_by]);
    }
    expect(seen).toContainEqual(['PROCESSING', 'realtime']);
    expect(seen.at(-1)?.[0]).toBe('COMPLETED');
  });
});

describe('without realtime', () => {
  const started = useTestDemo({
    sandbox: MANUAL_SANDBOX,
    config: { realtime: { kind: 'off' } },
  });

  it('polls, and the page is told so', async () => {
    const { demo } = started;
    const attempt = await pay(demo, 101);
    await expect.poll(async () => (await view(demo, attempt.id)).followed_by).toBe('polling');
    await demo.sandbox?.clock.advance(2_000);
    await attemptReaches(demo, attempt.id, 'COMPLETED');
  });
});

describe('with a realtime server that cannot be reached', () => {
  const lines: string[] = [];
  const started = useTestDemo({
    sandbox: MANUAL_SANDBOX,
    log: (line) => lines.push(line),
    config: { realtime: { kind: 'given', url: 'http://127.0.0.1:9', anonKey: 'anon' } },
  });

  it('falls back to polling, logs why, and still finishes', async () => {
    const { demo } = started;
    const attempt = await pay(demo, 101);
    await expect.poll(async () => (await view(demo, attempt.id)).followed_by).toBe('polling');
    expect(lines.join('\n')).toMatch(/attempt \d+: following by polling \(the realtime socket/);
    await demo.sandbox?.clock.advance(2_000);
    await attemptReaches(demo, attempt.id, 'COMPLETED');
    expect(lines).toContain(
      "live status: through Dollr's realtime channel, polling as the fallback",
    );
  });
});
