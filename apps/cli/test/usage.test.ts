import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bashCompletion, dollr, flags, TRANSFER_SESSION, useRecordedCli } from './helpers.js';

// Usage errors are caught before any request: exit 2, the flag named, and the recording server
// (standing in for Dollr) sees nothing.

const cli = useRecordedCli('usage-test-secret-value');

const PHONE = ['--passcode-phone', '231770000001'];
const future = new Date(Date.now() + 3_600_000).toISOString();

const cases: Array<{
  name: string;
  args: string[];
  mentions: RegExp;
  env?: Record<string, string | undefined>;
}> = [
  {
    name: 'a missing required flag',
    args: ['sessions', 'create', 'checkout', '--source-type', 'INVOICE'],
    mentions: /--source-id/,
  },
  {
    name: 'a non-numeric id',
    args: ['sessions', 'create', 'checkout', '--source-id', 'abc', '--source-type', 'INVOICE'],
    mentions: /--source-id.*numeric/,
  },
  {
    name: 'a bad source type',
    args: ['sessions', 'create', 'checkout', '--source-id', '101', '--source-type', 'BILL'],
    mentions: /--source-type.*INVOICE or ORDER/,
  },
  {
    name: 'a bad currency',
    args: [
      'sessions',
      'create',
      'payout',
      ...flags({ payoutAccountId: '7', amount: '5', currency: 'US' }),
    ],
    mentions: /--currency.*3-letter/,
  },
  {
    name: 'a zero amount',
    args: [
      'sessions',
      'create',
      'payout',
      ...flags({ payoutAccountId: '7', amount: '0', currency: 'USD' }),
    ],
    mentions: /--amount.*0\.01/,
  },
  {
    name: 'a non-numeric amount',
    args: ['payout', '--payout-account-id', '7', '--amount', 'ten', '--currency', 'USD'],
    mentions: /--amount/,
  },
  {
    name: 'an expiry in the past',
    args: [
      'sessions',
      'create',
      'transfer',
      ...flags({ ...TRANSFER_SESSION, expiresAt: '2001-01-01T00:00:00Z' }),
    ],
    mentions: /--expires-at.*past/,
  },
  {
    name: 'a malformed duration',
    args: ['refund', '--original-payment-intent-id', '4', '--amount', '1', '--expires-in', '15x'],
    mentions: /--expires-in.*duration/,
  },
  {
    name: 'both --expires-in and --expires-at',
    args: [
      'refund',
      ...flags({ originalPaymentIntentId: '4', amount: '1', expiresIn: '15m', expiresAt: future }),
    ],
    mentions: /--expires-in.*--expires-at|--expires-at.*--expires-in/,
  },
  {
    name: 'a malformed reference id (status)',
    args: ['status', 'collection', 'not-a-uuid'],
    mentions: /reference_id.*UUID v4/,
  },
  {
    name: 'a malformed reference id (execute)',
    args: ['execute', 'transfer', '--session-id', '1', '--reference-id', '12345'],
    mentions: /--reference-id.*UUID v4/,
  },
  {
    name: 'a UUID that is not v4',
    args: ['status', 'payout', '3f6c1d2e-8a4b-1c5d-9e7f-1a2b3c4d5e6f'],
    mentions: /UUID v4/,
  },
  {
    name: 'a non-numeric session id',
    args: [
      'execute',
      'collection',
      ...flags({ sessionId: 'x1', paymentAccountId: '18', currency: 'USD' }),
    ],
    mentions: /--session-id/,
  },
  {
    name: 'a payout without a passcode',
    args: ['execute', 'payout', '--session-id', '1', '--payout-account-id', '7', ...PHONE],
    mentions: /--passcode-code.*DOLLR_PASSCODE/,
  },
  {
    name: 'a payout without phone or user id',
    args: [
      'payout',
      ...flags({ payoutAccountId: '7', amount: '5', currency: 'USD', passcodeCode: '999999' }),
    ],
    mentions: /--passcode-phone or --passcode-user-id/,
  },
  {
    name: 'a payout with both phone and user id',
    args: [
      'execute',
      'payout',
      ...flags({ sessionId: '1', payoutAccountId: '7' }),
      ...PHONE,
      ...flags({ passcodeUserId: '1', passcodeCode: '999999' }),
    ],
    mentions: /not both/,
  },
  {
    name: 'a missing passcode file',
    args: [
      'execute',
      'payout',
      ...flags({ sessionId: '1', payoutAccountId: '7', passcodeFile: '/nonexistent/p.json' }),
    ],
    mentions: /--passcode-file.*not found/,
  },
  {
    name: 'a bad phone',
    args: [
      'execute',
      'payout',
      ...flags({ sessionId: '1', payoutAccountId: '7', passcodePhone: '12ab' }),
    ],
    mentions: /--passcode-phone/,
  },
  {
    name: 'an invalid --base-url',
    args: ['--base-url', 'ftp://example', 'token'],
    mentions: /--base-url/,
  },
  {
    name: 'an invalid DOLLR_BASE_URL',
    args: ['token'],
    env: { DOLLR_BASE_URL: 'not a url' },
    mentions: /DOLLR_BASE_URL/,
  },
  {
    name: 'an unknown command',
    args: ['sessions', 'create', 'invoice'],
    mentions: /unknown command/,
  },
  {
    name: 'an unknown option',
    args: ['status', 'source', '--source-type', 'INVOICE', '--source-id', '101', '--colour'],
    mentions: /unknown option '--colour'/,
  },
  {
    name: 'no credentials at all',
    args: ['status', 'source', '--source-type', 'INVOICE', '--source-id', '101'],
    env: { DOLLR_CLIENT_ID: undefined, DOLLR_CLIENT_SECRET: undefined },
    mentions: /dollr login/,
  },
  {
    name: 'half the credentials in the environment',
    args: ['token'],
    env: { DOLLR_CLIENT_SECRET: undefined },
    mentions: /DOLLR_CLIENT_SECRET/,
  },
  {
    name: 'a profile that does not exist',
    args: ['--profile', 'nope', 'token'],
    mentions: /No profile named "nope"/,
  },
  {
    name: 'a non-interactive login without the secret',
    args: ['login', '--client-id', 'abc'],
    env: { DOLLR_CLIENT_SECRET: undefined },
    mentions: /--client-secret.*DOLLR_CLIENT_SECRET/,
  },
];

