/**
 * Test helpers shared by the workspaces' suites (private: never published). Servers come from
 * `@dollr/mock/vitest`; this kit holds what is not Dollr-specific.
 */
export { chromiumLaunchOptions, chromiumPath } from './chromium.js';
export { eventually } from './eventually.js';
export { collectOutput, type Output, spawnNode, waitForOutput } from './process.js';
export { isAlive, listenerPid, whenGone } from './processes.js';
export { streamText } from './stream-text.js';
export { type TempDir, tempDir } from './temp-dir.js';
