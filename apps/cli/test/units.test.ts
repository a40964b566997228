import { DollrNetworkError, DollrTimeoutError } from '@dollr/client';
import { describe, expect, it } from 'vitest';
import { profileName } from '../src/config.js';
import { durationMs, formatDuration } from '../src/duration.js';
import { ExitCode, explainError, UsageError } from '../src/errors.js';
import {
  parseAmount,
  parseCurrency,
  parseDuration,
  parseFutureDate,
  parseId,
  parsePhone,
  parseReferenceId,
} from '../src/flags.js';
import { redactBody, redactHeaders, redactJson } from '../src/redact.js';
import { fees } from '../src/render.js';

describe('flags', () => {
  it('durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('250ms')).toBe(250);
    for (const bad of ['15', 'm', '1.5h', '-1m', '0s', '15 m'])
      expect(() => parseDuration(bad)).toThrow();
  });

  it('currencies, ids, amounts, phones', () => {
    expect(parseCurrency('usd')).toBe('USD');
    expect(() => parseCurrency('USDT')).toThrow(/3-letter/);
    expect(parseId('101')).toBe(101);
    for (const bad of ['0', '-1', '1.5', 'abc', '9007199254740993'])
      expect(() => parseId(bad)).toThrow();
    expect(parseAmount('10.50')).toBe(10.5);
    for (const bad of ['0', '0.001', '1e3', 'ten', '-5']) expect(() => parseAmount(bad)).toThrow();
    expect(parsePhone('+231770000001')).toBe('231770000001');
  });

  it('dates must be ISO 8601 and in the future', () => {
    expect(parseFutureDate('2999-01-31T12:00:00+01:00')).toBe('2999-01-31T11:00:00.000Z');
    expect(() => parseFutureDate('2001-01-01T00:00:00Z')).toThrow(/past/);
    expect(() => parseFutureDate('tomorrow')).toThrow(/ISO 8601/);
  });

  it('reference ids must be UUID v4', () => {
    expect(parseReferenceId('3F6C1D2E-8A4B-4C5D-9E7F-1A2B3C4D5E6F')).toBe(
      '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
    );
    expect(() => parseReferenceId('3f6c1d2e-8a4b-1c5d-9e7f-1a2b3c4d5e6f')).toThrow(/UUID v4/);
  });
});

describe('errors → sentences and exit codes', () => {
  const api = (status: number, detail: unknown, extra: Record<string, unknown> = {}) => ({
    code: 'api_error',
    status,
    method: 'POST',
    path: '/sessions/checkout',
    detail,
    ...extra,
  });

  it('a 422 lists every loc and msg', async () => {
    const { message, code } = await explainError(
      api(422, [
        { loc: ['body', 'source_type'], msg: 'invalid enum', type: 'x' },
        { loc: ['body', 'source_id'], msg: 'field required', type: 'y' },
      ]),
    );
    expect(code).toBe(ExitCode.api);
    expect(message).toContain('- body.source_type: invalid enum');
    expect(message).toContain('- body.source_id: field required');
  });

  it('a 429 says how long the client waited and what was asked', async () => {
    const { message } = await explainError(
      api(429, 'Too many requests', { retryAfterMs: 30_000 }),
      {
        lastCall: { attempts: 4, elapsedMs: 12_400 },
      },
    );
    expect(message).toMatch(/after 4 attempts over 12 s; Dollr asks to wait 30 s more/);
  });

  it('an ambiguous failure during an execution says how to check it; a 422 does not', async () => {
    const network = Object.assign(new DollrNetworkError('POST /executions/payout failed: reset'), {
      referenceId: 'abc',
    });
    expect((await explainError(network, { kind: 'payout' })).message).toContain(
      'dollr status payout abc --wait',
    );
    const rejected = api(422, 'Session not found', { referenceId: 'abc' });
    expect((await explainError(rejected, { kind: 'payout' })).message).not.toContain(
      'dollr status',
    );
  });

  it('reads the client error by its code: a wait that gave up is not a request timeout', async () => {
    const waited = new DollrTimeoutError(300, 'Waiting for collection abc', 'wait_timeout');
    expect((await explainError(waited)).message).toMatch(/^Stopped waiting: .*goes on at Dollr/);
    const request = new DollrTimeoutError(300, 'GET /status/collection/abc');
    expect((await explainError(request, { baseUrl: 'http://x' })).message).toMatch(
      /^Dollr did not answer in time \(http:\/\/x\)/,
    );
  });

  it('usage errors exit 2', async () => {
    expect((await explainError(new UsageError('x'))).code).toBe(2);
  });
});

describe('redaction', () => {
  it('masks secret-looking keys at any depth, keeps the rest', () => {
    expect(
      redactJson({
        client_id: 'id',
        client_secret: 's',
        access_token: 't',
        passcode: { token: { code: '123456', phone: '231' }, device: { name: 'n' } },
        list: [{ client_secret: 'pi_secret' }],
      }),
    ).toEqual({
      client_id: 'id',
      client_secret: '[redacted]',
      access_token: '[redacted]',
      passcode: { token: { code: '[redacted]', phone: '231' }, device: { name: 'n' } },
      list: [{ client_secret: '[redacted]' }],
    });
    expect(redactBody('not json secret')).toBe('(15 bytes, not JSON)');
    expect(redactHeaders(new Headers({ Authorization: 'Bearer x', Accept: 'a' }))).toBe(
      'accept: a, authorization: [redacted]',
    );
  });
});

describe('profiles and fees', () => {
  it('the profile: flag, then DOLLR_PROFILE, then the default, then "default"', () => {
    const config = { default_profile: 'main', profiles: {} };
    expect(profileName('flag', config, { DOLLR_PROFILE: 'env' })).toBe('flag');
    expect(profileName(undefined, config, { DOLLR_PROFILE: 'env' })).toBe('env');
    expect(profileName(undefined, config, {})).toBe('main');
    expect(profileName(undefined, { profiles: {} }, {})).toBe('default');
  });

  it('fees are payer − payee, in cents, only in one currency', () => {
    const e = {
      payer_amount: 101.5,
      payee_amount: 100,
      payer_currency: 'USD',
      payee_currency: 'USD',
    };
    expect(fees(e as never)).toBe(1.5);
    expect(fees({ ...e, payer_amount: 0.3, payee_amount: 0.1 } as never)).toBe(0.2);
    expect(fees({ ...e, payer_currency: 'LRD' } as never)).toBeNull();
  });
});

describe('durations (one parser for every flag)', () => {
  it('reads short forms, compounds and ISO 8601', () => {
    const cases: Array<[string, number]> = [
      ['90s', 90_000],
      ['15m', 900_000],
      ['2h', 7_200_000],
      ['1h30m', 5_400_000],
      ['1d', 86_400_000],
      ['PT15M', 900_000],
      ['pt90s', 90_000],
      ['P1DT2H', 93_600_000],
      ['PT0.5S', 500],
      ['P1W', 604_800_000],
    ];
    for (const [text, ms] of cases) expect(durationMs(text), text).toBe(ms);
  });

  it('rejects what is not a positive duration, saying what it expected', () => {
    for (const bad of ['', '15', 'P', 'PT', 'P1H', 'PT-1M', '1.5h', '0s', 'PT0S', 'soon', '15 m']) {
      const result = durationMs(bad);
      expect(result, bad).toBeInstanceOf(Error);
      expect((result as Error).message, bad).toMatch(/duration/);
    }
  });

  it('formats milliseconds back to short text', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_500)).toBe('1m30s500ms');
    expect(formatDuration(0)).toBe('0s');
  });
});
