/**
 * DOLLR_BASE_URL pointed at the stateless Prism mock of the spec: the demo starts, answers from
 * the spec's examples, and a payment runs to a final status.
 */
import { TEST_CREDENTIALS } from '@dollr/mock';
import { useDollrMock } from '@dollr/mock/vitest';
import { beforeAll, expect, it } from 'vitest';
import type { Demo } from '../src/start.js';
import { attemptReaches, postJson, useTestDemo } from './helpers.js';

const mock = useDollrMock();
const started = useTestDemo(() => ({
  dollr: { kind: 'external', baseUrl: mock.url, ...TEST_CREDENTIALS },
}));
let demo: Demo;
beforeAll(() => {
  demo = started.demo;
});

it('runs a payment against the Prism mock', async () => {
  const config = (await (await demo.app.request('/api/config')).json()) as {
    dollr: unknown;
    payout_defaults: unknown;
  };
  expect(config.dollr).toEqual({ kind: 'external', baseUrl: mock.url });
  expect(config.payout_defaults).toEqual({ passcode: '', phone: '' }); // not our sandbox: no prefill

  const response = await postJson(demo, '/api/invoices/101/pay', { payment_account_id: '23' });
  expect(response.status).toBe(202);
  const { attempt } = (await response.json()) as { attempt: { id: number; reference_id: string } };
  const done = await attemptReaches(demo, attempt.id, 'COMPLETED', 'FAILED');
  // The id we stored and sent, not the example's.
  expect(done.reference_id).toBe(attempt.reference_id);
});
