import { type ChildProcess, spawn } from 'node:child_process';

export interface Output {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node <script> …args` with exactly `env` (nothing inherited) and `input` on stdin. */
export function spawnNode(
  script: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; input?: string },
): ChildProcess {
  const child = spawn(process.execPath, [script, ...args], {
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(options.input ?? '');
  return child;
}

/** Everything the child prints, and how it ended. */
export function collectOutput(child: ChildProcess): Promise<Output> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the first match of `pattern` on the child's `stream`; rejects if it exits first. */
export function waitForOutput(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
): Promise<string> {
  const source = child[stream];
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer | string) => {
      seen += String(d);
      const match = pattern.exec(seen);
      if (match) {
        source?.off('data', onData);
        resolve(match[0]);
      }
    };
    source?.on('data', onData);
    child.on('close', () => reject(new Error(`exited before ${pattern}: ${seen}`)));
  });
}
