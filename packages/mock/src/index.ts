export {
  type MockOptions,
  type ProxyOptions,
  type RunningServer,
  startMock,
  startValidationProxy,
} from './prism.js';
export { CONTROL_PREFIX } from './sandbox/control/app.js';
export { controlSpecPath } from './sandbox/control/spec.js';
export { builtinExtensions } from './sandbox/extensions.js';
export { FIXTURES, TEST_CREDENTIALS, UNVERIFIED_CREDENTIALS } from './sandbox/fixtures.js';
export type {
  ControlHandler,
  ControlInput,
  DollrRequest,
  SandboxContext,
  SandboxEnv,
  SandboxExtension,
  SandboxMiddleware,
} from './sandbox/pipeline.js';
export {
  createSandbox,
  type RunningSandbox,
  type Sandbox,
  type SandboxClockHandle,
  type SandboxOptions,
  type SeedSource,
  startSandbox,
} from './sandbox/server.js';
export type { Tenant, TenantRegistry } from './sandbox/tenants.js';
export { specPath } from './spec.js';
export { type CreateTenantOptions, createTenant, type DollrTenant } from './tenant.js';
