/** Durations of the control spec (`Duration`: `1500ms`, `90s`, `16m`, `2h`, `1d`) in milliseconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}
