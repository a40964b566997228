import { type ChildProcess, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from '@dollr/mock';
import { collectOutput, type Output, spawnNode, tempDir, waitForOutput } from '@dollr/test-kit';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export const BIN = fileURLToPath(new URL('../dist/dollr.js', import.meta.url));

/** A private HOME with its XDG dirs, so the tests never touch the real ones. */
export interface Home {
  dir: string;
  configFile: string;
  journalFile: string;
  env: Record<string, string>;
  remove(): void;
}

export function makeHome(): Home {
  const { dir, remove } = tempDir('dollr-cli-test');
  const env = {
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_STATE_HOME: join(dir, 'state'),
  };
  return {
    dir,
    env,
    configFile: join(env.XDG_CONFIG_HOME, 'dollr', 'config.json'),
    journalFile: join(env.XDG_STATE_HOME, 'dollr', 'journal.jsonl'),
    remove,
  };
}

export type RunResult = Output;

export interface RunOptions {
  home: Home;
  env?: Record<string, string | undefined>;
  /** Sent on stdin (stdin is a pipe, never a terminal). */
  input?: string;
  bin?: string;
}

/** Every output of every run, to check afterwards that no secret ever leaked. */
export const transcript: Array<{ args: string[]; stdout: string; stderr: string }> = [];

function childEnv(options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NO_COLOR: '1',
    ...options.home.env,
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts the built binary as a subprocess (`node dist/dollr.js …`). */
export function start(args: string[], options: RunOptions): ChildProcess {
  const input = options.input === undefined ? {} : { input: options.input };
  return spawnNode(options.bin ?? BIN, args, { env: childEnv(options), ...input });
}

/** The run's output, recorded in the transcript. */
export async function collect(child: ChildProcess, args: string[]): Promise<RunResult> {
  const result = await collectOutput(child);
  transcript.push({ args, stdout: result.stdout, stderr: result.stderr });
  return result;
}

/** Runs `dollr …` to the end. */
export function dollr(args: string[], options: RunOptions): Promise<RunResult> {
  return collect(start(args, options), args);
}

/** Runs `dollr --json …` and parses stdout, which must be one JSON document. */
export async function dollrJson<T = Record<string, unknown>>(
  args: string[],
  options: RunOptions,
): Promise<RunResult & { json: T }> {
  const result = await dollr(['--json', ...args], options);
  let json: T;
  try {
    json = JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `stdout of dollr ${args.join(' ')} is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
  return { ...result, json };
}

/** Resolves once `pattern` shows up on the child's stderr. */
export const waitForStderr = (child: ChildProcess, pattern: RegExp): Promise<string> =>
  waitForOutput(child, 'stderr', pattern);

export function readJournal(home: Home): Array<Record<string, string>> {
  return readFileSync(home.journalFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, string>);
}

/** A loopback HTTP server that records every request it gets (and answers 401). */
export interface Recorder {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"detail":"Could not validate credentials"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Where the CLI is pointed by environment variables: a base URL and client credentials. */
export interface CliTarget {
  url: string;
  credentials: { clientId: string; clientSecret: string };
}

/**
 * A private HOME for the file's tests and the environment that points the CLI at `target()`, read
 * in beforeAll (after the hooks registered before this call, such as the one starting the server).
 */
export function useCliHome(target: () => CliTarget): { home: Home; env: Record<string, string> } {
  const home = {} as Home;
  const env: Record<string, string> = {};
  beforeAll(() => {
    Object.assign(home, makeHome());
    const { url, credentials } = target();
    Object.assign(env, {
      DOLLR_BASE_URL: url,
      DOLLR_CLIENT_ID: credentials.clientId,
      DOLLR_CLIENT_SECRET: credentials.clientSecret,
    });
  });
  afterAll(() => home.remove?.());
  return { home, env };
}

/** A file's recorder and private HOME, with client credentials in `env`; usable as RunOptions. */
export interface RecordedCli {
  readonly recorder: Recorder;
  home: Home;
  env: Record<string, string>;
}

/** Starts a recorder and a HOME for the file's tests, and clears the recorded requests before each. */
export function useRecordedCli(clientSecret: string): RecordedCli {
  let recorder: Recorder | undefined;
  beforeAll(async () => {
    recorder = await startRecorder();
  });
  afterAll(() => recorder?.close());
  const { home, env } = useCliHome(() => ({
    url: (recorder as Recorder).url,
    credentials: { clientId: 'dollr_test_client', clientSecret },
  }));
  beforeEach(() => {
    if (recorder) recorder.requests.length = 0;
  });
  return {
    get recorder() {
      if (!recorder) throw new Error('the recorder is not started yet: use it inside a test');
      return recorder;
    },
    home,
    env,
  };
}

/**
 * Writes `dollr completion bash` to a file in HOME and returns it with a function that asks bash
 * what it completes after `words`.
 */
export async function bashCompletion(options: RunOptions) {
  const script = await dollr(['completion', 'bash'], options);
  const file = join(options.home.dir, 'completion.bash');
  writeFileSync(file, script.stdout);
  const complete = (words: string[]) =>
    spawnSync(
      'bash',
      [
        '-c',
        `source "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _dollr; echo "\${COMPREPLY[@]}"`,
        '_',
        file,
      ],
      { encoding: 'utf8' },
    ).stdout.trim();
  return { script, complete };
}

export const UUID_V4 = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;

/**
 * Command-line flags from an object, in its order: `{ sourceId: 101, currency: 'USD' }` →
 * `['--source-id', '101', '--currency', 'USD']`.
 */
export function flags(values: Record<string, string | number>): string[] {
  return Object.entries(values).flatMap(([name, value]) => [
    `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    String(value),
  ]);
}

/**
 * The arguments of `dollr collect` for an invoice of the sandbox's fixtures, in USD, from payment
 * account 18 (which completes) unless `more` says otherwise.
 */
export function collectArgs(
  sourceId: string,
  more: Record<string, string | number> = {},
): string[] {
  return [
    'collect',
    ...flags({ sourceType: 'INVOICE', sourceId, paymentAccountId: '18', currency: 'USD', ...more }),
  ];
}

/** A transfer the sandbox's fixtures allow: the main wallet to the first counterparty, 5 USD. */
export const TRANSFER_SESSION = {
  fromWalletId: String(FIXTURES.payoutWalletId),
  toCounterpartyId: String(FIXTURES.counterparties[0]),
  amount: '5',
  currency: 'USD',
};
