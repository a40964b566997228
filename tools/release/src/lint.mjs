// publint and arethetypeswrong on a packed tarball.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { bin } from './paths.mjs';

/**
 * publint on exactly the files of the tarball. Errors and warnings are problems; suggestions are notes.
 * @param {string} tarball
 */
export async function runPublint(tarball) {
  const buffer = readFileSync(tarball);
  const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: arrayBuffer }, level: 'suggestion' });
  const format = (/** @type {import('publint').Message} */ m) =>
    `${m.code}: ${formatMessage(m, pkg, { color: false }) ?? m.path.join('.')}`;
  return {
    problems: messages.filter((m) => m.type !== 'suggestion').map(format),
    suggestions: messages.filter((m) => m.type === 'suggestion').map(format),
  };
}

/** The resolution modes the esm-only profile ignores (no require(), no node10 resolution). */
const IGNORED_BY_ESM_ONLY = new Set(['node10', 'node16-cjs']);

/**
 * Whether arethetypeswrong has anything to check: a JavaScript entry point (exports, main or types).
 * A package with only a bin (the CLI) or only data files (the spec) has no types to get wrong.
 * @param {any} manifest
 */
export function attwApplies(manifest) {
  const serialized = JSON.stringify([
    manifest.exports ?? null,
    manifest.main ?? null,
    manifest.types ?? null,
  ]);
  return /\.(c|m)?js"|\.d\.(c|m)?ts"/.test(serialized);
}

/**
 * The subpaths of `exports` that lead straight to a data file (`./openapi.yaml`, `./docs.html`):
 * no module to type there, so attw leaves them out.
 * @param {any} manifest
 * @returns {string[]}
 */
export function dataEntrypoints(manifest) {
  const exportsField = manifest?.exports;
  if (!exportsField || typeof exportsField !== 'object') return [];
  return Object.entries(exportsField)
    .filter(([key, target]) => key.startsWith('.') && typeof target === 'string')
    .filter(([, target]) => !/\.(c|m)?js$/.test(/** @type {string} */ (target)))
    .map(([key]) => key);
}

/**
 * arethetypeswrong (`attw --profile esm-only`) on the tarball: the packed files, not the work tree.
 * @param {string} tarball
 * @param {any} [manifest] its package.json: data-file subpaths are left out
 * @returns {Promise<{ ok: boolean, problems: string[] }>}
 */
export function runAttw(tarball, manifest) {
  const excluded = dataEntrypoints(manifest);
  return new Promise((resolve, reject) => {
    execFile(
      bin('attw'),
      [
        tarball,
        '--profile',
        'esm-only',
        '--format',
        'json',
        ...(excluded.length > 0 ? ['--exclude-entrypoints', ...excluded] : []),
      ],
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        let report;
        try {
          report = JSON.parse(stdout);
        } catch {
          reject(new Error(`attw failed: ${stderr || stdout || error?.message}`));
          return;
        }
        /** @type {string[]} */
        const problems = [];
        for (const list of Object.values(report.problems ?? {})) {
          for (const p of /** @type {any[]} */ (list)) {
            if (p.resolutionKind && IGNORED_BY_ESM_ONLY.has(p.resolutionKind)) continue;
            problems.push(
              `${p.kind}${p.entrypoint ? ` at "${p.entrypoint}"` : ''}${p.resolutionKind ? ` (${p.resolutionKind})` : ''}`,
            );
          }
        }
        const exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        if (exitCode !== 0 && problems.length === 0) problems.push(`attw exited with ${exitCode}`);
        resolve({ ok: exitCode === 0 && problems.length === 0, problems });
      },
    );
  });
}
