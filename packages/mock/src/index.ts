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
export {
  FIXTURES,
  type FixturePaymentAccount,
  type FixturePayoutAccount,
  type FixtureSource,
  type FixtureWallet,
  openInvoices,
  TEST_CREDENTIALS,
  testPasscode,
  UNVERIFIED_CREDENTIALS,
} from './sandbox/fixtures.js';
export type {
  ControlHandler,
  ControlInput,
  DollrRequest,
  SandboxContext,
  SandboxEnv,
  SandboxExtension,
  SandboxMiddleware,
} from './sandbox/pipeline.js';
export { SANDBOX_ANON_KEY } from './sandbox/realtime/keys.js';
export { REALTIME_PATH } from './sandbox/realtime/protocol.js';
export {
  createSandbox,
  type RunningSandbox,
  type Sandbox,
  type SandboxClockHandle,
  type SandboxOptions,
  type SandboxRealtime,
  type SeedSource,
  startSandbox,
} from './sandbox/server.js';
export type { Tenant, TenantRegistry } from './sandbox/tenants.js';
export { specPath } from './spec.js';
export { type CreateTenantOptions, createTenant, type DollrTenant } from './tenant.js';
