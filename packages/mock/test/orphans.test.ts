/**
 * No Prism process outlives the process that started it: not when a test run crashes on an
 * uncaught error, and not when it is killed with SIGKILL (Prism's stdin pipe is its lifeline).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { whenGone } from '@dollr/test-kit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundle, removeBundles } from './cli-build.js';
import { prismPids } from './support.js';

let index: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  index = bundle('src/index.ts');
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  removeBundles();
});

/** A Node process that starts a mock, prints its URL, then does `then`. */
async function parent(then: string) {
  const code = `import { startMock } from ${JSON.stringify(index)};
const mock = await startMock();
console.log('URL ' + mock.url);
${then}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /URL (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
  });
  // Prism runs in a child of its own, behind the CORS proxy listening on the url in the parent.
  const [prism] = prismPids(child.pid as number);
  expect(prism).toBeTypeOf('number');
  return { child, prism: prism as number };
}

it('an uncaught error in the parent takes Prism down with it', async () => {
  const { child, prism } = await parent(
    "setInterval(() => {}, 1000); process.on('SIGUSR2', () => { throw new Error('a failing test'); });",
  );
  // Fail only once the test knows Prism's pid.
  child.kill('SIGUSR2');
  const code = await new Promise((resolve) => child.once('exit', resolve));
  expect(code).toBe(1);
  expect(await whenGone(prism)).toBe(true);
});

it('SIGKILL of the parent takes Prism down too', async () => {
  const { child, prism } = await parent('setInterval(() => {}, 1000);');
  child.kill('SIGKILL');
  expect(await whenGone(prism)).toBe(true);
});
