/**
 * Runs documented commands the way a reader would in one terminal per document: bash, `set -e`,
 * variables exported by one block seen by the next. Servers are started, checked and stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Outcome {
  code: number | null;
  output: string;
}

const LIMIT_MS = 240_000;
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** One terminal: the environment, the file that carries exports from block to block. */
export class Terminal {
  private readonly envFile: string;
  private readonly servers: Server[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly root: string,
    scratch: string,
    name: string,
  ) {
    this.envFile = join(scratch, `${name}.env`);
    rmSync(this.envFile, { force: true });
  }

  private script(cwd: string | undefined, body: string): string {
    return [
      'set -eo pipefail',
      existsSync(this.envFile) ? `source ${quote(this.envFile)}` : '',
      `cd ${quote(join(this.root, cwd ?? '.'))}`,
      `trap "export -p > ${quote(this.envFile)}" EXIT`,
      body,
    ].join('\n');
  }

  /** Runs a shell block to its end. */
  run(code: string, cwd?: string): Promise<Outcome> {
    return collect(spawn('bash', ['-c', this.script(cwd, code)], { env: this.env }), LIMIT_MS);
  }

  /** Runs a js block: saved in `cwd` (so its imports resolve there), then `node`. */
  async runScript(code: string, cwd: string | undefined, line: number): Promise<Outcome> {
    const file = join(this.root, cwd ?? '.', `.docs-test-${line}.mjs`);
    writeFileSync(file, code);
    try {
      return await this.run(`node ${quote(file)}`, cwd);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** Starts a server command and waits until the URL it prints answers. */
  async start(command: string, cwd?: string): Promise<Server> {
    // A simple command replaces its shell; a compound one (`install && demo`) runs in it. The
    // process group is stopped as a whole either way.
    const line = /&&|\|\||;/.test(command) ? command : `exec ${command}`;
    const child = spawn('bash', ['-c', this.script(cwd, line)], {
      env: this.env,
      detached: true, // its own process group: stopping it stops whatever it started
    });
    const server = new Server(child, command);
    this.servers.push(server);
    await server.ready();
    return server;
  }

  /** Stops every server still running; the problems of those that would not stop. */
  async stopAll(): Promise<string[]> {
    const problems: string[] = [];
    for (const server of this.servers.splice(0)) {
      const problem = await server.stop();
      if (problem) problems.push(problem);
    }
    return problems;
  }
}

const URL_PATTERN = /https?:\/\/(?:127\.0\.0\.1|localhost):\d+[^\s)'"]*/;

export class Server {
  output = '';
  private exited: Promise<number | null>;
  private running = true;

  constructor(
    private readonly child: ChildProcess,
    readonly command: string,
  ) {
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) =>
      child.on('close', (code) => {
        this.running = false;
        resolve(code);
      }),
    );
  }

  /** Resolves with the URL the server printed, once a request to it gets an answer. */
  async ready(limitMs = LIMIT_MS): Promise<string> {
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`\`${this.command}\` exited before serving:\n${this.output}`);
      const url = URL_PATTERN.exec(this.output)?.[0];
      if (url) {
        const answered = await fetch(url).then(
          () => true,
          () => false,
        );
        if (answered) return url;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`\`${this.command}\` printed no URL that answers:\n${this.output}`);
  }

  /** SIGTERM to its process group; a problem when it is still running 15 s later. */
  async stop(): Promise<string | undefined> {
    if (!this.running) return undefined;
    const pid = this.child.pid as number;
    process.kill(-pid, 'SIGTERM');
    const stopped = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    if (stopped) return undefined;
    process.kill(-pid, 'SIGKILL');
    return `\`${this.command}\` did not stop on SIGTERM`;
  }
}

function collect(child: ChildProcess, limitMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[docs-test] still running after ${limitMs / 1000} s: stopped`;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