describe('usage errors', () => {
  for (const c of cases) {
    it(`exits 2 without a request on ${c.name}`, async () => {
      const result = await dollr(c.args, { ...cli, env: { ...cli.env, ...c.env } });
      expect(result.stderr).toMatch(c.mentions);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(result.stdout).toBe('');
      expect(result.code).toBe(2);
      expect(cli.recorder.requests).toEqual([]);
    });
  }

  it('a bad passcode file content is a usage error too', async () => {
    const file = join(cli.home.dir, 'passcode.json');
    writeFileSync(file, JSON.stringify({ code: '123456', phone: 'abc' }));
    const result = await dollr(
      ['execute', 'payout', ...flags({ sessionId: '1', payoutAccountId: '7', passcodeFile: file })],
      cli,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--passcode-file.*"phone"/);
    expect(cli.recorder.requests).toEqual([]);
  });

  it('the recorder does see a valid command (the check above can fail)', async () => {
    const result = await dollr(
      ['status', 'source', '--source-type', 'INVOICE', '--source-id', '101'],
      cli,
    );
    expect(cli.recorder.requests).toEqual(['POST /v1/jwt/client/obtain/token']);
    // A 401 is an API error (exit 1) that suggests `dollr login`.
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/401.*dollr login/s);
  });

  it('--help and --version exit 0 and send nothing', async () => {
    for (const args of [
      ['--help'],
      ['--version'],
      ['collect', '--help'],
      ['status', 'collection', '--help'],
    ]) {
      const result = await dollr(args, cli);
      expect(result.code).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(0);
    }
    expect(cli.recorder.requests).toEqual([]);
  });

  it('completion bash completes commands and flags from the command tree', async () => {
    const { script, complete } = await bashCompletion(cli);
    expect(script.code).toBe(0);
    expect(complete(['dollr', 'sessions', 'create', ''])).toMatch(
      /^checkout payout transfer refund/,
    );
    expect(complete(['dollr', '--json', 'execute', 'payout', '--passcode-'])).toBe(
      '--passcode-code --passcode-phone --passcode-user-id --passcode-file',
    );
    expect(complete(['dollr', 'sta'])).toBe('status');
    expect((await dollr(['completion', 'fish'], cli)).code).toBe(2);
    expect(cli.recorder.requests).toEqual([]);
  });

  it('an execution whose journal line cannot be written is not sent', async () => {
    const notADir = join(cli.home.dir, 'state-is-a-file');
    writeFileSync(notADir, '');
    const result = await dollr(['execute', 'transfer', '--session-id', '1'], {
      ...cli,
      env: { ...cli.env, XDG_STATE_HOME: notADir },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Could not write the journal .*nothing was sent/);
    expect(cli.recorder.requests).toEqual([]);
  });
});
