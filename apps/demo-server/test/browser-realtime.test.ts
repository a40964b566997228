/**
 * The checkout page on a sandbox with a real clock: the payer sees COMPLETED within a second of
 * the moment the sandbox settled the collection, because the server follows it through Dollr's
 * realtime channel: polling at the production intervals would show it seconds late.
 * Both moments are read on this machine's clock: the sandbox's `updated_at` of the execution and
 * the page's `Date.now()` when its status line changed.
 */
import { createControlClient } from '@dollr/mock/control';
import { chromiumLaunchOptions } from '@dollr/test-kit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Demo } from '../src/start.js';
import { startTestDemo, tempDir } from './helpers.js';

let demo: Demo;
let data: ReturnType<typeof tempDir>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  data = tempDir();
  demo = await startTestDemo({
    dataDir: data.dir,
    // Settled 2.3 s after it is sent: polling at Dollr's 2 s, then 3 s later, would only see it
    // at about 5 s (2.7 s late); the realtime path's safety lookups run every 5 s.
    sandbox: { clock: 'real', delays: { processingMs: 800, settleMs: 1_500 } },
    config: { pollIntervalMs: 2_000, maxPollIntervalMs: 5_000 },
  });
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  data?.remove();
});

describe('the checkout page, live', () => {
  it('shows COMPLETED within 1 s of the sandbox settling the payment', async () => {
    await page.goto(demo.url);
    // The page notes when its status line first says COMPLETED.
    await page.evaluate(() => {
      const w = window as { completedAt?: number };
      new MutationObserver(() => {
        const line = document.querySelector('#pay-progress [data-status-text]');
        if (w.completedAt === undefined && line?.textContent?.includes('COMPLETED')) {
          w.completedAt = Date.now();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Pay INV-0101' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pay INV-0101' });
    await dialog.getByRole('radio', { name: /Dollr wallet — account 23/ }).check();
    await dialog.getByRole('button', { name: 'Pay $100.00' }).click();

    await page
      .locator('#pay-progress [data-facts]', { hasText: 'live (Dollr realtime channel)' })
      .waitFor();
    await page.locator('#pay-progress [data-status-text]', { hasText: 'COMPLETED' }).waitFor();
    const shownAt = await page.evaluate(() => (window as { completedAt?: number }).completedAt);

    const referenceId = await page.locator('#pay-progress [data-facts] code').first().textContent();
    const control = createControlClient({
      baseUrl: demo.dollrUrl,
      token: () => demo.client.getToken(),
    });
    const { data: execution } = await control.GET('/_sandbox/executions/{reference_id}', {
      params: { path: { reference_id: referenceId as string } },
    });
    expect(execution?.status).toBe('COMPLETED');
    const settledAt = Date.parse(execution?.updated_at as string);
    const lag = (shownAt as number) - settledAt;
    expect(lag, `shown ${lag} ms after the sandbox settled it`).toBeGreaterThanOrEqual(0);
    expect(lag, `shown ${lag} ms after the sandbox settled it`).toBeLessThan(1_000);
    expect(demo.db.getInvoice(101)?.status).toBe('PAID');
  });
});
