import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded sandbox on 127.0.0.1:3000 with ./.data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: './.data' });
    expect(config.dollr).toEqual({
      kind: 'embedded',
      delays: { processingMs: 1_500, settleMs: 4_000 },
    });
  });

  it('uses an external Dollr when all three DOLLR_* variables are set, polling 2–5 s', () => {
    const config = loadConfig({
      DOLLR_BASE_URL: 'http://127.0.0.1:4010/v1/',
      DOLLR_CLIENT_ID: 'id',
      DOLLR_CLIENT_SECRET: 'secret',
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/x',
      pollIntervalMs: 2_000,
      maxPollIntervalMs: 5_000,
      dollr: { kind: 'external', baseUrl: 'http://127.0.0.1:4010/v1', clientId: 'id' },
    });
  });

  it('names what is missing, and never echoes the secret', () => {
    expect(() => loadConfig({ DOLLR_CLIENT_SECRET: 's3cr3t' })).toThrow(
      new ConfigError(
        'Set DOLLR_BASE_URL and DOLLR_CLIENT_ID too, or none of the DOLLR_* variables to use the embedded sandbox.',
      ),
    );
    expect(() =>
      loadConfig({ DOLLR_BASE_URL: 'ftp://x', DOLLR_CLIENT_ID: 'a', DOLLR_CLIENT_SECRET: 'b' }),
    ).toThrow(/must be an http\(s\) URL/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(
      'PORT must be a whole number from 0 to 65535, not "eighty"',
    );
  });

  it('follows collections live by default, with Dollr realtime from the environment, or not at all', () => {
    expect(loadConfig({}).realtime).toEqual({ kind: 'auto' });
    expect(loadConfig({ DOLLR_REALTIME: 'off' }).realtime).toEqual({ kind: 'off' });
    expect(
      loadConfig({
        DOLLR_REALTIME_URL: 'https://xyz.supabase.co/',
        DOLLR_REALTIME_ANON_KEY: 'anon',
      }).realtime,
    ).toEqual({ kind: 'given', url: 'https://xyz.supabase.co', anonKey: 'anon' });
  });

  it('refuses half a realtime configuration, or a word it does not know', () => {
    expect(() => loadConfig({ DOLLR_REALTIME_URL: 'https://xyz.supabase.co' })).toThrow(
      /Set DOLLR_REALTIME_ANON_KEY too/,
    );
    expect(() => loadConfig({ DOLLR_REALTIME_ANON_KEY: 'anon' })).toThrow(
      /Set DOLLR_REALTIME_URL too/,
    );
    expect(() =>
      loadConfig({ DOLLR_REALTIME_URL: 'xyz.supabase.co', DOLLR_REALTIME_ANON_KEY: 'anon' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ DOLLR_REALTIME: 'maybe' })).toThrow(
      'DOLLR_REALTIME must be on or off, not "maybe"',
    );
  });
});
