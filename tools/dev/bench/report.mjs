// One way for every benchmark here to say what it found: median, ratio to the baseline measured in
// the same run, and whether the target is met.
export const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? /** @type {number} */ (s[mid]) : (s[mid - 1] + s[mid]) / 2;
};

/**
 * @param {{ name: string, runs: number[], baseline: { name: string, runs: number[] }, targetMs: number, extra?: boolean, note?: string }} result
 * @returns {boolean} whether the target is met
 */
export function report({ name, runs, baseline, targetMs, extra = true, note }) {
  const m = median(runs);
  const b = median(baseline.runs);
  const met = m <= targetMs && extra;
  console.log(`${name}: median ${(m / 1000).toFixed(2)} s of ${runs.length} runs`);
  console.log(
    `  baseline (${baseline.name}): median ${(b / 1000).toFixed(2)} s of ${baseline.runs.length}; ratio ${(m / b).toFixed(3)}×`,
  );
  if (note) console.log(`  ${note}`);
  console.log(`  target ≤ ${(targetMs / 1000).toFixed(1)} s: ${met ? 'met' : 'MISSED'}`);
  return met;
}
