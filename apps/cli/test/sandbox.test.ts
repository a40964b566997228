import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIXTURES, UNVERIFIED_CREDENTIALS } from '@dollr/mock';
import { useDollrSandbox } from '@dollr/mock/vitest';
import { describe, expect, it } from 'vitest';
import {
  collect,
  collectArgs,
  dollr,
  dollrJson,
  flags,
  readJournal,
  start,
  TRANSFER_SESSION,
  transcript,
  UUID_V4,
  useCliHome,
  waitForStderr,
} from './helpers.js';

// The built binary against the stateful sandbox (real clock, short delays): whole flows, every
// command, errors, the journal, Ctrl-C, and secrets that never show.

const sandbox = useDollrSandbox({ delays: { processingMs: 50, settleMs: 100 } });
const limited = useDollrSandbox({ rateLimit: { requests: 2, perMs: 60_000 } });
const { home, env } = useCliHome(() => sandbox);

const { code: PASSCODE_CODE, phone: PHONE } = FIXTURES.passcode;
const FAST = ['--interval', '50ms'];

interface Summary {
  kind: string;
  status: string;
  reference_id: string;
  session_id: number;
  payer_amount: number;
  payee_amount: number;
  payer_currency: string;
  fees: number | null;
  gateway_message: string | null;
}

