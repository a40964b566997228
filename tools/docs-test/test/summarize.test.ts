/** .ci/summarize.mjs on logs of the README's test command: no failure goes uncounted. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../.ci/summarize.mjs';
import { taskTimes } from '../../../.ci/task-times.mjs';
import { REPO_ROOT } from '../src/workspace.js';

const log = (name: string) => readFileSync(join(REPO_ROOT, '.ci', 'fixtures', name), 'utf8');

describe('summarize', () => {
  it('a passing run: every test counted, 0 failed', () => {
    const result = summarize(log('passing.log'), 0);
    expect(result.line).toBe('tests: 228 passed, 0 failed, 2 skipped');
    expect(result.reasons).toEqual([]);
  });

  it('a test file failing outside a test (no Chromium) and the tasks turbo stopped', () => {
    const result = summarize(log('aborted.log'), 1);
    expect(result.line).toBe('tests: 78 passed, 5 failed, 5 skipped');
    expect(result.reasons).toEqual([
      '1 test file(s) failed outside a test',
      '4 turbo task(s) did not run',
    ]);
  });

  it('with --continue: failed tests and a failed suite, each counted once', () => {
    const result = summarize(log('continue.log'), 1);
    expect(result.line).toBe('tests: 176 passed, 3 failed, 5 skipped');
    expect(result.reasons).toEqual(['2 failed test(s)', '1 test file(s) failed outside a test']);
  });

  it('a failed build: the task, and the tests that never ran', () => {
    const result = summarize(log('build-failed.log'), 1);
    expect(result.failed).toBe(9);
    expect(result.reasons).toEqual([
      'task(s) failed outside tests: @dollr/client#build',
      '8 turbo task(s) did not run',
    ]);
  });

  it('an unhandled error with every test passing', () => {
    expect(summarize(log('unhandled-error.log'), 1).line).toBe('tests: 150 passed, 1 failed');
  });

  it('a non-zero exit with nothing else in the log still counts as a failure', () => {
    expect(summarize('npm error code ENOTFOUND\n', 1).line).toBe('tests: 0 passed, 1 failed');
    expect(summarize(log('passing.log'), 1).reasons).toEqual(['the command exited with 1']);
  });
});

describe('taskTimes', () => {
  const summary = JSON.parse(log('turbo-run-summary.json'));

  it('gives each task its start, end and duration from the start of the run, in start order', () => {
    const lines = taskTimes(summary).split('\n');
    expect(lines[0]).toBe(
      "turbo tasks (434.4 s from the first task's start to the last one's end):",
    );
    expect(lines[1]).toMatch(/^ {2}@dollr\/spec#bundle +0\.1 s → +7\.3 s +7\.2 s$/);
    expect(lines.at(13)).toMatch(/^ {2}@dollr\/docs-test#test +327\.7 s → +434\.4 s +106\.7 s$/);
  });

  it("adds up each workspace's tasks, the largest first", () => {
    const lines = taskTimes(summary).split('\n');
    const workspaces = lines.slice(lines.findIndex((l) => l.startsWith('each workspace')) + 1);
    expect(workspaces[0]).toMatch(/^ {2}@dollr\/cli +287\.7 s$/);
    expect(workspaces).toHaveLength(7);
  });
});
