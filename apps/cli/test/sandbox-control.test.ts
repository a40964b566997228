import type { ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { startSandbox } from '@dollr/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collect as collectRun,
  dollr,
  dollrJson,
  start,
  transcript,
  useCliHome,
  waitForStderr,
} from './helpers.js';

// Every `dollr sandbox` command, built binary against a real sandbox on 127.0.0.1. Each block
// works in its own tenant, made by `dollr sandbox tenants create --save-profile` and used with
// `--profile`, on a manual test clock, so that nothing moves unless a command says so.

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Json = Record<string, unknown>;

let sandbox: Sandbox;
const START = '2030-01-01T00:00:00.000Z';
const secrets = new Set<string>();

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});
afterAll(() => sandbox?.close());
const { home, env } = useCliHome(() => sandbox);

/** `dollr --json --profile <profile> sandbox …`, expected to succeed. */
async function sb<T = Json>(profile: string, ...args: string[]): Promise<T> {
  const result = await dollrJson<T>(['--profile', profile, 'sandbox', ...args], { home, env });
  expect(result.code, result.stderr).toBe(0);
  return result.json;
}

/** `dollr --profile <profile> …` without --json, to see the human output or the error. */
function human(profile: string, ...args: string[]) {
  return dollr(['--profile', profile, ...args], { home, env });
}

/** A fresh tenant on a manual clock, saved as a profile of the same name. */
async function tenant(name: string): Promise<Json> {
  const created = await dollrJson(
    [
      'sandbox',
      'tenants',
      'create',
      '--name',
      name,
      '--clock',
      'manual',
      '--start-at',
      START,
      '--save-profile',
      name,
    ],
    { home, env },
  );
  expect(created.code, created.stderr).toBe(0);
  const config = JSON.parse(readFileSync(home.configFile, 'utf8'));
  secrets.add(config.profiles[name].client_secret);
  return created.json;
}

/** A checkout paid on a payment account, not waited for; its reference id. */
async function collect(profile: string, sourceId: number, account = '18'): Promise<string> {
  const result = await dollrJson<{ reference_id: string }>(
    [
      '--profile',
      profile,
      'collect',
      '--source-type',
      'INVOICE',
      '--source-id',
      String(sourceId),
      '--payment-account-id',
      account,
      '--currency',
      'USD',
      '--no-wait',
    ],
    { home, env },
  );
  expect(result.code, result.stderr).toBe(0);
  return result.json.reference_id;
}

