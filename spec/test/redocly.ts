import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const specRoot = fileURLToPath(new URL('..', import.meta.url));

export interface LintResult {
  ok: boolean;
  /** Redocly's stylish report: one block per file, one `line:col  severity  rule  message` row per problem. */
  report: string;
}

/** Runs `redocly lint` on an entry file (by default the spec's own) and returns its report. */
export function lint(entry = 'openapi.yaml', cwd = specRoot): LintResult {
  const result = spawnSync('redocly', ['lint', entry, '--format=stylish'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_NO_WARNINGS: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const report = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => !/[║╔╚]/.test(line))
    .join('\n')
    .trim();
  return { ok: result.status === 0, report };
}
