// Packs a workspace package with pnpm exactly as `pnpm publish` would (workspace: and catalog:
// ranges replaced by versions), and reads the tarball back.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { pnpmCommand } from './paths.mjs';
import { readTarball } from './tarball.mjs';

/**
 * @param {string} dir the package directory
 * @param {string} destination where the .tgz goes
 */
export function packPackage(dir, destination) {
  const pnpm = pnpmCommand();
  const out = execFileSync(
    pnpm.file,
    [...pnpm.args, 'pack', '--pack-destination', destination, '--json'],
    {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false' },
    },
  );
  const report = JSON.parse(out.slice(out.indexOf('{')));
  const tarball = /** @type {string} */ (report.filename);
  const files = readTarball(tarball);
  const packed = files.get('package.json');
  if (!packed) throw new Error(`${tarball} has no package.json`);
  return {
    name: /** @type {string} */ (report.name),
    version: /** @type {string} */ (report.version),
    tarball,
    size: statSync(tarball).size,
    files,
    manifest: JSON.parse(packed.data.toString('utf8')),
  };
}
