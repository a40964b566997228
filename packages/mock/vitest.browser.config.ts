import { BROWSER_TESTS } from '@dollr/test-kit/vitest-config';
import { defineConfig } from 'vitest/config';

/** The browser tests: the MSW handlers in headless Chromium (`pnpm test:browser`). */
export default defineConfig({ test: BROWSER_TESTS });
