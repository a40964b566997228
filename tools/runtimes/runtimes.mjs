// Where each pinned runtime's binary is: fetched once from the npm registry (`npx -y node@X`),
// then run directly, so a test's child processes (vitest's workers, Prism) run on it too.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const versions = JSON.parse(
  readFileSync(new URL('./versions.json', import.meta.url), 'utf8'),
);

/** How to ask each runtime for its binary's path and for its own version. */
const ASK = {
  node: { path: ['-p', 'process.execPath'], version: ['-p', 'process.versions.node'] },
  bun: {
    path: ['-e', 'console.log(process.execPath)'],
    version: ['-e', 'console.log(Bun.version)'],
  },
  deno: {
    path: ['eval', 'console.log(Deno.execPath())'],
    version: ['eval', 'console.log(Deno.version.deno)'],
  },
};

const reasonOf = (error) =>
  String(error.stderr || error.message)
    .trim()
    .split('\n')
    .slice(-3)
    .join(' ');

/** The binary of `name@version`; throws with the reason when it cannot be had. */
export function binaryOf(name, version) {
  if (name === 'node' && process.versions.node.split('.')[0] === version) return process.execPath;
  try {
    return execFileSync('npx', ['-y', `${name}@${version}`, ...ASK[name].path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    throw new Error(`cannot install ${name}@${version} from the npm registry: ${reasonOf(error)}`);
  }
}

/** What the binary says it is, as `name@version` (the client's runtime test checks the same). */
export function versionOf(name, binary) {
  const version = execFileSync(binary, ASK[name].version, { encoding: 'utf8' }).trim();
  return `${name}@${version}`;
}
