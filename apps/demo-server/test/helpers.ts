/** Shared test scaffolding: a demo on a temporary data folder, and a fetch that counts Dollr calls. */
import { eventually, tempDir as kitTempDir } from '@dollr/test-kit';
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../src/config.js';
import type { Attempt } from '../src/db.js';
import { type Demo, type DemoOptions, startDemo } from '../src/start.js';

export interface DollrCall {
  method: string;
  path: string;
  body: unknown;
  /** Its response has come back (the sandbox has handled it). */
  answered: boolean;
}

/**
 * A fetch for the Dollr client that records every request (method, path without /v1, body) and
 * whether it has been answered.
 */
export function recordingFetch(onCall?: (call: DollrCall) => void) {
  const calls: DollrCall[] = [];
  const recorder: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    const call: DollrCall = {
      method: request.method,
      path: new URL(request.url).pathname.replace(/^\/v1/, ''),
      body: text ? JSON.parse(text) : undefined,
      answered: false,
    };
    calls.push(call);
    onCall?.(call);
    const response = await fetch(request);
    call.answered = true;
    return response;
  };
  const matching = (method: string, path: string | RegExp) =>
    calls.filter(
      (c) =>
        c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path)),
    );
  const count = (method: string, path: string | RegExp) => matching(method, path).length;
  const answered = (method: string, path: string | RegExp) =>
    matching(method, path).filter((c) => c.answered).length;
  return { fetch: recorder, calls, count, answered };
}

export { eventually };

/** A temporary data folder for one demo. */
export const tempDir = () => kitTempDir('dollr-demo');

export function testConfig(dataDir: string, dollr?: Config['dollr']): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    dollr: dollr ?? { kind: 'embedded', delays: { processingMs: 1_000, settleMs: 1_000 } },
    pollIntervalMs: 10,
    maxPollIntervalMs: 20,
    realtime: { kind: 'auto' },
  };
}

export async function startTestDemo(
  options: Partial<Omit<DemoOptions, 'config'>> & {
    dataDir: string;
    dollr?: Config['dollr'];
    /** Settings that differ from testConfig's. */
    config?: Partial<Config>;
  },
): Promise<Demo> {
  const { dataDir, dollr, config, ...rest } = options;
  return startDemo({
    config: { ...testConfig(dataDir, dollr), ...config },
    heartbeatMs: 1_000,
    ...rest,
  });
}

export type TestDemoOptions = Partial<Omit<DemoOptions, 'config'>> & {
  dollr?: Config['dollr'];
  config?: Partial<Config>;
};

/** The embedded sandbox on a manual clock: each execution moves only when a test advances time. */
export const MANUAL_SANDBOX: TestDemoOptions['sandbox'] = {
  clock: 'manual',
  delays: { processingMs: 1_000, settleMs: 1_000 },
};

/** A demo for the current test file, on the embedded sandbox, in its own data folder. */
export interface TestDemo {
  /** The running demo; read it inside tests (it starts in beforeAll). */
  readonly demo: Demo;
  /** Its data folder. */
  readonly dataDir: string;
}

/**
 * Starts a demo before the file's tests and stops it (and removes its data) after them. Pass a
 * function to read what other `use…` helpers started first (such as a mock's URL).
 */
export function useTestDemo(options: TestDemoOptions | (() => TestDemoOptions) = {}): TestDemo {
  const data = tempDir();
  let started: Demo | undefined;
  beforeAll(async () => {
    const chosen = typeof options === 'function' ? options() : options;
    started = await startTestDemo({ dataDir: data.dir, ...chosen });
  });
  afterAll(async () => {
    await started?.close();
    data.remove();
  });
  return {
    get demo() {
      if (!started) throw new Error('the demo is not started yet: use it inside a test');
      return started;
    },
    dataDir: data.dir,
  };
}

/** Waits until an attempt in the demo's database has one of `statuses`. */
export function attemptReaches(demo: Demo, id: number, ...statuses: Attempt['status'][]) {
  return eventually(
    () => {
      const attempt = demo.db.getAttempt(id);
      return attempt && statuses.includes(attempt.status) ? attempt : undefined;
    },
    `attempt ${id} to reach ${statuses.join(' or ')}`,
  );
}

/** Sends JSON to the demo's app (no socket). */
export function postJson(demo: Demo, path: string, body: unknown) {
  return demo.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Reads a server-sent event stream until it ends; returns the parsed `attempt` events. */
export async function readAttemptEvents(response: Response): Promise<Attempt[]> {
  const text = await response.text();
  const events: Attempt[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n');
    if (!lines.includes('event: attempt')) continue;
    const data = lines
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
    events.push(JSON.parse(data));
  }
  return events;
}
