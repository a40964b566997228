import { UNIT_TESTS } from '@dollr/test-kit/vitest-config';
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { ...UNIT_TESTS, pool: 'forks' } });
