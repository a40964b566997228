/** The harness runs in the README's test command, after every other suite (it installs and builds). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, workspaces } from '../src/workspace.js';

const turbo = JSON.parse(readFileSync(join(REPO_ROOT, 'turbo.json'), 'utf8'));
const ownTask = turbo.tasks['@dollr/docs-test#test'];

describe('wiring', () => {
  it('the root test command runs every suite to the end, this one included', () => {
    const [root] = workspaces();
    expect(root?.scripts.test).toMatch(/^turbo run test\b.*--continue/);
  });

  it('runs after every other test task, uncached', () => {
    const others = workspaces()
      .slice(1)
      .filter((ws) => ws.name !== '@dollr/docs-test')
      .flatMap((ws) =>
        Object.keys(ws.scripts)
          .filter((script) => script === 'test')
          .map((script) => `${ws.name}#${script}`),
      );
    expect(others.length).toBeGreaterThan(5);
    expect(ownTask.dependsOn).toEqual(expect.arrayContaining(others));
    expect(ownTask.cache).toBe(false);
  });

  it('lets through what npm needs to reach the registry, and CHROMIUM_PATH', () => {
    // turbo's strict env mode drops every variable it is not told of. Without NODE_EXTRA_CA_CERTS,
    // each npm call behind a TLS-inspecting proxy waits out its retries (about 70 s) and then falls
    // back to its cache: measured here, 72 s against 2 s for one `npm install -g`.
    expect(turbo.globalPassThroughEnv).toEqual(
      expect.arrayContaining([
        'NODE_EXTRA_CA_CERTS',
        'SSL_CERT_FILE',
        'HTTPS_PROXY',
        'https_proxy',
        'NO_PROXY',
        'CHROMIUM_PATH',
      ]),
    );
  });
});
