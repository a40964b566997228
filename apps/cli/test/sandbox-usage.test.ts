import { describe, expect, it } from 'vitest';
import { bashCompletion, dollr, useRecordedCli } from './helpers.js';

// `dollr sandbox` and `dollr logs tail` catch bad input before any request: exit 2, the argument
// or flag named, no stack trace, and the recording server (standing in for a sandbox) sees nothing.

const cli = useRecordedCli('sandbox-usage-secret-value');

const REF = '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f';

const cases: Array<{ name: string; args: string[]; mentions: RegExp }> = [
  {
    name: 'a duration without unit',
    args: ['sandbox', 'clock', 'advance', '15'],
    mentions: /duration/,
  },
  {
    name: 'a word for a duration',
    args: ['sandbox', 'clock', 'advance', 'soon'],
    mentions: /90s, 15m/,
  },
  {
    name: 'a zero duration',
    args: ['sandbox', 'clock', 'advance', 'PT0S'],
    mentions: /longer than zero/,
  },
  {
    name: 'a time without zone',
    args: ['sandbox', 'clock', 'set', '2030-01-01T00:00'],
    mentions: /time zone/,
  },
  {
    name: 'a bad reference id',
    args: ['sandbox', 'execution', 'fail', 'abc'],
    mentions: /reference_id.*UUID v4/,
  },
  {
    name: 'hold with a bad --for',
    args: ['sandbox', 'execution', 'hold', REF, '--for', '5 minutes'],
    mentions: /--for.*duration/,
  },
  {
    name: 'a 3ds count of zero',
    args: ['sandbox', '3ds', 'require', '18', '--count', '0'],
    mentions: /--count/,
  },
  {
    name: 'next-outcome without --status',
    args: ['sandbox', 'next-outcome', 'set', '18'],
    mentions: /--status/,
  },
  {
    name: 'an invoice without amount',
    args: ['sandbox', 'invoices', 'create', '--currency', 'USD'],
    mentions: /--amount/,
  },
  {
    name: 'an order with a bad currency',
    args: ['sandbox', 'orders', 'create', '--amount', '5', '--currency', 'dollars'],
    mentions: /--currency.*3-letter/,
  },
  {
    name: 'a negative balance',
    args: ['sandbox', 'wallets', 'set-balance', '1', '-5'],
    mentions: /balance|unknown option/,
  },
  {
    name: 'a session id that is not a number',
    args: ['sandbox', 'sessions', 'expire', 'x'],
    mentions: /session_id/,
  },
  {
    name: 'a probability above 1',
    args: ['sandbox', 'faults', 'add', 'LATENCY', '--probability', '1.5'],
    mentions: /--probability/,
  },
  {
    name: 'a fault kind with spaces',
    args: ['sandbox', 'faults', 'add', 'lost answer'],
    mentions: /kind/,
  },
  {
    name: 'a tenant id with a slash',
    args: ['sandbox', 'tenants', 'delete', 'a/b'],
    mentions: /tenant_id/,
  },
  {
    name: 'a bad profile name to save to',
    args: ['sandbox', 'tenants', 'create', '--save-profile', 'no spaces'],
    mentions: /--save-profile/,
  },
  { name: 'logs tail --count 0', args: ['logs', 'tail', '--count', '0'], mentions: /--count/ },
  {
    name: 'an unknown sandbox command',
    args: ['sandbox', 'teleport'],
    mentions: /unknown command/,
  },
];

describe('bad input to dollr sandbox and dollr logs', () => {
  it.each(cases)('$name: exit 2, a readable message, nothing sent', async ({ args, mentions }) => {
    const result = await dollr(args, cli);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(mentions);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    expect(cli.recorder.requests).toEqual([]);
  });

  it('refuses to steer the production API: exit 2, nothing sent', async () => {
    const result = await dollr(['sandbox', 'clock', 'show'], {
      ...cli,
      env: { ...cli.env, DOLLR_BASE_URL: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/steers a local sandbox.*dollr mock --stateful/);
    expect(cli.recorder.requests).toEqual([]);
  });

  it('says so when there are no credentials, before any request', async () => {
    const result = await dollr(['sandbox', 'doctor', 'show'], {
      ...cli,
      env: { ...cli.env, DOLLR_CLIENT_ID: undefined, DOLLR_CLIENT_SECRET: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No credentials/);
    expect(cli.recorder.requests).toEqual([]);
  });
});

describe('completion', () => {
  it('bash completes the sandbox and logs commands and their flags', async () => {
    const { complete } = await bashCompletion(cli);
    expect(complete(['dollr', 'sandbox', 'fa'])).toBe('faults');
    expect(complete(['dollr', 'sandbox', 'faults', ''])).toMatch(/^add list clear /);
    expect(complete(['dollr', '--json', 'sandbox', 'clock', ''])).toMatch(/^show advance set /);
    expect(complete(['dollr', 'sandbox', 'tenants', 'create', '--s'])).toBe(
      '--start-at --show-secret --save-profile',
    );
    expect(complete(['dollr', 'logs', 'tail', '--a'])).toBe('--after');
    expect(cli.recorder.requests).toEqual([]);
  });
});
