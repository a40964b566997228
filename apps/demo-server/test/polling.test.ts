/**
 * The polling settings reach the client: every wait for a final status is asked with the
 * configured first and longest intervals (Dollr advises 2–5 s against the real API).
 */
import type { DollrClient } from '@dollr/client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Demo } from '../src/start.js';
import { attemptReaches, postJson, useTestDemo } from './helpers.js';

type WaitOptions = Parameters<DollrClient['waitForExecution']>[2];

// Realtime off: a collection is followed through it otherwise (realtime.test.ts).
const started = useTestDemo({
  config: { pollIntervalMs: 15, maxPollIntervalMs: 45, realtime: { kind: 'off' } },
  sandbox: { clock: 'manual' },
});
let demo: Demo;
const asked: WaitOptions[] = [];

beforeAll(() => {
  demo = started.demo;
  // Watch what the demo asks of its client (the same object its payments use).
  const wait = demo.client.waitForExecution;
  demo.client.waitForExecution = (kind, referenceId, options) => {
    asked.push(options);
    return wait(kind, referenceId, options);
  };
});

describe('polling', () => {
  it('waits for a payment with the configured first and longest intervals', async () => {
    const response = await postJson(demo, '/api/invoices/101/pay', { payment_account_id: '18' });
    expect(response.status).toBe(202);
    const { attempt } = (await response.json()) as { attempt: { id: number } };
    await attemptReaches(demo, attempt.id, 'PENDING');
    await demo.sandbox?.clock.advance(60_000);
    await attemptReaches(demo, attempt.id, 'COMPLETED');
    expect(asked.length).toBeGreaterThan(0);
    for (const options of asked) {
      expect(options).toMatchObject({ intervalMs: 15, maxIntervalMs: 45 });
    }
  });
});
