/**
 * Vitest helpers for workspaces that test against Dollr locally.
 *
 * - `globalSetup: ['@dollr/mock/vitest']` starts one Prism mock and one sandbox for the whole run
 *   and provides their URLs: `inject('dollrMockUrl')`, `inject('dollrSandboxUrl')`,
 *   `inject('dollrCredentials')`. `dollrGlobalSetup({...})` builds a setup with options.
 * - `useDollrMock()` / `useDollrSandbox()` start a server for one test file (beforeAll/afterAll);
 *   the sandbox one also hands out its clock.
 */
import { afterAll, beforeAll } from 'vitest';
import { type MockOptions, type RunningServer, startMock } from './prism.js';
import {
  type RunningSandbox,
  type SandboxClockHandle,
  type SandboxOptions,
  startSandbox,
} from './sandbox/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Prism mock started by the global setup (no `/v1`; Prism serves at the root). */
    dollrMockUrl: string;
    /** Base URL of the sandbox started by the global setup, ending in `/v1`. */
    dollrSandboxUrl: string;
    /** The sandbox's test credentials. */
    dollrCredentials: { clientId: string; clientSecret: string };
  }
}

/**
 * The global sandbox's defaults: fast transitions so that tests polling a status do not wait
 * seconds (PENDING → PROCESSING after 50 ms, final 150 ms later).
 */
export const GLOBAL_SANDBOX_DEFAULTS: SandboxOptions = {
  quiet: true,
  delays: { processingMs: 50, settleMs: 150 },
};

/** What a vitest global setup receives: only `provide` is used. */
export interface ProvidingProject {
  provide(key: string, value: unknown): void;
}

export interface DollrGlobalSetupOptions {
  /** Start the Prism mock (default true) and provide `dollrMockUrl`. */
  mock?: boolean | MockOptions;
  /**
   * Start the sandbox (default true, with GLOBAL_SANDBOX_DEFAULTS) and provide `dollrSandboxUrl`
   * and `dollrCredentials`.
   */
  sandbox?: boolean | SandboxOptions;
}

/** Build a vitest global setup that starts the servers and provides their URLs to the tests. */
export function dollrGlobalSetup(options: DollrGlobalSetupOptions = {}) {
  return async function setup(project: ProvidingProject): Promise<() => Promise<void>> {
    const started: Array<{ close(): Promise<void> }> = [];
    const teardown = async () => {
      await Promise.all(started.map((server) => server.close()));
    };
    try {
      if (options.mock !== false) {
        const mock = await startMock(typeof options.mock === 'object' ? options.mock : {});
        started.push(mock);
        project.provide('dollrMockUrl', mock.url);
      }
      if (options.sandbox !== false) {
        const extra = typeof options.sandbox === 'object' ? options.sandbox : {};
        const sandbox = await startSandbox({ ...GLOBAL_SANDBOX_DEFAULTS, ...extra });
        started.push(sandbox);
        project.provide('dollrSandboxUrl', sandbox.url);
        project.provide('dollrCredentials', sandbox.credentials);
      }
    } catch (error) {
      await teardown();
      throw error;
    }
    return teardown;
  };
}

/** The default global setup: a Prism mock and a sandbox, each on a free port. */
export default dollrGlobalSetup();

/**
 * Start a Prism mock for the current test file. Read `.url` inside tests (it is set in beforeAll).
 */
export function useDollrMock(options: MockOptions = {}): { readonly url: string } {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startMock(options);
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get url() {
      if (!server) throw new Error('the Dollr mock is not started yet: read .url inside a test');
      return server.url;
    },
  };
}

export interface SandboxHandle {
  /** Base URL ending in `/v1`; read inside tests (it is set in beforeAll). */
  readonly url: string;
  readonly clock: SandboxClockHandle;
  readonly credentials: { clientId: string; clientSecret: string };
}

/**
 * Start a sandbox for the current test file, e.g. `useDollrSandbox({ clock: 'manual' })` to move
 * executions along with `sandbox.clock.advance(ms)`.
 */
export function useDollrSandbox(options: SandboxOptions = {}): SandboxHandle {
  let sandbox: RunningSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ quiet: true, ...options });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  const get = () => {
    if (!sandbox) throw new Error('the Dollr sandbox is not started yet: use it inside a test');
    return sandbox;
  };
  return {
    get url() {
      return get().url;
    },
    get clock() {
      return get().clock;
    },
    get credentials() {
      return get().credentials;
    },
  };
}
