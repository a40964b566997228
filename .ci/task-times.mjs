// Each turbo task's share of the README's test command, read from turbo's run summary
// (`turbo run test --summarize` writes .turbo/runs/<id>.json): when each task started and ended,
// from the start of the run, and its duration; then each workspace's total.
//
//   node .ci/task-times.mjs [summary.json]     (default: the newest in .turbo/runs)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** @param {any} summary a turbo run summary */
export function taskTimes(summary) {
  const start = summary.execution.startTime;
  const wall = summary.execution.endTime - start;
  const tasks = summary.tasks
    .map((task) => ({
      id: task.taskId,
      workspace: task.package,
      from: task.execution.startTime - start,
      to: task.execution.endTime - start,
      cached: task.cache?.status === 'HIT',
    }))
    .sort((a, b) => a.from - b.from);
  const byWorkspace = new Map();
  for (const task of tasks) {
    byWorkspace.set(task.workspace, (byWorkspace.get(task.workspace) ?? 0) + task.to - task.from);
  }
  const width = Math.max(...tasks.map((task) => task.id.length));
  return [
    `turbo tasks (${seconds(wall)} from the first task's start to the last one's end):`,
    ...tasks.map(
      (t) =>
        `  ${t.id.padEnd(width)}  ${seconds(t.from).padStart(8)} → ${seconds(t.to).padStart(8)}  ${seconds(t.to - t.from).padStart(8)}${t.cached ? '  (cache hit)' : ''}`,
    ),
    'each workspace, its tasks added up (they overlap: 2 cores run several at once):',
    ...[...byWorkspace]
      .sort((a, b) => b[1] - a[1])
      .map(([workspace, ms]) => `  ${workspace.padEnd(width)}  ${seconds(ms).padStart(8)}`),
  ].join('\n');
}

/** The newest run summary under `dir`, or undefined. */
export function newestSummary(dir = '.turbo/runs') {
  let files;
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return undefined;
  }
  const newest = files
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  return newest && JSON.parse(readFileSync(newest, 'utf8'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  const summary = file ? JSON.parse(readFileSync(file, 'utf8')) : newestSummary();
  console.log(summary ? taskTimes(summary) : 'turbo tasks: no run summary (.turbo/runs) to read');
}
