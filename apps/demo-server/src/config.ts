/** Configuration, read once from the environment. Nothing here talks to the network. */

/** Where the Dollr API lives: the sandbox started in this process, or a server given by URL. */
export type DollrTarget =
  | {
      kind: 'embedded';
      /** The sandbox's lifecycle delays: slow enough to watch, quick enough for a demo. */
      delays: { processingMs: number; settleMs: number };
    }
  | { kind: 'external'; baseUrl: string; clientId: string; clientSecret: string };

/**
 * How collections are followed live: `off` polls; `auto` takes the embedded sandbox's realtime, or
 * asks an external sandbox where its realtime is (`GET /_sandbox/realtime`), polling when there is
 * none; `given` is Dollr's Supabase URL and anon key from the environment.
 */
export type RealtimeSetting =
  | { kind: 'off' }
  | { kind: 'auto' }
  | { kind: 'given'; url: string; anonKey: string };

export interface Config {
  port: number;
  host: string;
  /** The folder holding the demo's SQLite database (and the embedded sandbox's). */
  dataDir: string;
  dollr: DollrTarget;
  /** The first interval between two status polls of an unfinished payment. */
  pollIntervalMs: number;
  /** The longest interval between two polls (the interval grows ×1.5 up to it). */
  maxPollIntervalMs: number;
  realtime: RealtimeSetting;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEMO_DELAYS = { processingMs: 1_500, settleMs: 4_000 } as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const baseUrl = env.DOLLR_BASE_URL?.trim();
  const clientId = env.DOLLR_CLIENT_ID?.trim();
  const clientSecret = env.DOLLR_CLIENT_SECRET?.trim();
  let dollr: DollrTarget;
  if (baseUrl || clientId || clientSecret) {
    const missing = [
      !baseUrl && 'DOLLR_BASE_URL',
      !clientId && 'DOLLR_CLIENT_ID',
      !clientSecret && 'DOLLR_CLIENT_SECRET',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(
        `Set ${missing.join(' and ')} too, or none of the DOLLR_* variables to use the embedded sandbox.`,
      );
    }
    if (!/^https?:\/\/[^\s]+$/.test(baseUrl as string)) {
      throw new ConfigError(
        `DOLLR_BASE_URL must be an http(s) URL, such as http://127.0.0.1:4010/v1`,
      );
    }
    dollr = {
      kind: 'external',
      baseUrl: (baseUrl as string).replace(/\/+$/, ''),
      clientId: clientId as string,
      clientSecret: clientSecret as string,
    };
  } else {
    dollr = { kind: 'embedded', delays: { ...DEMO_DELAYS } };
  }
  return {
    port: parsePort(env.PORT),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: env.DATA_DIR?.trim() || './.data',
    dollr,
    realtime: realtimeSetting(env),
    // Dollr advises polling every 2–5 s. The embedded sandbox settles in seconds, so the demo
    // polls it a little faster to show each state as it happens.
    ...(dollr.kind === 'embedded'
      ? { pollIntervalMs: 1_000, maxPollIntervalMs: 2_000 }
      : { pollIntervalMs: 2_000, maxPollIntervalMs: 5_000 }),
  };
}

function realtimeSetting(env: NodeJS.ProcessEnv): RealtimeSetting {
  const mode = env.DOLLR_REALTIME?.trim().toLowerCase();
  if (mode && mode !== 'on' && mode !== 'off') {
    throw new ConfigError(`DOLLR_REALTIME must be on or off, not "${env.DOLLR_REALTIME}"`);
  }
  if (mode === 'off') return { kind: 'off' };
  const url = env.DOLLR_REALTIME_URL?.trim();
  const anonKey = env.DOLLR_REALTIME_ANON_KEY?.trim();
  if (!url !== !anonKey) {
    throw new ConfigError(
      `Set ${url ? 'DOLLR_REALTIME_ANON_KEY' : 'DOLLR_REALTIME_URL'} too: realtime needs the URL and the anon key Dollr gave you, or neither.`,
    );
  }
  if (!url || !anonKey) return { kind: 'auto' };
  if (!/^https?:\/\/[^\s]+$/.test(url)) {
    throw new ConfigError(
      'DOLLR_REALTIME_URL must be an http(s) URL, such as https://xyz.supabase.co',
    );
  }
  return { kind: 'given', url: url.replace(/\/+$/, ''), anonKey };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${value}"`);
  }
  return port;
}