describe('tenants', () => {
  it('create saves the credentials in a 0600 profile and prints no secret', async () => {
    const created = await tenant('alpha');
    expect(created).toMatchObject({
      name: 'alpha',
      default: false,
      profile: 'alpha',
      clock: { now: START, mode: 'manual' },
    });
    expect(created.id).toMatch(/^\S+$/);
    expect(created).not.toHaveProperty('client_secret');
    expect(statSync(home.configFile).mode & 0o777).toBe(0o600);
    const config = JSON.parse(readFileSync(home.configFile, 'utf8'));
    expect(config.profiles.alpha).toMatchObject({
      client_id: created.client_id,
      base_url: sandbox.url,
    });
    const current = await sb('alpha', 'tenants', 'current');
    expect(current).toMatchObject({ id: created.id, name: 'alpha' });
  });

  it('create prints the secret only with --show-secret', async () => {
    const hidden = await human('alpha', 'sandbox', 'tenants', 'create', '--name', 'hidden');
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toMatch(/client secret\s+hidden \(shown once: add --show-secret/);
    const shown = await dollrJson(['sandbox', 'tenants', 'create', '--show-secret'], { home, env });
    expect(shown.code).toBe(0);
    expect(shown.json.client_secret).toEqual(expect.any(String));
    expect(String(shown.json.client_secret).length).toBeGreaterThan(8);
  });

  it('refuses to overwrite a profile, before creating anything', async () => {
    const before = (await sb<{ tenants: Json[] }>('alpha', 'tenants', 'list')).tenants.length;
    const result = await human('alpha', 'sandbox', 'tenants', 'create', '--save-profile', 'alpha');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/profile named "alpha" exists already/);
    expect((await sb<{ tenants: Json[] }>('alpha', 'tenants', 'list')).tenants).toHaveLength(
      before,
    );
  });

  it('list, reset and delete; an unknown tenant is a 404, exit 1', async () => {
    const beta = await tenant('beta');
    const list = await sb<{ tenants: Array<Json> }>('beta', 'tenants', 'list');
    expect(list.tenants[0]).toMatchObject({ default: true });
    expect(list.tenants.map((t) => t.id)).toContain(beta.id);
    await sb('beta', 'clock', 'advance', '1h');
    const reset = await sb('beta', 'tenants', 'reset', String(beta.id));
    expect(reset).toMatchObject({ id: beta.id, clock: { now: START } });
    expect(await sb('alpha', 'tenants', 'delete', String(beta.id))).toEqual({
      id: beta.id,
      deleted: true,
    });
    const again = await human('alpha', 'sandbox', 'tenants', 'delete', String(beta.id));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /The sandbox has no such thing \(404 on DELETE \/_sandbox\/tenants\//,
    );
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('clock', () => {
  beforeAll(() => tenant('clock'));

  it('show, advance (short and ISO 8601 durations) and set', async () => {
    expect(await sb('clock', 'clock', 'show')).toEqual({ now: START, mode: 'manual' });
    expect(await sb('clock', 'clock', 'advance', '90s')).toMatchObject({
      now: '2030-01-01T00:01:30.000Z',
    });
    expect(await sb('clock', 'clock', 'advance', 'PT15M')).toMatchObject({
      now: '2030-01-01T00:16:30.000Z',
    });
    expect(await sb('clock', 'clock', 'advance', '1h30m')).toMatchObject({
      now: '2030-01-01T01:46:30.000Z',
    });
    expect(await sb('clock', 'clock', 'set', '2030-01-02T00:00:00+01:00')).toMatchObject({
      now: '2030-01-01T23:00:00.000Z',
    });
    const shown = await human('clock', 'sandbox', 'clock', 'show');
    expect(shown.stdout).toMatch(/Test clock\n\s+now\s+2030-01-01T23:00:00.000Z\n\s+mode\s+manual/);
  });

  it('--verbose shows each control request on stderr, never the token', async () => {
    const result = await human('clock', '--verbose', 'sandbox', 'clock', 'show');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/→ GET http:\/\/127\.0\.0\.1:\d+\/_sandbox\/clock\n/);
    expect(result.stderr).toMatch(/← 200 GET .*\/_sandbox\/clock \(\d+ ms\)/);
    expect(result.stderr).not.toMatch(/Bearer (?!\[REDACTED\])/);
  });

  it('a time before the clock is the sandbox’s 422, explained, exit 1', async () => {
    const result = await human('clock', 'sandbox', 'clock', 'set', '2029-01-01T00:00:00Z');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/422 on PUT \/_sandbox\/clock[\s\S]*body\.now: /);
  });
});

describe('world', () => {
  beforeAll(() => tenant('world'));

  it('invoices and orders: create, publish, cancel', async () => {
    const invoice = await sb(
      'world',
      'invoices',
      'create',
      '--amount',
      '250',
      '--currency',
      'usd',
      '--fee-bearer',
      'payee',
    );
    expect(invoice).toMatchObject({
      source_type: 'INVOICE',
      status: 'IDLE',
      total_amount: 250,
      currency: 'USD',
      fee_bearer: 'PAYEE',
    });
    const id = String(invoice.source_id);
    expect(await sb('world', 'invoices', 'publish', id)).toMatchObject({
      source_id: invoice.source_id,
      status: 'ACTIVE',
    });
    const order = await sb(
      'world',
      'orders',
      'create',
      '--amount',
      '5',
      '--currency',
      'USD',
      '--id',
      '4242',
      '--status',
      'active',
    );
    expect(order).toMatchObject({
      source_type: 'ORDER',
      source_id: 4242,
      status: 'ACTIVE',
      fee_bearer: 'PAYER',
    });
    expect(await sb('world', 'orders', 'cancel', '4242')).toMatchObject({ status: 'CANCELED' });
  });

  it('a source status the sandbox refuses is its 422, naming the field', async () => {
    const result = await human(
      'world',
      'sandbox',
      'invoices',
      'create',
      '--amount',
      '5',
      '--currency',
      'USD',
      '--status',
      'PAID',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/422 on POST \/_sandbox\/sources[\s\S]*body\.status/);
  });

  it('wallets, payout accounts, counterparties', async () => {
    expect(await sb('world', 'wallets', 'set-balance', '1', '250')).toMatchObject({
      id: 1,
      balance: 250,
    });
    expect(await sb('world', 'wallets', 'set-balance', '77', '10.5', '--currency', 'EUR')).toEqual({
      id: 77,
      currency: 'EUR',
      balance: 10.5,
    });
    const account = await sb(
      'world',
      'payout-accounts',
      'create',
      '--network',
      'MTN',
      '--status',
      'failed',
      '--gateway-message',
      'Account closed',
    );
    expect(account).toMatchObject({
      network: 'MTN',
      status: 'FAILED',
      gateway_message: 'Account closed',
    });
    expect(await sb('world', 'counterparties', 'create', '--id', '555')).toEqual({ id: 555 });
  });

  it('sessions expire; an unknown session is a 404', async () => {
    const session = await dollrJson<{ id: number }>(
      [
        '--profile',
        'world',
        'sessions',
        'create',
        'checkout',
        '--source-id',
        '101',
        '--source-type',
        'INVOICE',
      ],
      { home, env },
    );
    const expired = await sb('world', 'sessions', 'expire', String(session.json.id));
    expect(expired).toMatchObject({ id: session.json.id, kind: 'checkout', status: 'EXPIRED' });
    const unknown = await human('world', 'sandbox', 'sessions', 'expire', '999999');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /The sandbox has no such thing \(404 on POST \/_sandbox\/sessions\/999999\/expire\)/,
    );
  });

  it('merchant unverify, show, verify', async () => {
    expect(await sb('world', 'merchant', 'unverify')).toMatchObject({ verified: false });
    const shown = await human('world', 'sandbox', 'merchant', 'show');
    expect(shown.stdout).toMatch(/: unverified$/m);
    expect(await sb('world', 'merchant', 'verify')).toMatchObject({ verified: true });
  });
});

describe('outcomes', () => {
  beforeAll(() => tenant('outcomes'));

  it('execution hold, fail with a message; a final execution cannot be driven', async () => {
    const ref = await collect('outcomes', 101);
    expect(await sb('outcomes', 'execution', 'hold', ref, '--for', '5m')).toMatchObject({
      reference_id: ref,
      status: 'PROCESSING',
    });
    const failed = await sb(
      'outcomes',
      'execution',
      'fail',
      ref,
      '--gateway-message',
      'Insufficient funds',
    );
    expect(failed).toMatchObject({ status: 'FAILED', gateway_message: 'Insufficient funds' });
    const again = await human('outcomes', 'sandbox', 'execution', 'complete', ref);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /422 on POST \/_sandbox\/executions\/.+\/outcome[\s\S]*already FAILED/,
    );
  });

  it('execution complete; an unknown reference id is a 404', async () => {
    const ref = await collect('outcomes', 102);
    expect(await sb('outcomes', 'execution', 'complete', ref)).toMatchObject({
      status: 'COMPLETED',
    });
    const unknown = await human(
      'outcomes',
      'sandbox',
      'execution',
      'complete',
      '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/The sandbox has no such thing \(404/);
  });

  it('next-outcome set, then clear', async () => {
    const outcome = await sb(
      'outcomes',
      'next-outcome',
      'set',
      '18',
      '--status',
      'FAILED',
      '--wallet-message',
      'Wallet frozen',
      '--count',
      '1',
    );
    expect(outcome).toEqual({
      payment_account_id: '18',
      outcome: { status: 'FAILED', wallet_message: 'Wallet frozen', count: 1 },
      remaining: 1,
    });
    const ref = await collect('outcomes', 103);
    await sb('outcomes', 'clock', 'advance', '1m');
    expect(await sb('outcomes', 'inspect', 'execution', ref)).toMatchObject({
      status: 'FAILED',
      wallet_message: 'Wallet frozen',
    });
    expect(await sb('outcomes', 'next-outcome', 'clear', '18')).toEqual({
      payment_account_id: '18',
      cleared: true,
    });
  });

  it('3ds require, then confirm one challenge and fail another', async () => {
    expect(await sb('outcomes', '3ds', 'require', '18', '--count', '2')).toMatchObject({
      outcome: { requires_action: true },
      remaining: 2,
    });
    const passed = await collect('outcomes', 104);
    const refused = await collect('outcomes', 105);
    expect(await sb('outcomes', 'inspect', 'execution', passed)).toMatchObject({
      requires_action: true,
      awaiting_authentication: true,
    });
    const confirmed = await sb('outcomes', '3ds', 'confirm', passed);
    expect(confirmed).toMatchObject({ awaiting_authentication: false });
    expect(confirmed.status).not.toBe('FAILED');
    expect(await sb('outcomes', '3ds', 'fail', refused)).toMatchObject({
      status: 'FAILED',
      gateway_message: 'Authentication failed',
    });
  });
});

describe('inspect', () => {
  let ref: string;
  beforeAll(async () => {
    await tenant('inspect');
    ref = await collect('inspect', 101);
  });

  it('sessions, session, executions, execution', async () => {
    const sessions = await sb<{ sessions: Json[] }>('inspect', 'inspect', 'sessions');
    expect(sessions.sessions).toHaveLength(1);
    expect(sessions.sessions[0]).toMatchObject({
      kind: 'checkout',
      status: 'USED',
      reference_id: ref,
    });
    const id = String(sessions.sessions[0]?.id);
    expect(await sb('inspect', 'inspect', 'session', id)).toMatchObject({ reference_id: ref });
    const executions = await sb<{ executions: Json[] }>('inspect', 'inspect', 'executions');
    expect(executions.executions.map((e) => e.reference_id)).toEqual([ref]);
    expect(await sb('inspect', 'inspect', 'execution', ref)).toMatchObject({
      reference_id: ref,
      operation_type: 'COLLECTION',
      planned_status: 'COMPLETED',
    });
    const table = await human('inspect', 'sandbox', 'inspect', 'executions');
    expect(table.stdout).toMatch(
      new RegExp(`Executions \\(1\\)\\n.*reference id.*\\n\\s+${ref}\\s+COLLECTION`),
    );
  });

  it('wallets and a ledger', async () => {
    await sb('inspect', 'wallets', 'set-balance', '1', '300');
    const wallets = await sb<{ wallets: Json[] }>('inspect', 'inspect', 'wallets');
    expect(wallets.wallets).toContainEqual({ id: 1, currency: 'USD', balance: 300 });
    const ledger = await sb<{ wallet: Json; entries: Json[] }>('inspect', 'inspect', 'ledger', '1');
    expect(ledger.wallet).toMatchObject({ id: 1, balance: 300 });
    expect(ledger.entries.map((e) => e.reason)).toEqual(['OPENING', 'SET_BALANCE']);
    const unknown = await human('inspect', 'sandbox', 'inspect', 'ledger', '4040');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/The sandbox has no such thing \(404/);
  });
});

describe('tenants are isolated', () => {
  it('a clock advanced in one tenant does not move another', async () => {
    await tenant('left');
    await tenant('right');
    await sb('left', 'clock', 'advance', '2h');
    expect(await sb('right', 'clock', 'show')).toMatchObject({ now: START });
    expect((await sb<{ executions: Json[] }>('right', 'inspect', 'executions')).executions).toEqual(
      [],
    );
  });
});

describe('faults', () => {
  beforeAll(() => tenant('faults'));

  it('add (JSON shape), fire, list, clear one, clear all', async () => {
    const fault = await sb(
      'faults',
      'faults',
      'add',
      'error-after-effect',
      '--operation',
      'getSourceStatus',
      '--count',
      '1',
      '--status',
      '503',
    );
    expect(fault).toEqual({
      id: expect.any(String),
      rule: { kind: 'ERROR_AFTER_EFFECT', operation: 'getSourceStatus', count: 1, status: 503 },
      fired: 0,
      remaining: 1,
    });
    const other = await sb(
      'faults',
      'faults',
      'add',
      'LATENCY',
      '--latency',
      'PT0.5S',
      '--method',
      'get',
      '--probability',
      '25%',
      '--from',
      '2031-01-01T00:00:00Z',
    );
    expect(other.rule).toEqual({
      kind: 'LATENCY',
      latency: '500ms',
      method: 'GET',
      probability: 0.25,
      from: '2031-01-01T00:00:00.000Z',
    });
    // The client retries a GET after a 503: the command succeeds, and the rule has fired once.
    const status = await human(
      'faults',
      'status',
      'source',
      '--source-type',
      'INVOICE',
      '--source-id',
      '101',
    );
    expect(status.code, status.stderr).toBe(0);
    const list = await sb<{ faults: Json[] }>('faults', 'faults', 'list');
    expect(list.faults.map((f) => [f.id, f.fired, f.remaining])).toEqual([
      [fault.id, 1, 0],
      [other.id, 0, null],
    ]);
    const table = await human('faults', 'sandbox', 'faults', 'list');
    expect(table.stdout).toMatch(/Fault rules \(2\)\n.*\n\s+\S+\s+1\s+0\s+ERROR_AFTER_EFFECT/);
    expect(await sb('faults', 'faults', 'clear', String(fault.id))).toEqual({ cleared: fault.id });
    expect((await sb<{ faults: Json[] }>('faults', 'faults', 'list')).faults).toHaveLength(1);
    expect(await sb('faults', 'faults', 'clear')).toEqual({ cleared: 'all' });
    expect(await sb('faults', 'faults', 'list')).toEqual({ faults: [] });
  });

  it('a kind or operation the sandbox does not know is its 422, listing the valid ones', async () => {
    const kind = await human('faults', 'sandbox', 'faults', 'add', 'LOST');
    expect(kind.code).toBe(1);
    expect(kind.stderr).toMatch(
      /422 on POST \/_sandbox\/faults[\s\S]*body\.kind: .*ERROR_AFTER_EFFECT/,
    );
    const operation = await human(
      'faults',
      'sandbox',
      'faults',
      'add',
      'RATE_LIMIT',
      '--operation',
      'pay',
    );
    expect(operation.code).toBe(1);
    expect(operation.stderr).toMatch(/body\.operation: .*collect/);
    const unknown = await human('faults', 'sandbox', 'faults', 'clear', 'ft_404');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /The sandbox has no such thing \(404 on DELETE \/_sandbox\/faults\/ft_404\)/,
    );
  });
});

