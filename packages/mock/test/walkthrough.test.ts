/**
 * The README's curl + jq walkthrough (examples/walkthrough.sh), run as written against a sandbox
 * on a free port: a non-JavaScript team's path through test mode stays true.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../examples/walkthrough.sh', import.meta.url));

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ quiet: true });
});

afterAll(async () => {
  await sandbox?.close();
});

it('runs from start to end with curl and jq', async () => {
  await run('jq', ['--version']).catch(() => {
    throw new Error('the walkthrough needs jq on PATH (Debian: apt-get install jq)');
  });
  const { stdout } = await run('bash', [script], {
    env: { ...process.env, SANDBOX: sandbox.rootUrl },
  });
  expect(stdout).toContain('"status":"FAILED","gateway_message":"The payer declined the request"');
  expect(stdout).toContain('no answer. Do not execute again');
  expect(stdout).toMatch(/POLL_TOO_FAST \(request #\d+ GET \/v1\/status\/collection\//);
  expect(stdout).toContain('SESSION_REUSED');
  expect(stdout).toContain('tenant deleted');
  // It cleaned up after itself: only the default tenant is left.
  expect(sandbox.tenants.list().map((t) => t.id)).toEqual(['default']);
});
