/**
 * The one duration parser of the CLI: `500ms`, `90s`, `15m`, `2h`, `1d`, compounds such as
 * `1h30m`, and ISO 8601 durations such as `PT15M` or `P1DT2H`. Returns milliseconds, or an
 * explanation of what is wrong (the caller decides how to report it).
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const SHORT = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const SHORT_PART = /(\d+)(ms|s|m|h|d|w)/g;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

export const DURATION_HINT = 'expected a duration such as 90s, 15m, 2h, 1h30m or PT15M.';

function fromShort(text: string): number | undefined {
  if (!SHORT.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(SHORT_PART)) {
    ms += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  return ms;
}

function fromIso(text: string): number | undefined {
  const match = ISO.exec(text.toUpperCase());
  if (!match || text.length < 3 || /T$/i.test(text)) return undefined;
  const [w = 0, d = 0, h = 0, m = 0, s = 0] = match.slice(1).map((part) => Number(part ?? 0));
  return w * 604_800_000 + d * 86_400_000 + h * 3_600_000 + m * 60_000 + s * 1_000;
}

/** Milliseconds of a positive duration, or an Error saying what was expected. */
export function durationMs(value: string): number | Error {
  const text = value.trim();
  const ms = /^p/i.test(text) ? fromIso(text) : fromShort(text);
  if (ms === undefined) return new Error(DURATION_HINT);
  if (!(ms > 0)) return new Error('the duration must be longer than zero.');
  if (!Number.isSafeInteger(Math.round(ms))) return new Error('the duration is too long.');
  return Math.round(ms);
}

/** Milliseconds as the shortest readable text: 90000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.abs(ms);
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit] as number;
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return `${ms < 0 ? '-' : ''}${parts.join('')}`;
}
