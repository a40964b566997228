// The repository-wide benchmarks, in a fresh clone of HEAD installed from the warm pnpm store:
//   - a second `pnpm build` with nothing changed: a full turbo cache hit, ≤ 2 s
//     (baseline: the first build in the same clone);
//   - the spec edit loop: a one-line schema edit, then `pnpm spec:check`, ≤ 10 s
//     (baseline: the loop it replaces, `pnpm --filter @dollr/spec test && pnpm build`).
// BENCH_RUNS sets the number of timed runs of each (default 3); medians are reported.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshClone } from './clone.mjs';
import { report } from './report.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** @param {ReturnType<typeof freshClone>['run']} run @param {string} command @param {string[]} args */
function must(run, command, args) {
  const result = run(command, args);
  if (!result.ok) throw new Error(`${command} ${args.join(' ')} failed:\n${result.output}`);
  return result;
}

/** @param {ReturnType<typeof freshClone>} clone */
function secondBuild({ run }) {
  const first = must(run, 'pnpm', ['build']);
  const runs = [];
  let hits = true;
  let summary = '';
  for (let i = 0; i < RUNS; i++) {
    const result = must(run, 'pnpm', ['build']);
    runs.push(result);
    const [, cached, total] = /Cached:\s+(\d+) cached, (\d+) total/.exec(result.output) ?? [];
    const turboTime = /Time:\s+(\S+)/.exec(result.output)?.[1];
    summary = `turbo: ${cached}/${total} tasks from the cache, ${turboTime} by its own clock`;
    hits &&= cached !== undefined && cached === total;
  }
  return report({
    name: 'second `pnpm build`, nothing changed',
    runs,
    baseline: { name: 'the first build of the clone', runs: [first] },
    targetMs: 2000,
    extra: hits,
    note: `${summary}${hits ? ' (full hit every run)' : ' — NOT a full cache hit'}`,
  });
}

/**
 * A one-line edit of a schema that reaches the bundle and the generated types: the first one-line
 * `description:` of the first schema file that has one gets a different suffix each time.
 * @param {string} dir
 */
function schemaEditor(dir) {
  const schemas = join(dir, 'spec', 'components', 'schemas');
  const ONE_LINE = /^description: ([^|>].*)$/m;
  const file = readdirSync(schemas)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(schemas, f))
    .find((f) => ONE_LINE.test(readFileSync(f, 'utf8')));
  if (!file) throw new Error(`no schema in ${schemas} has a one-line description to edit`);
  const original = readFileSync(file, 'utf8');
  let n = 0;
  return {
    file,
    edit: () => writeFileSync(file, original.replace(ONE_LINE, `description: $1 Edit ${++n}.`)),
    restore: () => writeFileSync(file, original),
  };
}

/** @param {ReturnType<typeof freshClone>} clone */
function specLoop({ dir, run }) {
  const schema = schemaEditor(dir);
  try {
    schema.edit();
    const cold = must(run, 'pnpm', ['spec:check']);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      schema.edit();
      runs.push(must(run, 'pnpm', ['spec:check']));
    }
    schema.edit();
    const test = must(run, 'pnpm', ['--filter', '@dollr/spec', 'test']);
    const build = must(run, 'pnpm', ['build']);
    const baseline = { ms: test.ms + build.ms, cpuMs: (test.cpuMs ?? NaN) + (build.cpuMs ?? NaN) };
    return report({
      name: `spec edit loop (${schema.file.slice(dir.length + 1)}, one line) → \`pnpm spec:check\``,
      runs,
      baseline: { name: '`pnpm --filter @dollr/spec test && pnpm build`', runs: [baseline] },
      targetMs: 10_000,
      note: `first check after the install (TypeScript's incremental state cold): ${(cold.ms / 1000).toFixed(2)} s wall`,
    });
  } finally {
    schema.restore();
  }
}

const clone = freshClone();
try {
  // A missed target is reported, not an error: the other benchmarks still run.
  secondBuild(clone);
  specLoop(clone);
} finally {
  clone.cleanup();
}
