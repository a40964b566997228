/**
 * One seed for every property test, so that each run draws the same cases (CI and local alike).
 * Explore new ones locally with FC_SEED (any integer) and FC_RUNS (cases per property); a failure
 * prints its seed, and every counterexample found is kept as a fixed regression case.
 *
 *   FC_SEED=42 FC_RUNS=500 pnpm --filter @dollr/mock test
 */
import fc from 'fast-check';

export const FC_SEED = Number.parseInt(process.env.FC_SEED ?? '20261124', 10);
export const FC_RUNS = Number.parseInt(process.env.FC_RUNS ?? '40', 10);

fc.configureGlobal({ seed: FC_SEED, numRuns: FC_RUNS });
