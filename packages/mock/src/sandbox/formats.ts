/**
 * The string formats of the spec, as the generated validators (src/generated/validators.ts) check
 * them. Each accepts no more than Pydantic v2 does for the same field, and no more than the
 * format's RFC: where the two differ, the narrower one wins.
 */

/** RFC 4122 hyphenated form only (Pydantic also takes braces, `urn:uuid:` and 32 bare digits). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * RFC 3339 date-time with a time zone, read the way Pydantic (speedate) reads it: separator `T`,
 * `t`, space or `_`; seconds optional; no leap second; offset hours 00–23.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt _](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match
    .slice(1)
    .map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeapYear(year) ? 29 : (DAYS[month - 1] as number);
  return (
    day <= days &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Functions, not regular expressions: Ajv inlines a regular expression in generated code. */
export const formats = {
  uuid: isUuid,
  'date-time': isDateTime,
  password: true,
} as const;

/** Length in code points, as Python's `len(str)` counts (and Ajv's `ucs2length`). */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}
