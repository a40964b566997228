/**
 * `@dollr/mock/control`: a typed client for the sandbox's control API (spec/control), generated
 * with openapi-typescript and served by openapi-fetch, like `@dollr/client` for the Dollr API.
 *
 * ```ts
 * const control = createControlClient({ baseUrl: sandbox.url, token });
 * await control.POST('/_sandbox/clock/advance', { body: { by: '16m' } });
 * ```
 */

import type { components, operations, paths } from '@dollr/spec/control';
import createClient, { type Client } from 'openapi-fetch';

export type {
  components as ControlComponents,
  operations as ControlOperations,
  paths as ControlPaths,
};

type Schemas = components['schemas'];
export type Clock = Schemas['Clock'];
export type Tenant = Schemas['Tenant'];
export type TenantCreated = Schemas['TenantCreated'];
export type SandboxExecution = Schemas['SandboxExecution'];
export type SandboxSession = Schemas['SandboxSession'];
export type DriveExecution = Schemas['DriveExecution'];
export type SetAccountOutcome = Schemas['SetAccountOutcome'];
export type CreateFault = Schemas['CreateFault'];
export type CreateSource = Schemas['CreateSource'];
export type Duration = Schemas['Duration'];

export type ControlClient = Client<paths>;

export interface ControlClientOptions {
  /** The sandbox's root URL (`http://127.0.0.1:4010`); a trailing `/v1` is dropped. */
  baseUrl: string;
  /** A Dollr access token of the tenant to act on, or a function that returns one. */
  token: string | (() => string | Promise<string>);
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** The control API's root for a sandbox URL: `…/v1` and trailing slashes are dropped. */
export function controlBaseUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** A typed client of the control API (every path under `/_sandbox`), authorised by `token`. */
export function createControlClient(options: ControlClientOptions): ControlClient {
  const client = createClient<paths>({
    baseUrl: controlBaseUrl(options.baseUrl),
    ...(options.fetch && { fetch: options.fetch }),
  });
  const { token } = options;
  client.use({
    async onRequest({ request }) {
      const value = typeof token === 'string' ? token : await token();
      request.headers.set('authorization', `Bearer ${value}`);
      return request;
    },
  });
  return client;
}
