// Runs Optic (`optic diff <base> <head> --check`) with its breaking-changes ruleset and reads the result.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeNullableUnions } from './normalize.mjs';
import { bin, OPTIC_STANDARD_FILE } from './paths.mjs';
import { run } from './run.mjs';

/** Optic must never phone home, wait for an update check, or colour its output. */
export const OPTIC_ENV = {
  OPTIC_TELEMETRY_LEVEL: 'off',
  NO_UPDATE_NOTIFIER: '1',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};

const OPERATION_LINE = /^[x✔] ((?:GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) \S+):/;
const FAILURE_LINE = /^\s+x \[(.+?)\] (.+)$/;
// "Operations: No operations changed", "Operations: 2 operations changed",
// "Operations: 1 operation added, 1 changed, 1 removed"
const SUMMARY_LINE = /^Operations: (.*)$/m;

/**
 * Reads Optic's report: the failed checks (each under the operation it was found in) and how many
 * operations changed. (`--json` carries the diff but not the check results, so the text is read.)
 * @param {string} output
 */
export function parseOpticOutput(output) {
  /** @type {Array<{ operation: string, rule: string, message: string }>} */
  const breaking = [];
  let operation = '(specification)';
  for (const line of output.split(/\r?\n/)) {
    const op = OPERATION_LINE.exec(line);
    if (op?.[1]) operation = op[1];
    const failure = FAILURE_LINE.exec(line);
    if (failure?.[1] && failure[2])
      breaking.push({ operation, rule: failure[1], message: failure[2] });
  }
  const summary = SUMMARY_LINE.exec(output)?.[1];
  const counts = [...(summary ?? '').matchAll(/(\d+) (?:operations? )?(?:added|changed|removed)/g)];
  const operationsChanged =
    summary === undefined ? undefined : counts.reduce((sum, m) => sum + Number(m[1]), 0);
  return { breaking, operationsChanged };
}

/**
 * Diffs two OpenAPI documents (objects) with Optic and returns the breaking changes it finds.
 * Both sides are normalized the same way first (see normalize.mjs).
 * @param {any} base the last released spec
 * @param {any} head the spec about to be released
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<{ breaking: Array<{ operation: string, rule: string, message: string }>, operationsChanged: number, output: string }>}
 */
export async function opticDiff(base, head, { timeoutMs = 120_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dollr-optic-'));
  try {
    writeFileSync(join(dir, 'base.json'), JSON.stringify(normalizeNullableUnions(base), null, 2));
    writeFileSync(join(dir, 'head.json'), JSON.stringify(normalizeNullableUnions(head), null, 2));
    writeFileSync(join(dir, 'standard.yml'), readFileSync(OPTIC_STANDARD_FILE));
    const args = ['diff', 'base.json', 'head.json', '--check', '--standard', './standard.yml'];
    const env = { ...process.env, ...OPTIC_ENV };
    const { code, stdout, stderr } = await run(bin('optic'), args, { cwd: dir, timeoutMs, env });
    const output = `${stdout}${stderr}`;
    const { breaking, operationsChanged } = parseOpticOutput(output);
    if (operationsChanged === undefined || (code !== 0 && breaking.length === 0)) {
      throw new Error(`optic diff failed (exit ${code}) without a readable report:\n${output}`);
    }
    if (code === 0 && breaking.length > 0) {
      throw new Error(`optic diff passed but reported failed checks:\n${output}`);
    }
    return { breaking, operationsChanged, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
