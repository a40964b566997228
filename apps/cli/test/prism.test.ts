import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { FIXTURES } from '@dollr/mock';
import { useDollrMock } from '@dollr/mock/vitest';
import { describe, expect, it } from 'vitest';
import {
  collectArgs,
  dollr,
  dollrJson,
  flags,
  readJournal,
  TRANSFER_SESSION,
  UUID_V4,
  useCliHome,
} from './helpers.js';

// Against the Prism mock: answers come from the spec's examples, so these check that every
// command sends what the spec accepts and prints what the spec returns.

// Prism checks that a bearer token is present, not which one: any credentials do.
const TEST_CREDENTIALS = { clientId: 'prism_client', clientSecret: 'prism-secret-value' };

const mock = useDollrMock();
const { home, env } = useCliHome(() => ({ url: mock.url, credentials: TEST_CREDENTIALS }));

const REF = '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f';
const { code, phone } = FIXTURES.passcode;
const PASSCODE = ['--passcode-code', code, '--passcode-phone', phone];

describe('against the Prism mock', () => {
  it('logs in non-interactively into a named profile, privately', async () => {
    const login = await dollrJson(['login', '--profile', 'prism'], { home, env });
    expect(login.code).toBe(0);
    expect(login.json).toMatchObject({
      profile: 'prism',
      client_id: TEST_CREDENTIALS.clientId,
      base_url: mock.url,
    });
    expect(statSync(home.configFile).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(home.configFile)).mode & 0o777).toBe(0o700);

    // The profile now works on its own, without the environment's credentials.
    const who = await dollrJson(['whoami', '--profile', 'prism'], { home, env: {} });
    expect(who.code).toBe(0);
    expect(who.json).toMatchObject({
      profile: 'prism',
      credentials_from: 'profile',
      base_url: mock.url,
    });
  });

  it.each([
    ['checkout', ['--source-id', '101', '--source-type', 'INVOICE'], ['source_id', 'source_type']],
    [
      'payout',
      ['--payout-account-id', '7', '--amount', '25', '--currency', 'USD'],
      ['wallet_id', 'payout_account_id'],
    ],
    [
      'transfer',
      [...flags({ ...TRANSFER_SESSION, expiresIn: '30m' })],
      ['from_wallet_id', 'to_counterparty_id'],
    ],
    [
      'refund',
      ['--original-payment-intent-id', '42', '--amount', '10', '--reason', 'damaged'],
      ['original_payment_intent_id'],
    ],
  ])('sessions create %s', async (kind, flags, fields) => {
    const result = await dollrJson(['sessions', 'create', kind, ...flags], { home, env });
    expect(result.code).toBe(0);
    expect(result.json).toHaveProperty('id');
    expect(result.json).toHaveProperty('status');
    for (const field of fields) expect(result.json).toHaveProperty(field);
  });

  it.each([
    ['collection', ['--payment-account-id', '18', '--currency', 'USD']],
    ['payout', ['--payout-account-id', '7', ...PASSCODE]],
    ['transfer', []],
    ['refund', []],
  ])('execute %s prints the execution and journals the reference id first', async (kind, flags) => {
    const result = await dollrJson(['execute', kind, '--session-id', '5012', ...flags], {
      home,
      env,
    });
    expect(result.code).toBe(0);
    expect(result.json).toHaveProperty('status');
    expect(result.json).toHaveProperty('operation_type');
    // With --json the minted reference id goes to stderr, and to the journal.
    const minted = UUID_V4.exec(result.stderr)?.[0];
    expect(minted).toBeDefined();
    const entry = readJournal(home).find((e) => e.reference_id === minted);
    expect(entry).toMatchObject({ kind, session_id: '5012', base_url: mock.url });
  });

  it.each(['collection', 'payout', 'transfer', 'refund'])('status %s', async (kind) => {
    const result = await dollrJson(['status', kind, REF], { home, env });
    expect(result.json).toHaveProperty('reference_id');
    expect(['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED']).toContain(result.json.status);
    expect(result.code).toBe(result.json.status === 'FAILED' ? 3 : 0);
  });

  it('status source', async () => {
    const result = await dollrJson(
      ['status', 'source', '--source-type', 'INVOICE', '--source-id', '101'],
      {
        home,
        env,
      },
    );
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({
      source_id: expect.any(Number),
      status: expect.any(String),
    });
  });

  it('collect runs the whole flow and prints a summary', async () => {
    const result = await dollrJson([...collectArgs('101', { interval: '50ms' })], { home, env });
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ kind: 'collection', status: 'COMPLETED' });
    const s = result.json as { payer_amount: number; payee_amount: number; fees: number };
    expect(s.fees).toBeCloseTo(s.payer_amount - s.payee_amount, 2);
  });

  it('human output is readable text, not JSON', async () => {
    const result = await dollr(
      ['sessions', 'create', 'checkout', '--source-id', '101', '--source-type', 'INVOICE'],
      {
        home,
        env,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Checkout session \d+\n/);
    expect(result.stdout).toMatch(/source_type\s+INVOICE/);
  });

  it('profiles lists the profile, logout removes it', async () => {
    const before = await dollrJson<Array<{ name: string }>>(['profiles'], { home, env });
    expect(before.json.map((p) => p.name)).toContain('prism');
    const out = await dollrJson(['logout', '--profile', 'prism'], { home, env });
    expect(out.json).toEqual({ removed: ['prism'] });
    const after = await dollrJson<Array<{ name: string }>>(['profiles'], { home, env });
    expect(after.json.map((p) => p.name)).not.toContain('prism');
  });
});
