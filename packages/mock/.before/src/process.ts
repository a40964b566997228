import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Ask the OS for a free TCP port on `host`: listen on port 0, read the port, close. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Children still running, killed synchronously if this process exits without closing them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid: the whole process group (the child was spawned detached, as its leader).
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
}

export interface ManagedProcess {
  child: ChildProcess;
  /** Everything the child wrote so far (stdout and stderr), for error messages. */
  output(): string;
  /** Resolves when `predicate` matches the output; rejects if the child exits first or on timeout. */
  waitFor(predicate: (output: string) => boolean, timeoutMs: number): Promise<void>;
  /** SIGTERM the process group, SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawn `command args` as the leader of its own process group, so that stopping it also stops
 * anything it forked, and register it for a synchronous kill when this process exits.
 */
export function spawnManaged(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stdinPipe?: boolean } = {},
): ManagedProcess {
  installExitHook();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: [options.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  // A stdin pipe is a lifeline: it closes when this process dies, however it dies. It must not
  // keep this process alive by itself.
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  live.add(child);
  let buffer = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    if (buffer.length > 200_000) buffer = buffer.slice(-100_000);
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => {
      live.delete(child);
      resolve();
      for (const listener of listeners) listener();
    });
    child.once('error', () => {
      live.delete(child);
      resolve();
      for (const listener of listeners) listener();
    });
  });

  return {
    child,
    output: () => buffer,
    waitFor(predicate, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (predicate(buffer)) done();
          else if (child.exitCode !== null || child.signalCode !== null || !live.has(child)) {
            done(new Error(`process exited before it was ready:\n${buffer.slice(-2000)}`));
          }
        };
        const timer = setTimeout(
          () => done(new Error(`process not ready after ${timeoutMs} ms:\n${buffer.slice(-2000)}`)),
          timeoutMs,
        );
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      if (!live.has(child)) return exited;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Anything the leader forked and left behind goes too.
      killGroup(child, 'SIGKILL');
    },
  };
}