describe('doctor', () => {
  beforeAll(() => tenant('doctor'));

  it('show lists findings citing the rule and request; clear forgets them', async () => {
    // Two runs of the CLI are two processes, each obtaining its own token: TOKEN_PER_CALL.
    await human('doctor', 'status', 'source', '--source-type', 'INVOICE', '--source-id', '101');
    const report = await sb<{ findings: Json[] }>('doctor', 'doctor', 'show');
    const finding = report.findings.find((f) => f.rule === 'TOKEN_PER_CALL');
    expect(finding).toMatchObject({
      method: 'POST',
      path: '/v1/jwt/client/obtain/token',
      operation: 'obtainToken',
      request_id: expect.any(Number),
      citation: expect.stringMatching(/Dollr docs/),
    });
    const shown = await human('doctor', 'sandbox', 'doctor', 'show');
    expect(shown.stdout).toMatch(
      /The doctor found \d+ problems?:\n\n.*TOKEN_PER_CALL {2}\(request \d+: POST \/v1\/jwt\/client\/obtain\/token\)\n {2}.+\n {2}The Dollr docs: /,
    );
    expect(await sb('doctor', 'doctor', 'clear')).toEqual({ cleared: true });
    const after = await sb<{ findings: Json[] }>('doctor', 'doctor', 'show');
    expect(
      after.findings.filter((f) => Number(f.request_id) <= Number(finding?.request_id)),
    ).toEqual([]);
  });
});

