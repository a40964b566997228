// Start-up time of `dollr --version` and `dollr --help` against `node -e 0`, and of a command
// that makes requests (`dollr sandbox clock show`: a token, then the clock) against a bare Node
// script that makes the same two requests with fetch, all in the same run against one sandbox.
// Runs are interleaved so that machine noise hits every case alike; prints medians and ratios.
// Targets: `--version` and `--help` ≤ 2× `node -e 0`; the command ≤ 1.5× the bare script.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSandbox, TEST_CREDENTIALS } from '@dollr/mock';

const bin = fileURLToPath(new URL('../dist/dollr.js', import.meta.url));
if (!existsSync(bin)) {
  console.error('dist/dollr.js is missing: run the build first.');
  process.exit(1);
}
const runs = Number(process.env.BENCH_RUNS ?? 30);

const sandbox = await startSandbox({ quiet: true });
const env = {
  ...process.env,
  DOLLR_BASE_URL: sandbox.url,
  DOLLR_CLIENT_ID: TEST_CREDENTIALS.clientId,
  DOLLR_CLIENT_SECRET: TEST_CREDENTIALS.clientSecret,
  NO_COLOR: '1',
};
const controlUrl = `${new URL(sandbox.url).origin}/_sandbox/clock`;
const bareRequests = `
const e = process.env;
const token = await fetch(e.DOLLR_BASE_URL + '/jwt/client/obtain/token', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ client_id: e.DOLLR_CLIENT_ID, client_secret: e.DOLLR_CLIENT_SECRET }),
}).then((r) => r.json());
const clock = await fetch(${JSON.stringify(controlUrl)}, {
  headers: { authorization: 'Bearer ' + token.access_token },
});
if (!clock.ok) throw new Error('clock: ' + clock.status);
console.log(JSON.stringify(await clock.json()));
`;

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'dollr --version', args: [bin, '--version'], base: 'node -e 0', target: 2 },
  { name: 'dollr --help', args: [bin, '--help'], base: 'node -e 0', target: 2 },
  { name: 'node + 2 fetches', args: ['--input-type=module', '-e', bareRequests] },
  {
    name: 'dollr sandbox clock show',
    args: [bin, '--json', 'sandbox', 'clock', 'show'],
    base: 'node + 2 fetches',
    target: 1.5,
  },
];
const times = new Map(cases.map(({ name }) => [name, []]));

function once(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.slice(0, 3).join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

try {
  // Warm the file system cache first.
  for (const { args } of cases) await once(args);
  for (let i = 0; i < runs; i++) {
    for (const { name, args } of cases) times.get(name).push(await once(args));
  }
} finally {
  await sandbox.close();
}

console.log(`start-up, median of ${runs} runs (node ${process.version})`);
let ok = true;
for (const { name, base, target } of cases) {
  const m = median(times.get(name));
  const ratio = base ? m / median(times.get(base)) : undefined;
  const versus = base ? ` ×${ratio.toFixed(2)} ${base}` : '';
  if (ratio > target) ok = false;
  console.log(`  ${name.padEnd(26)} ${m.toFixed(1).padStart(7)} ms${versus}`);
}
console.log(
  ok
    ? 'targets met: --version and --help ≤ 2× node -e 0, a command ≤ 1.5× the same requests by hand'
    : 'target missed (see the ratios above)',
);
