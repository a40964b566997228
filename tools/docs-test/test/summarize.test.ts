/** .ci/summarize.mjs on logs of the README's test command: no failure goes uncounted. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../.ci/summarize.mjs';
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