/** Resolves with the first stdout line that matches. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer | string) => {
      seen += String(d);
      const line = seen.split('\n').find((l) => pattern.test(l));
      if (line) {
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.on('close', () => reject(new Error(`exited before ${pattern}: ${seen}`)));
  });
}

describe('logs tail', () => {
  beforeAll(() => tenant('logs'));

  it('prints a live request as NDJSON, secrets redacted, and stops cleanly on Ctrl-C', async () => {
    const args = ['--profile', 'logs', '--json', 'logs', 'tail'];
    const child = start(args, { home, env });
    const done = collectRun(child, args);
    await waitForStderr(child, /Following the requests/);
    const line = waitForLine(child, /\/v1\/status\/source/);
    await human('logs', 'status', 'source', '--source-type', 'INVOICE', '--source-id', '101');
    const request = JSON.parse(await line);
    expect(request).toMatchObject({
      method: 'GET',
      operation: 'getSourceStatus',
      status: 200,
      fault: null,
      request: { headers: { authorization: 'Bearer [REDACTED]' } },
    });
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/error|Interrupted/i);
    for (const text of result.stdout.trim().split('\n'))
      expect(() => JSON.parse(text)).not.toThrow();
  });

  it('ends with a sentence and exit 1 when the sandbox goes away', async () => {
    const short = await startSandbox({ quiet: true });
    const shortEnv = {
      DOLLR_BASE_URL: short.url,
      DOLLR_CLIENT_ID: short.credentials.clientId,
      DOLLR_CLIENT_SECRET: short.credentials.clientSecret,
    };
    const args = ['logs', 'tail'];
    const child = start(args, { home, env: shortEnv });
    const done = collectRun(child, args);
    await waitForStderr(child, /Following the requests/);
    await short.close();
    const result = await done;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: The sandbox at http:\/\/127\.0\.0\.1:\d+\/v1 closed the stream after \d+ requests?: was it stopped\?/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('--after 0 --count 1 replays one request and ends by itself; humans get one line each', async () => {
    const json = await dollr(
      ['--profile', 'logs', '--json', 'logs', 'tail', '--after', '0', '--count', '1'],
      { home, env },
    );
    expect(json.code, json.stderr).toBe(0);
    const lines = json.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ id: 1, operation: 'obtainToken' });
    const text = await human('logs', 'logs', 'tail', '--after', '0', '--count', '2');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} {2}#1 {2}POST \/v1\/jwt\/client\/obtain\/token {2}200 {2}\d+ ms\n.*#2 {2}/,
    );
  });
});

describe('secrets', () => {
  it('no saved tenant secret ever shows in any output', () => {
    expect(secrets.size).toBeGreaterThan(0);
    for (const run of transcript) {
      for (const secret of secrets) {
        expect(run.stdout + run.stderr, run.args.join(' ')).not.toContain(secret);
      }
    }
  });
});
