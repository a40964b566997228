// The publish step for real, against a registry on loopback: `changeset publish` (what
// `pnpm release` runs) uploads, for each package, the same tarball the package checks looked at —
// workspace: and catalog: ranges replaced. Nothing leaves 127.0.0.1: the registry and the
// credentials come from a throwaway npm user config, and no git tag is made.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkPackContents } from '../src/contents.mjs';
import { readTarball } from '../src/tarball.mjs';
import { listPublishablePackages } from '../src/workspace.mjs';
import { REPO_ROOT, tempDir } from './helpers.js';

type Upload = {
  name: string;
  versions: Record<string, { version: string }>;
  _attachments: Record<string, { data: string }>;
};

const uploads: Upload[] = [];
const requests: string[] = [];
let server: Server;
let registry = '';
const tmp = tempDir('dollr-publish-');

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      if (req.method === 'PUT') {
        uploads.push(JSON.parse(body));
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  tmp.cleanup();
});

it('changeset publish uploads every publishable package, as packed and checked', async () => {
  const userconfig = join(tmp.dir, 'npmrc');
  const host = registry.replace(/^http:/, '');
  writeFileSync(userconfig, `registry=${registry}\n${host}:_authToken=loopback-only\n`);
  const env = {
    ...process.env,
    PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    npm_config_registry: registry,
    npm_config_userconfig: userconfig,
  };
  const changeset = join(REPO_ROOT, 'node_modules', '.bin', 'changeset');
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      changeset,
      ['publish', '--no-git-tag'],
      { cwd: REPO_ROOT, env, timeout: 300_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
  expect(code, output).toBe(0);
  expect(requests.every((r) => !r.includes('registry.npmjs.org'))).toBe(true);

  const expected = listPublishablePackages();
  expect(uploads.map((u) => u.name).sort()).toEqual(expected.map((p) => p.name).sort());
  for (const pkg of expected) {
    const upload = uploads.find((u) => u.name === pkg.name);
    expect(Object.keys(upload?.versions ?? {})).toEqual([pkg.version]);
    const [attachment] = Object.values(upload?._attachments ?? {});
    const tarball = join(tmp.dir, `${pkg.name.replace('/', '-')}.tgz`);
    writeFileSync(tarball, Buffer.from(attachment?.data ?? '', 'base64'));
    const files = readTarball(tarball);
    const manifest = JSON.parse(files.get('package.json')?.data.toString() ?? '{}');
    expect(manifest.version).toBe(pkg.version);
    expect(checkPackContents({ manifest, files }).problems, pkg.name).toEqual([]);
  }
}, 300_000);
