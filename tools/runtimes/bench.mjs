// The client's per-call overhead against raw fetch (packages/client/bench/overhead.mjs, unchanged)
// on Node 20, the Active LTS and Bun, one after the other in one run; then each runtime's verdict.
// Each runtime's ratio is against raw fetch measured by the same process, so the runtimes compare
// by ratio, not by absolute time. Run after `build` (it measures dist/).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { binaryOf, versionOf, versions } from './runtimes.mjs';

const client = join(dirname(new URL(import.meta.url).pathname), '..', '..', 'packages', 'client');
const RUNS = [
  { name: 'node', version: versions.node[0], flags: ['--expose-gc'] },
  { name: 'node', version: versions.activeLts, flags: ['--expose-gc'] },
  // Bun has no --expose-gc: the bench's `globalThis.gc?.()` is then a no-op.
  { name: 'bun', version: versions.bun, flags: [] },
];

const verdicts = [];
for (const run of RUNS) {
  let label = `${run.name}@${run.version}`;
  try {
    const bin = binaryOf(run.name, run.version);
    label = versionOf(run.name, bin);
    console.log(`\n── ${label} ──`);
    const result = spawnSync(bin, [...run.flags, 'bench/overhead.mjs'], {
      cwd: client,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(result.stdout);
    const verdict = /@dollr\/client vs raw fetch: .*/.exec(result.stdout)?.[0];
    verdicts.push(`${label}: ${verdict ?? `no result (exit ${result.status})`}`);
    if (result.status !== 0) process.exitCode = 1;
  } catch (error) {
    verdicts.push(`${label}: not run — ${error.message}`);
    process.exitCode = 1;
  }
}
console.log('\nper runtime:');
for (const line of verdicts) console.log(`  ${line}`);
