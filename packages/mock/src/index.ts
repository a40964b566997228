export {
  type MockOptions,
  type ProxyOptions,
  type RunningServer,
  startMock,
  startValidationProxy,
} from './prism.js';
export { builtinExtensions } from './sandbox/extensions.js';
export { FIXTURES, TEST_CREDENTIALS, UNVERIFIED_CREDENTIALS } from './sandbox/fixtures.js';
export type { SandboxExtension } from './sandbox/pipeline.js';
export {
  createSandbox,
  type RunningSandbox,
  type Sandbox,
  type SandboxClockHandle,
  type SandboxOptions,
  type SeedSource,
  startSandbox,
} from './sandbox/server.js';
export { specPath } from './spec.js';
