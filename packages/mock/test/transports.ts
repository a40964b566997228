/**
 * The ways a test reaches the sandbox, for suites that must hold over each: HTTP (a port, through
 * Prism's validation proxy, so every request and answer is checked against the spec) and MSW
 * (`fetch` to Dollr's own base URL, answered in-process by the MSW handlers).
 */
import { setupServer } from 'msw/node';
import {
  type SandboxClockHandle,
  type SandboxOptions,
  startSandbox,
  startValidationProxy,
} from '../src/index.js';
import { createSandboxHandlers, DOLLR_BASE_URL } from '../src/msw.js';
import { type Api, api } from './support.js';

export interface Reached {
  client: Api;
  clock: SandboxClockHandle;
  close(): Promise<void>;
}

export interface Transport {
  name: string;
  start(options: SandboxOptions): Promise<Reached>;
}

export const HTTP_THROUGH_PRISM: Transport = {
  name: "HTTP, through Prism's validation proxy",
  async start(options) {
    const sandbox = await startSandbox(options);
    const proxy = await startValidationProxy({ upstream: sandbox.url }).catch(async (error) => {
      await sandbox.close();
      throw error;
    });
    return {
      client: api(proxy.url),
      clock: sandbox.clock,
      async close() {
        await proxy.close();
        await sandbox.close();
      },
    };
  },
};

export const MSW: Transport = {
  name: `MSW handlers at ${DOLLR_BASE_URL}`,
  async start(options) {
    const { handlers, sandbox } = createSandboxHandlers(options);
    const server = setupServer(...handlers);
    server.listen({ onUnhandledRequest: 'error' });
    return {
      client: api(DOLLR_BASE_URL),
      clock: sandbox.clock,
      async close() {
        server.close();
        sandbox.close();
      },
    };
  },
};

export const TRANSPORTS = [HTTP_THROUGH_PRISM, MSW];
