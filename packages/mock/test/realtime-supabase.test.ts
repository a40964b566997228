/**
 * The docs' realtime snippet (examples/realtime/subscribe.mjs) with the real @supabase/supabase-js
 * from the registry, run as written on the active LTS Node (it needs a global WebSocket: Node 22+;
 * this machine's Node is 20, so the pinned Node of tools/runtimes/versions.json is fetched with
 * `npx -y node@…`). Without that Node or the package, the suite fails under CI=true and is skipped,
 * loudly, elsewhere.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REALTIME_COLLECTION } from '@dollr/spec/vocabulary';
import { collectOutput, eventually, type TempDir, tempDir } from '@dollr/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import { prepareCollection } from './realtime-support.js';
import { type Api, api } from './support.js';

const EXAMPLE = new URL('../examples/realtime/', import.meta.url);
const VERSIONS = new URL('../../../tools/runtimes/versions.json', import.meta.url);
const NODE_VERSION = (JSON.parse(readFileSync(VERSIONS, 'utf8')) as { activeLts: string })
  .activeLts;

/** The Node binary and a folder with the example and its dependencies, or why there is none. */
function prepare(dir: string): { node: string } | { missing: string } {
  try {
    const node = execFileSync('npx', ['-y', `node@${NODE_VERSION}`, '-p', 'process.execPath'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    for (const file of ['package.json', 'subscribe.mjs']) {
      copyFileSync(new URL(file, EXAMPLE), join(dir, file));
    }
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--engine-strict=false'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { node };
  } catch (error) {
    return { missing: `node@${NODE_VERSION} or @supabase/supabase-js: ${String(error)}` };
  }
}

let folder: TempDir;
let node: string | undefined;
let sandbox: RunningSandbox;
let client: Api;
let token: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  folder = tempDir('dollr-realtime-snippet');
  const prepared = prepare(folder.dir);
  if ('missing' in prepared) {
    if (process.env.CI === 'true') throw new Error(`CI needs ${prepared.missing}`);
    console.warn(`SKIPPING the supabase-js snippet: ${prepared.missing}`);
  } else node = prepared.node;
  sandbox = await startSandbox({
    clock: 'manual',
    quiet: true,
    delays: { processingMs: 1000, settleMs: 3000 },
  });
  client = api(sandbox.url);
  token = await client.token();
}, 300_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill();
  await sandbox?.close();
  folder?.remove();
});

/** Run the snippet as written, with the variables its header names. */
function snippet(env: { key: string; sessionId: number; referenceId: string }) {
  const child = spawn(node as string, ['subscribe.mjs'], {
    cwd: folder.dir,
    env: {
      PATH: process.env.PATH,
      SUPABASE_URL: sandbox.realtime.url,
      SUPABASE_ANON_KEY: sandbox.realtime.anonKey,
      REALTIME_KEY: env.key,
      SESSION_ID: String(env.sessionId),
      REFERENCE_ID: env.referenceId,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let printed = '';
  child.stdout.on('data', (chunk) => {
    printed += chunk;
  });
  /** Resolves once the snippet has printed `text` (kept from the start, so none is missed). */
  const printedSoFar = (text: string) =>
    eventually(() => (printed.includes(text) ? true : undefined), `the snippet to print ${text}`);
  return { child, output: collectOutput(child), printed: printedSoFar };
}

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('the docs snippet with @supabase/supabase-js', () => {
  it('names the channel, table and filter of the spec', () => {
    const source = readFileSync(new URL('subscribe.mjs', EXAMPLE), 'utf8');
    // A JavaScript placeholder of the snippet, `${NAME}`.
    const js = (name: string) => ['$', '{', name, '}'].join('');
    const channel = REALTIME_COLLECTION.channel
      .replace('{session_id}', js('SESSION_ID'))
      .replace('{reference_id}', js('REFERENCE_ID'));
    expect(source).toContain(`\`${channel}\``);
    expect(source).toContain(`table: '${REALTIME_COLLECTION.table}'`);
    expect(source).toContain(`schema: '${REALTIME_COLLECTION.schema}'`);
    expect(source).toContain(`event: '${REALTIME_COLLECTION.postgresEvent}'`);
    expect(source).toContain(
      `filter: \`${REALTIME_COLLECTION.filter.replace('{reference_id}', js('REFERENCE_ID'))}\``,
    );
  });

  it('receives PENDING → PROCESSING → COMPLETED for its reference id; a key of another session sees nothing', async (ctx) => {
    if (!node) return ctx.skip();
    const mine = await prepareCollection(client, token, 101);
    const other = await prepareCollection(client, token, 102);
    const watcher = snippet(mine);
    const stranger = snippet({ ...mine, key: other.key });
    await Promise.all([watcher, stranger].map((s) => s.printed('"SUBSCRIBED"')));
    expect((await other.collect()).status).toBe(200);
    expect((await mine.collect()).status).toBe(200);
    await watcher.printed('"PENDING"');
    await sandbox.clock.advance(1000);
    await watcher.printed('"PROCESSING"');
    await sandbox.clock.advance(3000);
    const done = await watcher.output;
    expect(done.code, done.stderr).toBe(0);
    expect(lines(done.stdout)).toEqual([
      { subscribe: 'SUBSCRIBED' },
      ...['PENDING', 'PROCESSING', 'COMPLETED'].map((status, i) => ({
        event: i === 0 ? 'INSERT' : 'UPDATE',
        reference_id: mine.referenceId,
        session_id: mine.sessionId,
        source_type: 'INVOICE',
        status,
        updated_at: expect.any(String),
      })),
      { subscribe: 'CLOSED' },
    ]);
    stranger.child.kill();
    const seen = await stranger.output;
    expect(lines(seen.stdout)).toEqual([{ subscribe: 'SUBSCRIBED' }]);
  });

  it('gets CHANNEL_ERROR with Realtime’s reason for an expired key', async (ctx) => {
    if (!node) return ctx.skip();
    const c = await prepareCollection(client, token, 103);
    await sandbox.clock.advance((c.expiresIn + 30) * 1000);
    const { output } = snippet(c);
    const done = await output;
    expect(done.code, done.stderr).toBe(2);
    expect(lines(done.stdout)).toEqual([
      {
        subscribe: 'CHANNEL_ERROR',
        error: 'InvalidJWTToken: Token has expired 30 seconds ago',
      },
    ]);
  });
});
