import { createDollrClient } from '@dollr/client';
import { FIXTURES, openInvoices } from '@dollr/mock';
import { type ControlClient, createControlClient } from '@dollr/mock/control';
import { useDollrSandbox } from '@dollr/mock/vitest';
import { describe, expect, it } from 'vitest';
import {
  collect,
  collectArgs,
  dollr,
  dollrJson,
  flags,
  makeHome,
  start,
  useCliHome,
  waitForStderr,
} from './helpers.js';

// `--wait` on a collection through the sandbox's realtime channel: where realtime comes from
// (`GET /_sandbox/realtime`, flags, environment), the session (journal, flag) and its source type
// (found), the fallbacks to polling with their reasons in --verbose, exit 3 over realtime, and the
// realtime key, a secret, never shown.

const sandbox = useDollrSandbox({
  delays: { processingMs: 200, settleMs: 300 },
  seed: { sources: openInvoices(20, 3000) },
});
const { home, env } = useCliHome(() => sandbox);
let nextInvoice = 3000;

const REALTIME = /waiting through realtime \(http:\/\/127\.0\.0\.1:\d+, channel \S+\)/;
const POLLING = (reason: RegExp) =>
  new RegExp(`waiting by polling every 2s: ${reason.source}`, reason.flags);
// A realtime key is JWT-shaped.
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** A collection sent with `collect --no-wait` (journaled with its session). */
async function sent(account = '18', sourceType = 'INVOICE') {
  const sourceId = sourceType === 'ORDER' ? '201' : String(nextInvoice++);
  const result = await dollrJson<{ reference_id: string; session_id: number }>(
    [
      'collect',
      ...flags({ sourceType, sourceId, paymentAccountId: account, currency: 'USD' }),
      '--no-wait',
    ],
    { home, env },
  );
  expect(result.code, result.stderr).toBe(0);
  return { referenceId: result.json.reference_id, sessionId: result.json.session_id };
}

let control: ControlClient | undefined;

/** The sandbox's control API, as the test client (its token obtained once); inside a test. */
function controlApi(): ControlClient {
  if (!control) {
    const dollr = createDollrClient({ baseUrl: sandbox.url, ...sandbox.credentials });
    control = createControlClient({ baseUrl: sandbox.url, token: () => dollr.getToken() });
  }
  return control;
}

async function drive(referenceId: string, status: 'COMPLETED' | 'FAILED') {
  const { response } = await controlApi().POST('/_sandbox/executions/{reference_id}/outcome', {
    params: { path: { reference_id: referenceId } },
    body: { status, gateway_message: 'Declined by the test' },
  });
  expect(response.status).toBe(200);
}

/** What the sandbox's doctor found about one execution, as `RULE: message` lines. */
async function findingsAbout(referenceId: string): Promise<string[]> {
  const { data: report, response } = await controlApi().GET('/_sandbox/doctor');
  expect(response.status).toBe(200);
  return (report?.findings ?? [])
    .filter((finding) => finding.message.includes(referenceId))
    .map((finding) => `${finding.rule}: ${finding.message}`);
}

/**
 * Runs `dollr …` on a collection that stays PROCESSING (account 20) until the wait has said how it
 * follows it (`pattern` on stderr); then the sandbox completes it.
 */
async function waitThrough(referenceId: string, args: string[], pattern: RegExp, home_ = home) {
  const child = start(args, { home: home_, env });
  const done = collect(child, args);
  await waitForStderr(child, pattern);
  await drive(referenceId, 'COMPLETED');
  return done;
}

