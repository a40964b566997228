// Start-up time of `dollr --version` and `dollr --help` against `node -e 0` in the same run.
// Runs are interleaved so that machine noise hits all three alike; prints medians and ratios.
// Target: each ratio ≤ 2 (the CLI costs at most as much as node's own start).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/dollr.js', import.meta.url));
if (!existsSync(bin)) {
  console.error('dist/dollr.js is missing: run the build first.');
  process.exit(1);
}
const runs = Number(process.env.BENCH_RUNS ?? 30);
const cases = {
  'node -e 0': ['-e', '0'],
  'dollr --version': [bin, '--version'],
  'dollr --help': [bin, '--help'],
};
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));

function once(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

// Warm the file system cache first.
for (const args of Object.values(cases)) once(args);
for (let i = 0; i < runs; i++) {
  for (const [name, args] of Object.entries(cases)) times[name].push(once(args));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const base = median(times['node -e 0']);
console.log(`start-up, median of ${runs} runs (node ${process.version})`);
let ok = true;
for (const name of Object.keys(cases)) {
  const m = median(times[name]);
  const ratio = m / base;
  if (name !== 'node -e 0' && ratio > 2) ok = false;
  console.log(`  ${name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms   ×${ratio.toFixed(2)}`);
}
console.log(ok ? 'target met: ≤ 2× node' : 'target missed: > 2× node');
