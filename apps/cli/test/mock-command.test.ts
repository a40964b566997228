import type { ChildProcess } from 'node:child_process';
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TEST_CREDENTIALS } from '@dollr/mock';
import { tempDir } from '@dollr/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  collect,
  dollr,
  dollrJson,
  type Home,
  makeHome,
  type RunResult,
  start,
} from './helpers.js';

// `dollr mock` starts @dollr/mock's servers and says how to point the CLI at them; without the
// optional peer it says how to add it.

let home: Home;

beforeAll(() => {
  home = makeHome();
});

afterAll(() => {
  home?.remove();
});

/** Starts `dollr mock …`, resolves with its first complete stdout JSON document. */
async function startMockCommand(
  args: string[],
): Promise<{ child: ChildProcess; done: Promise<RunResult>; info: Record<string, string> }> {
  const child = start(['--json', 'mock', ...args], { home });
  const done = collect(child, ['mock', ...args]);
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (d: Buffer | string) => {
      seen += String(d);
      try {
        resolve(JSON.parse(seen) as Record<string, string>);
      } catch {
        // Not complete yet.
      }
    });
    child.on('close', (code) =>
      reject(new Error(`dollr mock exited ${code} before printing its URL`)),
    );
  });
  return { child, done, info };
}

describe('dollr mock', () => {
  it('--stateful runs the sandbox, prints its URL and credentials, and stops on SIGTERM', async () => {
    const { child, done, info } = await startMockCommand(['--stateful', '--port', '0']);
    try {
      expect(info).toMatchObject({ kind: 'sandbox', client_id: TEST_CREDENTIALS.clientId });
      expect(info.base_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const env = {
        DOLLR_BASE_URL: info.base_url as string,
        DOLLR_CLIENT_ID: info.client_id as string,
        DOLLR_CLIENT_SECRET: info.client_secret as string,
      };
      const source = await dollrJson(
        ['status', 'source', '--source-type', 'INVOICE', '--source-id', '101'],
        {
          home,
          env,
        },
      );
      expect(source.code).toBe(0);
      expect(source.json).toMatchObject({ source_number: 'INV-0101', status: 'ACTIVE' });
    } finally {
      child.kill('SIGTERM');
    }
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/stopped/);
  });

  it('without --stateful runs Prism, and the human output has the export line', async () => {
    const child = start(['mock', '--port', '0'], { home });
    const done = collect(child, ['mock']);
    const exportLine = await new Promise<string>((resolve, reject) => {
      let seen = '';
      child.stdout?.on('data', (d: Buffer | string) => {
        seen += String(d);
        const match =
          /export DOLLR_BASE_URL=(\S+) DOLLR_CLIENT_ID=(\S+) DOLLR_CLIENT_SECRET=(\S+)/.exec(seen);
        if (match) resolve(match[0]);
      });
      child.on('close', (code) => reject(new Error(`exited ${code}: ${seen}`)));
    });
    try {
      const [, url, id, secret] =
        exportLine.match(/=(\S+) DOLLR_CLIENT_ID=(\S+) DOLLR_CLIENT_SECRET=(\S+)/) ?? [];
      const session = await dollrJson(
        ['sessions', 'create', 'checkout', '--source-id', '101', '--source-type', 'INVOICE'],
        {
          home,
          env: {
            DOLLR_BASE_URL: url as string,
            DOLLR_CLIENT_ID: id as string,
            DOLLR_CLIENT_SECRET: secret as string,
          },
        },
      );
      expect(session.code).toBe(0);
      expect(session.json).toHaveProperty('id');
    } finally {
      child.kill('SIGINT');
    }
    expect((await done).code).toBe(0);
  });

  it('without @dollr/mock installed says how to add it and exits 1', async () => {
    // The bundle alone, outside the workspace: @dollr/mock cannot be resolved from there.
    const { dir: lonely, remove } = tempDir('dollr-cli-alone');
    try {
      cpSync(dirname(BIN), lonely, { recursive: true });
      const bin = join(lonely, 'dollr.js');
      const version = await dollr(['--version'], { home, bin });
      expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      const r = await dollr(['mock'], { home, bin });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/npm i -D @dollr\/mock/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      remove();
    }
  });

  it('a bad --port is a usage error', async () => {
    const r = await dollr(['mock', '--port', '70000'], { home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port/);
  });
});
