import type { DollrClient } from '@dollr/client';
import { type ConfigFile, profileName, readConfig } from './config.js';
import { type ErrorContext, UsageError } from './errors.js';
import { parseBaseUrl } from './flags.js';
import { Output } from './output.js';
import { REDACTED, redactBody, redactHeaders } from './redact.js';

export const DEFAULT_BASE_URL = 'https://api.heydollr.app/v1';

/** The options every command accepts (declared on the root command). */
export interface GlobalOptions {
  baseUrl?: string;
  profile?: string;
  json?: boolean;
  verbose?: boolean;
}

export interface Settings {
  baseUrl: string;
  profile: string;
  clientId?: string;
  clientSecret?: string;
  /** Where the credentials came from. */
  credentials: 'env' | 'profile' | 'none';
  config: ConfigFile;
  /** Why the configured credentials cannot be used, if they cannot. */
  problem?: string;
}

function envBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.DOLLR_BASE_URL?.trim();
  if (!value) return undefined;
  try {
    return parseBaseUrl(value);
  } catch (error) {
    throw new UsageError(`DOLLR_BASE_URL is invalid: ${(error as Error).message}`);
  }
}

/**
 * Settings, by precedence. Base URL: --base-url, DOLLR_BASE_URL, the profile's, the default.
 * Credentials: an explicit --profile, then DOLLR_CLIENT_ID + DOLLR_CLIENT_SECRET, then the profile
 * (DOLLR_PROFILE, the config's default, or "default").
 */
export async function resolveSettings(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Settings> {
  const config = await readConfig();
  const profile = profileName(options.profile, config, env);
  const stored = config.profiles[profile];
  const envId = env.DOLLR_CLIENT_ID?.trim() || undefined;
  const envSecret = env.DOLLR_CLIENT_SECRET?.trim() || undefined;
  // Problems with the stored or given credentials surface when a command needs them (so that
  // `dollr login --profile new` works), as usage errors.
  let problem: string | undefined;
  if (options.profile && !stored) {
    problem = `No profile named "${profile}". Create it with \`dollr login --profile ${profile}\`, or list profiles with \`dollr profiles\`.`;
  } else if (!options.profile && (envId === undefined) !== (envSecret === undefined)) {
    problem = `${envId ? 'DOLLR_CLIENT_ID' : 'DOLLR_CLIENT_SECRET'} is set but ${envId ? 'DOLLR_CLIENT_SECRET' : 'DOLLR_CLIENT_ID'} is not: set both, or neither to use a stored profile.`;
  }
  const useEnv = !options.profile && envId !== undefined && envSecret !== undefined;
  const settings: Settings = {
    baseUrl: options.baseUrl ?? envBaseUrl(env) ?? stored?.base_url ?? DEFAULT_BASE_URL,
    profile,
    credentials: useEnv ? 'env' : stored ? 'profile' : 'none',
    config,
  };
  if (problem) settings.problem = problem;
  if (useEnv) {
    settings.clientId = envId;
    settings.clientSecret = envSecret;
  } else if (stored) {
    settings.clientId = stored.client_id;
    settings.clientSecret = stored.client_secret;
  }
  return settings;
}

/** What one command run needs: its output, its settings, and a client made on demand. */
export class Context {
  readonly out: Output;
  readonly verbose: boolean;
  /** Attempts and start of the latest request, for the 429 explanation. */
  private lastCall: { attempts: number; startedAt: number } | undefined;
  private pendingResponseBody: string | undefined;
  private readonly secrets = new Set<string>();
  /** The execution in flight, to say how to resume after an interruption or an error. */
  inFlight: { kind: string; referenceId: string } | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly settings: Settings,
  ) {
    this.out = new Output(options.json === true);
    this.verbose = options.verbose === true;
    if (settings.clientSecret) this.secrets.add(settings.clientSecret);
  }

  static async create(options: GlobalOptions): Promise<Context> {
    return new Context(options, await resolveSettings(options));
  }

  errorContext(): ErrorContext {
    const ctx: ErrorContext = { baseUrl: this.settings.baseUrl };
    if (this.inFlight) ctx.kind = this.inFlight.kind;
    if (this.lastCall) {
      ctx.lastCall = {
        attempts: this.lastCall.attempts,
        elapsedMs: Date.now() - this.lastCall.startedAt,
      };
    }
    return ctx;
  }

  /** Remembers a secret value so that no verbose line can ever show it. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  /** Verbose diagnostics on stderr, scrubbed of every known secret value. */
  debug(text: string): void {
    if (!this.verbose) return;
    let line = text;
    for (const secret of this.secrets) line = line.split(secret).join(REDACTED);
    this.out.progress(line);
  }

  private client_: Promise<DollrClient> | undefined;

  /** The Dollr client (loaded lazily); a usage error when no credentials are configured. */
  client(credentials?: { clientId: string; clientSecret: string }): Promise<DollrClient> {
    if (!credentials && this.settings.problem) {
      return Promise.reject(new UsageError(this.settings.problem));
    }
    const clientId = credentials?.clientId ?? this.settings.clientId;
    const clientSecret = credentials?.clientSecret ?? this.settings.clientSecret;
    if (!clientId || !clientSecret) {
      return Promise.reject(
        new UsageError(
          'No credentials. Run `dollr login`, or set DOLLR_CLIENT_ID and DOLLR_CLIENT_SECRET.',
        ),
      );
    }
    this.addSecret(clientSecret);
    if (!credentials && this.client_) return this.client_;
    const made = this.makeClient(clientId, clientSecret);
    if (!credentials) this.client_ = made;
    return made;
  }

  private async makeClient(clientId: string, clientSecret: string): Promise<DollrClient> {
    const { createDollrClient } = await import('@dollr/client');
    return createDollrClient({
      baseUrl: this.settings.baseUrl,
      clientId,
      clientSecret,
      ...(this.verbose ? { fetch: this.verboseFetch } : {}),
      onRequest: ({ method, url, attempt }) => {
        if (attempt === 1 || !this.lastCall) this.lastCall = { attempts: 1, startedAt: Date.now() };
        else this.lastCall.attempts = attempt;
        this.debug(`→ ${method} ${url}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
      },
      onResponse: ({ method, url, status, durationMs }) => {
        this.debug(`← ${status} ${method} ${url} (${durationMs} ms)`);
        if (this.pendingResponseBody !== undefined) {
          this.debug(`  response body: ${this.pendingResponseBody}`);
          this.pendingResponseBody = undefined;
        }
      },
    });
  }

  /** With --verbose: shows request headers and bodies and response bodies, redacted. */
  private readonly verboseFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    this.debug(`  request headers: ${redactHeaders(headers)}`);
    if (typeof init?.body === 'string') this.debug(`  request body: ${redactBody(init.body)}`);
    const response = await fetch(input, init);
    const text = await response.clone().text();
    this.pendingResponseBody = redactBody(text);
    try {
      const token = (JSON.parse(text) as { access_token?: unknown }).access_token;
      if (typeof token === 'string') this.addSecret(token);
    } catch {
      // Not JSON: nothing to remember.
    }
    return response;
  };
}
