/**
 * Vitest helpers for workspaces that test against Dollr locally.
 *
 * - `globalSetup: ['@dollr/mock/vitest']` starts one Prism mock and one sandbox for the whole run
 *   and provides their URLs: `inject('dollrMockUrl')`, `inject('dollrSandboxUrl')`,
 *   `inject('dollrCredentials')`. `dollrGlobalSetup({...})` builds a setup with options.
 * - `useDollrMock()` / `useDollrSandbox()` start a server for one test file (beforeAll/afterAll);
 *   the sandbox one also hands out its clock.
 * - `useDollrTenant()` gives the test file its own tenant of the global sandbox (or of its own
 *   sandbox when there is no global one): credentials, clock and a typed control client.
 */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type MockOptions, type RunningServer, startMock } from './prism.js';
import {
  type RunningSandbox,
  type SandboxClockHandle,
  type SandboxOptions,
  startSandbox,
} from './sandbox/server.js';
import { createTenant, type DollrTenant } from './tenant.js';
import { closeWithDoctorSummary, printTenantDoctorSummary } from './vitest-doctor.js';

export type { DollrTenant } from './tenant.js';

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
        started.push({ close: () => closeWithDoctorSummary(sandbox) });
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
    if (sandbox) await closeWithDoctorSummary(sandbox);
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

export interface UseDollrTenantOptions {
  /** The sandbox to create the tenant on; default the global setup's, else a sandbox of its own. */
  url?: string;
  /** The tenant's clock; default the sandbox's. */
  clock?: 'real' | 'manual';
  /** Where its clock starts (ISO 8601). */
  startAt?: string;
  /** A label for the tenant; default the test file's name. */
  name?: string;
}

/**
 * An isolated tenant for the current test file (created in beforeAll, deleted in afterAll): its
 * own credentials, world, clock, faults and log, so that files running in parallel never see each
 * other. Read it inside tests:
 *
 * ```ts
 * const tenant = useDollrTenant({ clock: 'manual' });
 * it('fails', async () => {
 *   await tenant.failNext('18', 'Declined');          // one line
 *   const client = createDollrClient({ baseUrl: tenant.url, ...tenant.credentials });
 * });
 * ```
 */
export function useDollrTenant(options: UseDollrTenantOptions = {}): DollrTenant {
  let tenant: DollrTenant | undefined;
  let own: RunningSandbox | undefined;
  beforeAll(async () => {
    let url = options.url ?? provided('dollrSandboxUrl');
    if (!url) {
      own = await startSandbox({ quiet: true });
      url = own.url;
    }
    const credentials = options.url ? undefined : provided('dollrCredentials');
    tenant = await createTenant({
      url,
      credentials,
      name: options.name ?? fileName(),
      clock: options.clock,
      startAt: options.startAt,
    });
  });
  afterAll(async () => {
    if (tenant) await printTenantDoctorSummary(tenant);
    await tenant?.delete();
    await own?.close();
  });
  const get = (): DollrTenant => {
    if (!tenant) throw new Error('the Dollr tenant is not created yet: use it inside a test');
    return tenant;
  };
  return new Proxy({} as DollrTenant, {
    get: (_target, key) => get()[key as keyof DollrTenant],
  });
}

/** A value the global setup provided, or undefined when there is none. */
function provided<K extends 'dollrSandboxUrl' | 'dollrCredentials'>(key: K) {
  try {
    return inject(key) as ReturnType<typeof inject<K>> | undefined;
  } catch {
    return undefined;
  }
}

function fileName(): string | undefined {
  return expect.getState().testPath?.split(/[\\/]/).pop();
}
