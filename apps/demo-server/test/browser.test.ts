/**
 * A person at the page, in headless Chromium: pays an invoice and watches it move, sees a failed
 * payment and a 3-D Secure one, refunds, sends a payout from the admin page. The sandbox runs on a
 * manual clock: the test moves time, the page shows each state as it comes.
 * Screenshots land in test-results/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from '@dollr/test-kit';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Demo } from '../src/start.js';
import { MANUAL_SANDBOX, postJson, startTestDemo, tempDir } from './helpers.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

let demo: Demo;
let data: ReturnType<typeof tempDir>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true });
  data = tempDir();
  demo = await startTestDemo({
    dataDir: data.dir,
    sandbox: MANUAL_SANDBOX,
  });
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // Failed fetches are the tests' own bad input (422s); anything else is a script error.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageErrors.push(message.text());
    }
  });
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  data?.remove();
});

const clock = () => {
  if (!demo.sandbox) throw new Error('no embedded sandbox');
  return demo.sandbox.clock;
};

/** Waits until `selector` shows `text` (a string or a pattern). */
async function shows(selector: string, text: string | RegExp) {
  await page.locator(selector, { hasText: text }).first().waitFor();
}

const row = (number: string) => `#invoices tr:has(th:has-text("${number}"))`;

describe('the checkout page', () => {
  it('pays an invoice with the wallet: PENDING, PROCESSING, COMPLETED, and the invoice is PAID', async () => {
    await page.goto(demo.url);
    await shows(`${row('INV-0101')} .status-cell`, 'UNPAID');
    await shows('#mode', 'embedded Dollr sandbox');

    await page.getByRole('button', { name: 'Pay INV-0101' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pay INV-0101' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: /Dollr wallet — account 23/ }).check();
    await page.screenshot({ path: join(RESULTS, 'checkout-form.png') });
    await dialog.getByRole('button', { name: 'Pay $100.00' }).click();

    await shows('#pay-progress [data-timeline]', 'PENDING');
    await shows('#pay-progress [data-facts]', /Reference id[0-9a-f-]{36}/);
    await clock().advance(1_000);
    await shows('#pay-progress [data-status-text]', 'PROCESSING');
    await clock().advance(1_000);
    await shows('#pay-progress [data-status-text]', 'COMPLETED');
    const timeline = await page.locator('#pay-progress [data-timeline]').textContent();
    expect(timeline).toMatch(/PENDING[\s\S]*PROCESSING[\s\S]*COMPLETED/);
    await shows(`${row('INV-0101')} .status-cell`, 'PAID');
    await page.screenshot({ path: join(RESULTS, 'checkout-completed.png') });

    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await shows(`${row('INV-0101')} .action-cell`, 'Refund');
  });

  it('shows a failed payment with the provider message; the invoice stays payable', async () => {
    await page.getByRole('button', { name: 'Pay INV-0103' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pay INV-0103' });
    await dialog.getByRole('radio', { name: /Orange mobile money/ }).check();
    await dialog.getByRole('button', { name: /^Pay \$/ }).click();
    await shows('#pay-progress [data-timeline]', 'PENDING');
    await clock().advance(1_000);
    await clock().advance(1_000);
    await shows('#pay-progress [data-status-text]', 'FAILED — The payer declined the request');
    await page.screenshot({ path: join(RESULTS, 'checkout-failed.png') });
    await page.keyboard.press('Escape');
    await shows(`${row('INV-0103')} .status-cell`, /UNPAID\s*last try failed/);
    await shows(`${row('INV-0103')} .action-cell`, 'Pay');
  });

  it('tells the payer to authenticate a 3-D Secure card, then completes', async () => {
    await page.getByRole('button', { name: 'Pay INV-0104' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pay INV-0104' });
    await dialog.getByRole('radio', { name: /3-D Secure/ }).check();
    await dialog.getByRole('button', { name: /^Pay \$/ }).click();
    await shows('#pay-progress [data-action-notice]', 'The payer must authenticate (3-D Secure).');
    await page.screenshot({ path: join(RESULTS, 'checkout-3ds.png') });
    await clock().advance(1_000);
    await clock().advance(1_000);
    await shows('#pay-progress [data-status-text]', 'COMPLETED');
    expect(await page.locator('#pay-progress [data-action-notice]').isHidden()).toBe(true);
    await page.keyboard.press('Escape');
    await shows(`${row('INV-0104')} .status-cell`, 'PAID');
  });

  it('refuses a refund larger than the payment with a clear message, then refunds part', async () => {
    await page.getByRole('button', { name: 'Refund INV-0101' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund INV-0101' });
    const amount = dialog.getByRole('textbox', { name: 'Amount to refund' });
    expect(await amount.inputValue()).toBe('100.00');

    await amount.fill('250');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await shows('#refund-form [data-form-error]', 'more than the 100.00 USD left to refund');
    await shows('#amount-error', 'Amount to refund at most 100.00');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');

    await amount.fill('30');
    await dialog.getByRole('textbox', { name: /Reason/ }).fill('Scope reduced <b>early</b>');
    await dialog.getByRole('button', { name: 'Refund', exact: true }).click();
    await shows('#refund-progress [data-timeline]', 'PENDING');
    await clock().advance(1_000);
    await clock().advance(1_000);
    await shows('#refund-progress [data-status-text]', 'COMPLETED');
    await page.keyboard.press('Escape');
    await shows(`${row('INV-0101')} .status-cell`, /PAID\s*\$30\.00 refunded/);
    await page.screenshot({ path: join(RESULTS, 'shop.png'), fullPage: true });
  });
});

describe('the admin page', () => {
  it('sends a payout with the prefilled sandbox passcode and lists every attempt', async () => {
    await page.goto(new URL('/admin', demo.url).href);
    await shows('#attempts-live', 'Live');
    const form = page.locator('#payout-form');
    expect(await form.getByLabel('Passcode').inputValue()).toBe('123456');
    await form.getByRole('button', { name: 'Send payout' }).click();
    await shows('#payout-form [data-status-text]', /reference id [0-9a-f-]{36}/);
    await clock().advance(1_000);
    await clock().advance(1_000);
    await shows('#attempts tbody tr:first-child', 'COMPLETED');
    await shows('#attempts tbody tr:first-child', 'payout');

    // A transfer the wallet cannot cover fails with the wallet's message.
    const transfer = page.locator('#transfer-form');
    await transfer.getByLabel('From wallet').selectOption('2');
    await transfer.getByLabel('Amount').fill('50');
    await transfer.getByRole('button', { name: 'Send transfer' }).click();
    await shows('#transfer-form [data-status-text]', 'reference id');
    await clock().advance(1_000);
    await clock().advance(1_000);
    await shows('#attempts tbody tr:first-child', /FAILED.*[Ii]nsufficient/);

    // A malformed form names the field.
    await transfer.getByLabel('Amount').fill('lots');
    await transfer.getByRole('button', { name: 'Send transfer' }).click();
    await shows('#transfer-form [data-form-error]', 'amount must be an amount');

    const rows = await page.locator('#attempts tbody tr').count();
    expect(rows).toBe(demo.db.listAttempts().length);
    await page.screenshot({ path: join(RESULTS, 'admin.png'), fullPage: true });

    // The shop on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(demo.url);
    await shows(`${row('INV-0101')} .status-cell`, 'PAID');
    await page.screenshot({ path: join(RESULTS, 'shop-phone.png') });

    // A payment made elsewhere (another tab, here the API) shows up without a reload.
    await postJson(demo, '/api/invoices/205/pay', { payment_account_id: '23' });
    await shows(`${row('ORD-0205')} .status-cell`, 'PROCESSING');
    // …and can be followed from here.
    await page.getByRole('button', { name: 'Follow ORD-0205' }).click();
    await shows('#pay-progress [data-timeline]', 'PENDING');
    await clock().advance(1_000);
    await clock().advance(1_000);
    await shows('#pay-progress [data-status-text]', 'COMPLETED');
    await page.keyboard.press('Escape');
    await shows(`${row('ORD-0205')} .status-cell`, 'PAID');
    expect(pageErrors).toEqual([]);
  });
});
