/**
 * The detail Pydantic puts in `ctx.error` when a UUID or a datetime string does not parse: the
 * words of the `uuid` crate and of `speedate`, for the common failures.
 */

const GROUPS = [8, 4, 4, 4, 12];
const HEX = /^[0-9a-fA-F]$/;

/** The `uuid` crate's error for a string that is not a hyphenated UUID. */
export function describeUuidError(value: string): string {
  const chars = [...value];
  if (chars.length === 32 && chars.every((c) => HEX.test(c))) {
    return 'the sandbox accepts the hyphenated form only';
  }
  let hyphens = 0;
  for (const [index, c] of chars.entries()) {
    if (c === '-') hyphens++;
    else if (!HEX.test(c)) return `invalid character: found \`${c}\` at ${index + 1}`;
  }
  if (hyphens === 0) {
    return `invalid length: expected length 32 for simple format, found ${chars.length}`;
  }
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  const groups = value.split('-');
  for (const [group, expected] of GROUPS.entries()) {
    const found = groups[group]?.length ?? 0;
    if (found !== expected) {
      return `invalid group length in group ${group}: expected ${expected}, found ${found}`;
    }
  }
  return 'invalid UUID';
}

/** Date and time Pydantic reads but without a time zone: `timezone_aware` rather than parsing. */
const NAIVE = /^\d{4}-\d{2}-\d{2}(?:[Tt _]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/** speedate's reason for refusing a datetime string: the date's fields, then anything after. */
export function describeDateTimeError(value: string): { naive: boolean; error: string } {
  if (value.length < 10) return { naive: false, error: 'input is too short' };
  const fields: Array<[RegExp, string]> = [
    [/^\d{4}/, 'invalid character in year'],
    [/^.{4}-/, 'invalid date separator, expected `-`'],
    [/^.{5}\d{2}/, 'invalid character in month'],
    [/^.{7}-/, 'invalid date separator, expected `-`'],
    [/^.{8}\d{2}/, 'invalid character in day'],
  ];
  const failed = fields.find(([pattern]) => !pattern.test(value));
  if (failed) return { naive: false, error: failed[1] };
  const [year, month, day] = [value.slice(0, 4), value.slice(5, 7), value.slice(8, 10)].map(Number);
  if (!month || month > 12) {
    return { naive: false, error: 'month value is outside expected range of 1-12' };
  }
  const days = new Date(Date.UTC(year as number, month, 0)).getUTCDate();
  if (!day || day > days) return { naive: false, error: 'day value is outside expected range' };
  if (NAIVE.test(value)) return { naive: true, error: '' };
  return { naive: false, error: 'unexpected extra characters at the end of the input' };
}

/** speedate's reason for refusing a number as a Unix time (seconds, or milliseconds past 2e10). */
export function describeTimestampError(value: number): string | undefined {
  if (value >= 253_402_300_800_000 || value === Number.POSITIVE_INFINITY) {
    return 'dates after 9999 are not supported as unix timestamps';
  }
  if (value < -62_167_219_200_000) return 'dates before 0000 are not supported as unix timestamps';
  if (value < -62_135_596_800_000) return 'year 0 is out of range';
  return undefined;
}

/** Python's `json` module's words for what JavaScript's JSON.parse refused, and where. */
export function describeJsonError(
  text: string,
  error: unknown,
): { position: number; error: string } {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  const token = /Unexpected token '(.)'/.exec(message);
  const position = at ? Number(at[1]) : token ? text.indexOf(token[1] as string) : text.length;
  const words: Array<[RegExp, string]> = [
    [/non-whitespace character after JSON/, 'Extra data'],
    [/property name/, 'Expecting property name enclosed in double quotes'],
    [/Expected ',' or/, "Expecting ',' delimiter"],
    [/Expected ':'/, "Expecting ':' delimiter"],
    [/Unterminated string/, 'Unterminated string starting at'],
    [/control character/, 'Invalid control character at'],
    [/escape/i, 'Invalid \\escape'],
  ];
  return {
    position,
    error: words.find(([pattern]) => pattern.test(message))?.[1] ?? 'Expecting value',
  };
}