describe('dollr status collection --wait', () => {
  it('follows a journaled collection through realtime, finding its source type', async () => {
    const { referenceId } = await sent('20', 'ORDER');
    const result = await waitThrough(
      referenceId,
      ['--verbose', 'status', 'collection', referenceId, '--wait'],
      REALTIME,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(referenceId);
    expect(result.stdout).toMatch(/status\s+COMPLETED/);
    // The first key asked for INVOICE and was refused: the session is an ORDER's.
    expect(result.stderr).toMatch(/← 422 POST \S+\/realtime-keys\/collection/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(JWT);
  });

  it('polls with --no-realtime, and says so', async () => {
    const { referenceId } = await sent('20');
    const result = await waitThrough(
      referenceId,
      ['--verbose', 'status', 'collection', referenceId, '--wait', '--no-realtime'],
      POLLING(/realtime turned off \(--no-realtime\)/),
    );
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(REALTIME);
    // The wait's first lookup is the status asked for: no second one a few ms after it.
    expect(await findingsAbout(referenceId)).toEqual([]);
  });

  it('polls when the journal does not know the session, and uses --session-id when given', async () => {
    const stranger = makeHome();
    try {
      const { referenceId } = await sent('20');
      const polled = await waitThrough(
        referenceId,
        ['--verbose', 'status', 'collection', referenceId, '--wait'],
        POLLING(/no checkout session for \S+ in the journal \(pass --session-id\)/),
        stranger,
      );
      expect(polled.code).toBe(0);
      const other = await sent('20');
      const given = await waitThrough(
        other.referenceId,
        [
          '--verbose',
          'status',
          'collection',
          other.referenceId,
          '--wait',
          '--session-id',
          String(other.sessionId),
        ],
        REALTIME,
        stranger,
      );
      expect(given.code).toBe(0);
    } finally {
      stranger.remove();
    }
  });

  it('falls back to polling, with the reason, for a session the key is refused for', async () => {
    const { referenceId } = await sent('20');
    const result = await waitThrough(
      referenceId,
      ['--verbose', 'status', 'collection', referenceId, '--wait', '--session-id', '999999'],
      POLLING(/no realtime key for session 999999 with either source type/),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/status\s+COMPLETED/);
  });

  it('falls back to polling when the realtime server cannot be reached', async () => {
    const { referenceId } = await sent('20');
    const args = ['--verbose', 'status', 'collection', referenceId, '--wait'];
    const child = start(args, {
      home,
      env: { ...env, DOLLR_REALTIME_URL: 'http://127.0.0.1:9', DOLLR_REALTIME_ANON_KEY: 'anon' },
    });
    const done = collect(child, args);
    await waitForStderr(child, POLLING(/the realtime socket/));
    await drive(referenceId, 'COMPLETED');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/status\s+COMPLETED/);
  });

  it('exits 3 when the collection FAILS while followed through realtime', async () => {
    const { referenceId } = await sent('20'); // an account whose collections stay PROCESSING
    const args = ['--verbose', 'status', 'collection', referenceId, '--wait'];
    const child = start(args, { home, env });
    const done = collect(child, args);
    await waitForStderr(child, REALTIME);
    await drive(referenceId, 'FAILED');
    const result = await done;
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/status\s+FAILED/);
    expect(result.stderr).toMatch(/Declined by the test/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(JWT);
  });

  it('refuses a realtime URL without its anon key, before any wait (exit 2)', async () => {
    const { referenceId } = await sent('20');
    const result = await dollr(
      ['status', 'collection', referenceId, '--wait', '--realtime-url', 'http://127.0.0.1:9'],
      { home, env },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /Realtime needs both a URL and an anon key: the anon key is missing/,
    );
    expect(result.stderr).not.toMatch(/at \S+\.js:\d+/);
  });
});

describe('collect and execute collection --wait', () => {
  it('collect follows its own collection through realtime', async () => {
    const result = await dollr(['--verbose', ...collectArgs(String(nextInvoice++))], { home, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(REALTIME);
    // The flow knows the session's source type: no key is refused on the way.
    expect(result.stderr).not.toMatch(/← 422/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(JWT);
  });

  it('a payout waits by polling, and says why', async () => {
    const result = await dollr(
      [
        '--verbose',
        'payout',
        ...flags({
          payoutAccountId: '7',
          amount: '5',
          currency: 'USD',
          passcodeCode: FIXTURES.passcode.code,
          passcodePhone: FIXTURES.passcode.phone,
        }),
      ],
      { home, env },
    );
    expect(result.stderr).toMatch(
      POLLING(/realtime keys exist for collections only, not for a payout/),
    );
  });
});
