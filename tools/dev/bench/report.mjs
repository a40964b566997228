// One way for every benchmark here to say what it found: medians (wall time, and the CPU time of
// the processes it ran, which hardly depends on the machine's load), the ratio to the baseline
// measured in the same run, and whether the target is met.
export const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const at = (/** @type {number} */ i) => /** @type {number} */ (s[i]);
  return s.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};

/** @typedef {{ ms: number, cpuMs?: number | undefined }} Run */

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;

/** @param {Run[]} runs */
function medians(runs) {
  const wall = median(runs.map((r) => r.ms));
  const cpus = runs.map((r) => r.cpuMs).filter((c) => c !== undefined);
  const cpu = cpus.length === runs.length ? median(cpus) : undefined;
  return {
    wall,
    cpu,
    text: `${seconds(wall)} wall${cpu === undefined ? '' : `, ${seconds(cpu)} CPU`}`,
  };
}

/**
 * @param {{ name: string, runs: Run[], baseline: { name: string, runs: Run[] }, targetMs: number, extra?: boolean, note?: string }} result
 * @returns {boolean} whether the target (on the median wall time) is met
 */
export function report({ name, runs, baseline, targetMs, extra = true, note }) {
  const m = medians(runs);
  const b = medians(baseline.runs);
  const met = m.wall <= targetMs && extra;
  console.log(`${name}: median of ${runs.length} runs ${m.text}`);
  const cpuRatio = m.cpu !== undefined && b.cpu ? `, ${(m.cpu / b.cpu).toFixed(3)}× CPU` : '';
  console.log(
    `  baseline, ${baseline.name}: ${b.text} (${baseline.runs.length} run); ratio ${(m.wall / b.wall).toFixed(3)}× wall${cpuRatio}`,
  );
  if (note) console.log(`  ${note}`);
  console.log(`  target ≤ ${seconds(targetMs)} wall: ${met ? 'met' : 'MISSED'}`);
  return met;
}