describe('credentials', () => {
  it('login takes flags non-interactively, verifies them, and stores a private profile', async () => {
    const result = await dollr(
      [
        '--base-url',
        sandbox.url,
        'login',
        ...flags({
          clientId: sandbox.credentials.clientId,
          clientSecret: sandbox.credentials.clientSecret,
        }),
      ],
      { home },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Logged in: profile "default"/);
    const mode = statSync(home.configFile).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(statSync(dirname(home.configFile)).mode & 0o777).toBe(0o700);
    const config = JSON.parse(readFileSync(home.configFile, 'utf8'));
    expect(config).toMatchObject({
      default_profile: 'default',
      profiles: { default: { client_id: sandbox.credentials.clientId, base_url: sandbox.url } },
    });
  });

  it('login refuses bad credentials and stores nothing', async () => {
    const result = await dollr(['--base-url', sandbox.url, '--profile', 'bad', 'login'], {
      home,
      env: { DOLLR_CLIENT_ID: sandbox.credentials.clientId, DOLLR_CLIENT_SECRET: 'not-the-secret' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/401.*dollr login/);
    const config = JSON.parse(readFileSync(home.configFile, 'utf8'));
    expect(Object.keys(config.profiles)).toEqual(['default']);
  });

  it('whoami uses the stored profile (no environment needed) and checks it', async () => {
    const result = await dollrJson(['whoami'], { home });
    expect(result.code).toBe(0);
    expect(result.json).toEqual({
      profile: 'default',
      credentials_from: 'profile',
      client_id: sandbox.credentials.clientId,
      base_url: sandbox.url,
      verified: true,
    });
  });

  it('profiles lists it as the default', async () => {
    const result = await dollrJson(['profiles'], { home });
    expect(result.json).toEqual([
      {
        name: 'default',
        client_id: sandbox.credentials.clientId,
        base_url: sandbox.url,
        default: true,
      },
    ]);
  });

  it('token prints a fresh access token, and only that', async () => {
    const plain = await dollr(['token'], { home });
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const json = await dollrJson<{ access_token: string }>(['token'], { home });
    expect(json.json.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('401 suggests dollr login', async () => {
    const result = await dollr(['whoami'], {
      home,
      env: { ...env, DOLLR_CLIENT_SECRET: 'wrong-secret' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Dollr did not accept the credentials \(401.*Run `dollr login`/,
    );
  });

  it('logout removes the profile', async () => {
    const result = await dollrJson(['logout'], { home });
    expect(result.json).toEqual({ removed: ['default'] });
    const after = await dollr(['whoami'], { home });
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/dollr login/);
  });
});

describe('whole flows', () => {
  let collected: Summary;

  it('collect: checkout session → collection → COMPLETED, with a summary', async () => {
    const result = await dollrJson<Summary & { session: { id: number } }>(
      [...collectArgs('101'), ...FAST],
      { home, env },
    );
    expect(result.code).toBe(0);
    collected = result.json;
    expect(result.json).toMatchObject({
      kind: 'collection',
      status: 'COMPLETED',
      payer_amount: 101.5,
      payee_amount: 100,
      fees: 1.5,
      payer_currency: 'USD',
    });
    expect(result.json.session_id).toBe(result.json.session.id);
    // Steps on stderr; the reference id was journaled (before the call) with the session.
    expect(result.stderr).toMatch(/Checkout session \d+ created/);
    expect(result.stderr).toContain(`Reference id: ${result.json.reference_id}`);
    expect(readJournal(home)).toContainEqual(
      expect.objectContaining({
        kind: 'collection',
        reference_id: result.json.reference_id,
        session_id: String(result.json.session_id),
        base_url: sandbox.url,
      }),
    );
  });

  it('collect prints a human summary without --json', async () => {
    const result = await dollr([...collectArgs('103'), ...FAST], { home, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Reference id: [0-9a-f-]{36}\nCollection COMPLETED\n/);
    expect(result.stdout).toMatch(/fees\s+[\d.]+ USD/);
    expect(result.stderr).toMatch(/✔ The collection is COMPLETED/);
  });

  it('payout: payout account 7 with the passcode → COMPLETED', async () => {
    const result = await dollrJson<Summary>(
      [
        'payout',
        ...flags({
          payoutAccountId: '7',
          amount: '25',
          currency: 'USD',
          passcodeCode: PASSCODE_CODE,
          passcodePhone: PHONE,
        }),
        ...FAST,
      ],
      { home, env },
    );
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ kind: 'payout', status: 'COMPLETED', payee_amount: 25 });
    expect(result.json.fees).toBeCloseTo(result.json.payer_amount - result.json.payee_amount, 2);
  });

  it('payout takes the passcode from a file or from DOLLR_PASSCODE', async () => {
    const file = join(home.dir, 'passcode.json');
    writeFileSync(file, JSON.stringify({ code: PASSCODE_CODE, phone: PHONE }), { mode: 0o600 });
    const fromFile = await dollrJson<Summary>(
      [
        'payout',
        ...flags({ payoutAccountId: '7', amount: '3', currency: 'USD', passcodeFile: file }),
        ...FAST,
      ],
      { home, env },
    );
    expect(fromFile.code).toBe(0);
    expect(fromFile.json.status).toBe('COMPLETED');
    const fromEnv = await dollrJson<Summary>(
      [
        'payout',
        ...flags({ payoutAccountId: '7', amount: '2', currency: 'USD', passcodeUserId: '1' }),
        ...FAST,
      ],
      { home, env: { ...env, DOLLR_PASSCODE: PASSCODE_CODE } },
    );
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.json.status).toBe('COMPLETED');
  });

  it('transfer: wallet 1 → counterparty 12 → COMPLETED', async () => {
    const result = await dollrJson<Summary>(
      ['transfer', ...flags({ ...TRANSFER_SESSION, expiresIn: '10m' }), ...FAST],
      { home, env },
    );
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ kind: 'transfer', status: 'COMPLETED', payee_amount: 5 });
  });

  it('refund: part of the completed collection → COMPLETED', async () => {
    const result = await dollrJson<Summary>(
      [
        'refund',
        ...flags({
          originalPaymentIntentId: String(collected.session_id),
          amount: '10',
          reason: 'damaged',
        }),
        ...FAST,
      ],
      { home, env },
    );
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ kind: 'refund', status: 'COMPLETED' });
  });

  it('a FAILED collection (account 19) prints the result and exits 3', async () => {
    const result = await dollrJson<Summary>(
      [...collectArgs('102', { paymentAccountId: '19' }), ...FAST],
      { home, env },
    );
    expect(result.code).toBe(3);
    expect(result.json).toMatchObject({
      status: 'FAILED',
      gateway_message: 'The payer declined the request',
    });
    expect(result.stderr).toMatch(/FAILED: The payer declined the request/);
  });

  it('--no-wait stops once the execution is accepted', async () => {
    const result = await dollrJson<Summary>(
      [...collectArgs('201', { sourceType: 'ORDER', paymentAccountId: '21' }), '--no-wait'],
      { home, env },
    );
    expect(result.code).toBe(0);
    expect(['PENDING', 'PROCESSING']).toContain(result.json.status);
    const later = await dollrJson(
      ['status', 'collection', result.json.reference_id, '--wait', ...FAST],
      {
        home,
        env,
      },
    );
    expect(later.code).toBe(0);
    expect(later.json.status).toBe('COMPLETED');
  });
});

describe('step by step', () => {
  const created: Record<string, { id: number }> = {};
  const executed: Record<string, string> = {};

  it('sessions create checkout', async () => {
    const r = await dollrJson<{ id: number; source_id: number }>(
      ['sessions', 'create', 'checkout', '--source-id', '104', '--source-type', 'INVOICE'],
      { home, env },
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ source_id: 104, source_type: 'INVOICE', status: 'ACTIVE' });
    created.checkout = r.json;
  });

  it('execute collection --wait', async () => {
    const r = await dollrJson(
      [
        'execute',
        'collection',
        ...flags({
          sessionId: String(created.checkout?.id),
          paymentAccountId: '23',
          currency: 'USD',
        }),
        '--wait',
        ...FAST,
      ],
      { home, env },
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 'COMPLETED', operation_type: 'COLLECTION' });
    executed.collection = r.json.reference_id as string;
  });

  it('sessions create payout and execute payout with a given reference id', async () => {
    const s = await dollrJson<{ id: number; wallet_id: number }>(
      [
        'sessions',
        'create',
        'payout',
        ...flags({ payoutAccountId: '7', amount: '4', currency: 'usd' }),
      ],
      { home, env },
    );
    expect(s.json).toMatchObject({
      payout_account_id: 7,
      amount: 4,
      currency: 'USD',
      wallet_id: 1,
    });
    const referenceId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const r = await dollrJson(
      [
        'execute',
        'payout',
        ...flags({
          sessionId: String(s.json.id),
          payoutAccountId: '7',
          referenceId: referenceId,
          passcodeCode: PASSCODE_CODE,
          passcodePhone: PHONE,
        }),
        '--wait',
        ...FAST,
      ],
      { home, env },
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      reference_id: referenceId,
      status: 'COMPLETED',
      operation_type: 'PAYOUT',
    });
    executed.payout = referenceId;
  });

  it('sessions create transfer (with --expires-at) and execute transfer', async () => {
    const at = new Date(Date.now() + 20 * 60_000).toISOString();
    const s = await dollrJson<{ id: number; expires_at: string }>(
      [
        'sessions',
        'create',
        'transfer',
        ...flags({
          fromWalletId: '1',
          toCounterpartyId: '13',
          amount: '1.25',
          currency: 'USD',
          expiresAt: at,
        }),
      ],
      { home, env },
    );
    expect(s.code).toBe(0);
    expect(Date.parse(s.json.expires_at)).toBe(Date.parse(at));
    const r = await dollrJson(
      ['execute', 'transfer', '--session-id', String(s.json.id), '--wait', ...FAST],
      {
        home,
        env,
      },
    );
    expect(r.json).toMatchObject({ status: 'COMPLETED', operation_type: 'TRANSFER' });
    executed.transfer = r.json.reference_id as string;
  });

  it('sessions create refund and execute refund (without --wait)', async () => {
    const collection = await dollrJson(['status', 'collection', executed.collection as string], {
      home,
      env,
    });
    expect(collection.json.status).toBe('COMPLETED');
    const s = await dollrJson<{ id: number }>(
      [
        'sessions',
        'create',
        'refund',
        ...flags({
          originalPaymentIntentId: String(created.checkout?.id),
          amount: '1',
          reason: 'test',
        }),
      ],
      { home, env },
    );
    expect(s.code).toBe(0);
    expect(s.json).toMatchObject({ original_payment_intent_id: created.checkout?.id, amount: 1 });
    const r = await dollrJson(['execute', 'refund', '--session-id', String(s.json.id)], {
      home,
      env,
    });
    expect(r.code).toBe(0);
    expect(r.json.operation_type).toBe('REFUND');
    executed.refund = r.json.reference_id as string;
  });

  it('status of each kind, with --wait', async () => {
    for (const kind of ['collection', 'payout', 'transfer', 'refund']) {
      const r = await dollrJson(['status', kind, executed[kind] as string, '--wait', ...FAST], {
        home,
        env,
      });
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ reference_id: executed[kind], status: 'COMPLETED' });
    }
  });

  it.each([{ extra: [] }, { extra: ['--wait', ...FAST] }])(
    "status of one kind with another kind's reference id names the kind to ask ($extra)",
    async ({ extra }) => {
      const id = executed.transfer as string;
      const r = await dollr(['status', 'collection', id, ...extra], { home, env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${id} is not a collection's reference id: it is a transfer's.`);
      expect(r.stderr).toContain(`dollr status transfer ${id}`);
      expect(r.stderr).not.toMatch(/safe/);
    },
  );

  it('status source shows the invoice paid', async () => {
    const r = await dollrJson(
      ['status', 'source', '--source-type', 'INVOICE', '--source-id', '104'],
      { home, env },
    );
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ source_id: 104, source_number: 'INV-0104', status: 'PAID' });
  });

  it('every execution is in the journal', () => {
    const ids = readJournal(home).map((e) => e.reference_id);
    for (const id of Object.values(executed)) expect(ids).toContain(id);
  });
});

describe('errors', () => {
  it('a 422 lists each loc and msg; the reference id was journaled before the call', async () => {
    const r = await dollr([...collectArgs('105', { paymentAccountId: '99' })], { home, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /Dollr rejected the request \(422 on POST \/executions\/collection\):\n\s+- body\.payment_account_id: payment account not found/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const id = /Reference id: ([0-9a-f-]{36})/.exec(r.stdout)?.[1];
    expect(id).toBeDefined();
    expect(readJournal(home).map((e) => e.reference_id)).toContain(id);
  });

  it('a 403 explains merchant verification', async () => {
    const r = await dollr(
      [
        'sessions',
        'create',
        'payout',
        ...flags({ payoutAccountId: '7', amount: '5', currency: 'USD' }),
      ],
      {
        home,
        env: { ...env, DOLLR_CLIENT_ID: UNVERIFIED_CREDENTIALS.clientId },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/403.*merchant verification/);
  });

  it('a wrong passcode is explained without echoing it', async () => {
    const r = await dollr(
      [
        'payout',
        ...flags({
          payoutAccountId: '7',
          amount: '5',
          currency: 'USD',
          passcodeCode: '999999',
          passcodePhone: PHONE,
        }),
      ],
      { home, env },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/passcode/);
    expect(r.stdout + r.stderr).not.toContain('999999');
  });

  it('an unknown reference id is a 404 that says a new attempt is safe', async () => {
    const r = await dollr(['status', 'transfer', '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f'], {
      home,
      env,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no transfer with reference id 3f6c1d2e-.*404.*safe/);
  });

  it('a 429 says how long it waited and what Dollr asked', async () => {
    const limitedEnv = { ...env, DOLLR_BASE_URL: limited.url };
    const first = await dollr(
      ['status', 'source', '--source-type', 'INVOICE', '--source-id', '101'],
      {
        home,
        env: limitedEnv,
      },
    );
    expect(first.code).toBe(0);
    const r = await dollr(['status', 'source', '--source-type', 'INVOICE', '--source-id', '101'], {
      home,
      env: limitedEnv,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /rate-limiting.*429.*after 1 attempt over [\d.]+ s; Dollr asks to wait \d+ s more/,
    );
  });
});

describe('Ctrl-C while waiting', () => {
  it('says how to resume, exits 130, and the id is in the journal', async () => {
    const args = [...collectArgs('106', { paymentAccountId: '20' }), ...FAST];
    const child = start(args, { home, env });
    const done = collect(child, args);
    await waitForStderr(child, /Collection status: PROCESSING/);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    const id = /Reference id: ([0-9a-f-]{36})/.exec(r.stdout)?.[1] as string;
    expect(id).toMatch(UUID_V4);
    expect(r.stderr).toContain(`dollr status collection ${id} --wait`);
    expect(readJournal(home).map((e) => e.reference_id)).toContain(id);
    const resumed = await dollrJson(['status', 'collection', id], { home, env });
    expect(resumed.code).toBe(0);
    expect(resumed.json.status).toBe('PROCESSING');
    // Waiting has a limit; giving up says the execution goes on, and how to check it.
    const impatient = await dollr(
      ['status', 'collection', id, '--wait', '--wait-timeout', '300ms', ...FAST],
      {
        home,
        env,
      },
    );
    expect(impatient.code).toBe(1);
    expect(impatient.stderr).toMatch(/Stopped waiting: .*goes on at Dollr/);
    expect(impatient.stderr).toContain(`dollr status collection ${id} --wait`);
  });
});

describe('--verbose', () => {
  it('shows each request and response on stderr with secrets redacted', async () => {
    const r = await dollr(
      [
        ...flags({
          verbose: 'payout',
          payoutAccountId: '7',
          amount: '1',
          currency: 'USD',
          passcodeCode: PASSCODE_CODE,
          passcodePhone: PHONE,
        }),
        ...FAST,
      ],
      { home, env },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`→ POST ${sandbox.url}/jwt/client/obtain/token`);
    expect(r.stderr).toMatch(/← 200 POST .*\/sessions\/payout \(\d+ ms\)/);
    expect(r.stderr).toMatch(/→ GET .*\/status\/payout\//);
    expect(r.stderr).toMatch(/authorization: \[redacted\]/);
    expect(r.stderr).toMatch(/"client_secret":"\[redacted\]"/);
    expect(r.stderr).toMatch(/"access_token":"\[redacted\]"/);
    expect(r.stderr).toMatch(/"code":"\[redacted\]","phone":"231770000001"/);
  });
});

describe('secrets', () => {
  it('no output of any command shows the client secret, a token or the passcode (but `dollr token`)', () => {
    const runs = transcript.filter((t) => !t.args.includes('token'));
    expect(runs.length).toBeGreaterThan(30);
    const jwt = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;
    for (const { args, stdout, stderr } of runs) {
      const all = stdout + stderr;
      const where = `dollr ${args.join(' ')}`;
      expect(all, where).not.toContain(sandbox.credentials.clientSecret);
      expect(all, where).not.toContain('not-the-secret');
      expect(all, where).not.toContain('wrong-secret');
      expect(all, where).not.toMatch(jwt);
      expect(all, where).not.toContain(PASSCODE_CODE);
    }
    // The check can fail: `dollr token` does print a token.
    const tokens = transcript.filter((t) => t.args.includes('token'));
    expect(tokens.some((t) => jwt.test(t.stdout))).toBe(true);
  });
});
