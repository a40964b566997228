/**
 * DOLLR_BASE_URL pointed at the stateless Prism mock of the spec: the demo starts, answers from
 * the spec's examples, and a payment runs to a final status.
 */
import { startMock } from '@dollr/mock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Demo } from '../src/start.js';
import { attemptReaches, postJson, startTestDemo, tempDir } from './helpers.js';

let mock: Awaited<ReturnType<typeof startMock>>;
let demo: Demo;
let data: ReturnType<typeof tempDir>;

beforeAll(async () => {
  data = tempDir();
  mock = await startMock({ port: 0 });
  demo = await startTestDemo({
    dataDir: data.dir,
    dollr: {
      kind: 'external',
      baseUrl: mock.url,
      clientId: 'dollr_test_client',
      clientSecret: 'dollr_test_secret',
    },
  });
});

afterAll(async () => {
  await demo?.close();
  await mock?.close();
  data?.remove();
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
