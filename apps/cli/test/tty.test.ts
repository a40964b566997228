import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { useDollrSandbox } from '@dollr/mock/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, collectArgs, type Home, makeHome } from './helpers.js';

// On a terminal: login asks for what is missing (the secret without echo), and the flows show a
// spinner. util-linux's `script` gives the command a pseudo-terminal.

const hasScript = spawnSync('script', ['--version']).status === 0;

const sandbox = useDollrSandbox({ delays: { processingMs: 50, settleMs: 100 } });
let home: Home;

beforeAll(() => {
  home = makeHome();
});

const started: ChildProcess[] = [];

afterAll(async () => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  home?.remove();
});

function onTerminal(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; done: Promise<number | null> } {
  const command = [process.execPath, BIN, ...args]
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
    .join(' ');
  // A fresh pseudo-terminal has no size: give it one, as a real terminal has.
  const child = spawn('script', ['-qec', `stty cols 100 rows 40; ${command}`, '/dev/null'], {
    env: { PATH: process.env.PATH, TERM: 'xterm', ...home.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.push(child);
  let seen = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    seen += d;
  });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => seen, done };
}

async function until(output: () => string, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (pattern.test(output())) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never saw ${pattern} in:\n${output()}`);
}

describe.skipIf(!hasScript)('on a terminal', () => {
  it('login asks for the client id and, without echo, the secret', async () => {
    const { child, output, done } = onTerminal(['--base-url', sandbox.url, 'login']);
    await until(output, /Client id: /);
    child.stdin?.write(`${sandbox.credentials.clientId}\r`);
    await until(output, /Client secret: /);
    child.stdin?.write(`${sandbox.credentials.clientSecret}\r`);
    await until(output, /Logged in/);
    child.stdin?.end();
    expect(await done).toBe(0);
    expect(output()).toContain(sandbox.credentials.clientId);
    expect(output()).not.toContain(sandbox.credentials.clientSecret);
    expect(statSync(home.configFile).mode & 0o777).toBe(0o600);
    const config = JSON.parse(readFileSync(home.configFile, 'utf8'));
    expect(config.profiles.default.client_secret).toBe(sandbox.credentials.clientSecret);
  });

  it('a flow shows a spinner and ends with the summary', async () => {
    const { child, output, done } = onTerminal([...collectArgs('107', { interval: '50ms' })]);
    child.stdin?.end();
    const code = await done;
    const text = output();
    expect(code, text).toBe(0);
    expect(text).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/); // nanospinner's frames
    expect(text).toMatch(/✔.*The collection is COMPLETED/);
    expect(text).toMatch(/Collection COMPLETED/);
  });
});
