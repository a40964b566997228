/**
 * Vitest helpers for workspaces that test against Dollr locally.
 *
 * - `globalSetup: ['@dollr/mock/vitest']` starts one Prism mock for the whole run and provides its
 *   URL: `inject('dollrMockUrl')`. `dollrGlobalSetup({...})` builds a setup with options.
 * - `useDollrMock()` starts a Prism mock for one test file (beforeAll / afterAll).
 */
import { afterAll, beforeAll } from 'vitest';
import { type MockOptions, type RunningServer, startMock } from './prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the Prism mock started by the global setup (no `/v1`; Prism serves at the root). */
    dollrMockUrl: string;
  }
}

/** What a vitest global setup receives: only `provide` is used. */
export interface ProvidingProject {
  provide(key: string, value: unknown): void;
}

export interface DollrGlobalSetupOptions {
  /** Start the Prism mock (default true) and provide `dollrMockUrl`. */
  mock?: boolean | MockOptions;
}

/** Build a vitest global setup that starts the servers and provides their URLs to the tests. */
export function dollrGlobalSetup(options: DollrGlobalSetupOptions = {}) {
  return async function setup(project: ProvidingProject): Promise<() => Promise<void>> {
    const started: RunningServer[] = [];
    const teardown = async () => {
      await Promise.all(started.map((server) => server.close()));
    };
    try {
      if (options.mock !== false) {
        const mock = await startMock(typeof options.mock === 'object' ? options.mock : {});
        started.push(mock);
        project.provide('dollrMockUrl', mock.url);
      }
    } catch (error) {
      await teardown();
      throw error;
    }
    return teardown;
  };
}

/** The default global setup: a Prism mock on a free port. */
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
