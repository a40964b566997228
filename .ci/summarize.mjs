// Reads the log of the README's test command and prints one closing line:
//   tests: N passed, M failed[, K skipped]
// M counts every failure the log shows, not only failed tests: test files that failed outside a
// test (an error in beforeAll, an import that throws: vitest's "Failed Suites"), unhandled errors,
// turbo tasks that failed without a failed test (a build, a crash) or never ran, and a non-zero
// exit status with nothing else to show for it. A line before it names what failed.
//
//   node .ci/summarize.mjs <log> [exit status]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

/** turbo prefixes each task's lines with `<package>:<task>: `. */
const TASK_PREFIX = /^(@?[\w./-]+:[\w:.-]+): (.*)$/;
const count = (text, word) => Number(new RegExp(`(\\d+) ${word}`).exec(text)?.[1] ?? 0);

/** @param {string} log @param {number} [exitStatus] */
export function summarize(log, exitStatus = 0) {
  const totals = { passed: 0, failedTests: 0, skipped: 0, failedSuites: 0, errors: 0 };
  /** Tasks (`pkg:task`, or '' outside turbo) whose vitest run reported a failure. */
  const failingRuns = new Set();
  let turbo;
  for (const raw of stripVTControlCharacters(log).split('\n')) {
    const prefixed = TASK_PREFIX.exec(raw);
    const task = prefixed ? prefixed[1] : '';
    const line = prefixed ? prefixed[2] : raw;
    const tests = /^\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line);
    const suites = /Failed Suites (\d+)/.exec(line);
    const errors = /^\s*Errors\s+(\d+) errors?\b/.exec(line);
    const files = /^\s*Test Files\s+(.*)\(\d+\)\s*$/.exec(line);
    const tasks = /^\s*Tasks:\s+(\d+) successful, (\d+) total/.exec(raw);
    const failedTasks = /^\s*Failed:\s+(.+)$/.exec(raw);
    if (tests) {
      totals.passed += count(tests[1], 'passed');
      totals.skipped += count(tests[1], 'skipped');
      totals.failedTests += count(tests[1], 'failed');
      if (count(tests[1], 'failed')) failingRuns.add(task);
    } else if (suites) {
      totals.failedSuites += Number(suites[1]);
      failingRuns.add(task);
    } else if (errors) {
      totals.errors += Number(errors[1]);
      failingRuns.add(task);
    } else if (files) {
      if (count(files[1], 'failed')) failingRuns.add(task);
    } else if (tasks) {
      turbo = { successful: Number(tasks[1]), total: Number(tasks[2]), failed: [] };
    } else if (turbo && failedTasks) {
      const names = failedTasks[1].split(',').map((name) => name.trim());
      turbo.failed.push(...names.filter(Boolean));
    }
  }

  const reasons = [];
  if (totals.failedTests) reasons.push(`${totals.failedTests} failed test(s)`);
  if (totals.failedSuites)
    reasons.push(`${totals.failedSuites} test file(s) failed outside a test`);
  if (totals.errors) reasons.push(`${totals.errors} unhandled error(s)`);
  let failed = totals.failedTests + totals.failedSuites + totals.errors;
  if (turbo) {
    // turbo names a task `pkg#task` in its summary and `pkg:task` in its prefixes.
    const outsideTests = turbo.failed.filter((name) => !failingRuns.has(name.replace('#', ':')));
    const notRun = Math.max(0, turbo.total - turbo.successful - turbo.failed.length);
    if (outsideTests.length)
      reasons.push(`task(s) failed outside tests: ${outsideTests.join(', ')}`);
    if (notRun) reasons.push(`${notRun} turbo task(s) did not run`);
    failed += outsideTests.length + notRun;
  }
  if (exitStatus !== 0 && failed === 0) {
    reasons.push(`the command exited with ${exitStatus}`);
    failed = 1;
  }
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  return {
    passed: totals.passed,
    failed,
    skipped: totals.skipped,
    reasons,
    line: `tests: ${totals.passed} passed, ${failed} failed${skipped}`,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = summarize(readFileSync(process.argv[2], 'utf8'), Number(process.argv[3] ?? 0));
  if (result.reasons.length) console.log(`failures: ${result.reasons.join('; ')}`);
  console.log(result.line);
}
