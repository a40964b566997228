/** The dollr-mock command: what it prints, and that it stops cleanly on SIGINT / SIGTERM. */
import { execFileSync } from 'node:child_process';
import { isAlive } from '@dollr/test-kit';
import { expect, it } from 'vitest';
import { TEST_CREDENTIALS } from '../src/sandbox/fixtures.js';
import { useCli } from './cli-build.js';
import { prismPids } from './support.js';

const cli = useCli();

async function run(args: string[]) {
  const { proc, url } = await cli.start(args);
  const exited = new Promise<number | null>((resolve) =>
    proc.child.once('exit', (code) => resolve(code)),
  );
  return { proc, url, exited };
}

it('--stateful prints the URL and the public test credentials, and exits 0 on SIGTERM', async () => {
  const { proc, url, exited } = await run(['--stateful', '--port', '0', '--quiet']);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  const { clientId, clientSecret } = TEST_CREDENTIALS;
  expect(proc.output()).toContain(`client id:      ${clientId}`);
  expect(proc.output()).toContain(`client secret:  ${clientSecret}`);
  const root = url.replace(/\/v1$/, '');
  const ws = root.replace(/^http/, 'ws');
  expect(proc.output()).toContain(
    `realtime:       ${root}   (SUPABASE_URL; websocket ${ws}/realtime/v1/websocket)`,
  );
  expect(proc.output()).toContain(`anon key:       GET ${root}/_sandbox/realtime → anon_key`);
  const res = await fetch(`${url}/jwt/client/obtain/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
  });
  expect(res.status).toBe(200);
  proc.child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

it('the Prism mode stops Prism too on SIGINT: no orphan process', async () => {
  const { proc, url, exited } = await run(['--port', '0']);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const [prismPid] = prismPids(proc.child.pid as number);
  expect(prismPid).toBeTypeOf('number');
  proc.child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(isAlive(prismPid as number)).toBe(false);
});

it('rejects a bad option with a message and exit code 1', () => {
  let status = 0;
  let stderr = '';
  try {
    execFileSync(process.execPath, [cli.path, '--port', 'abc'], { stdio: 'pipe' });
  } catch (error) {
    status = (error as { status: number }).status;
    stderr = String((error as { stderr: Buffer }).stderr);
  }
  expect(status).toBe(1);
  expect(stderr).toMatch(/--port must be an integer/);
});
