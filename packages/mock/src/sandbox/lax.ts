/**
 * Pydantic v2 lax mode for query and path parameters, which arrive as strings: the parsers
 * pydantic-core applies to a `str` input for `int`, `float` and `bool` fields. Each answers the
 * parsed value or Pydantic's error (`type`, `msg`), never something Pydantic would refuse.
 */

export type LaxResult =
  | { ok: true; value: unknown }
  | { ok: false; type: string; msg: string; ctx?: Record<string, unknown> };

/** Unicode White_Space, which Rust's `str::trim` strips (not JavaScript's `trim`: no U+FEFF). */
const SPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');

/** Decimal digits (ASCII only), single underscores between them, and a `.0…` tail. */
const INTEGER = /^[+-]?\d+(?:_\d+)*(?:\.0+)?$/;
/** Rust's float grammar (after underscores inside the number are dropped), or inf/infinity/nan. */
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf|infinity|nan)$/i;

const TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

export function trimPython(value: string): string {
  return value.replace(TRIM, '');
}

export function laxInt(raw: string): LaxResult {
  const text = trimPython(raw);
  if (!INTEGER.test(text)) {
    return {
      ok: false,
      type: 'int_parsing',
      msg: 'Input should be a valid integer, unable to parse string as an integer',
    };
  }
  const digits = text.replace(/_/g, '').replace(/\.0+$/, '');
  return { ok: true, value: Number(digits) };
}

export function laxFloat(raw: string): LaxResult {
  const text = trimPython(raw);
  const plain = text.replace(/(?<=.)_(?=.)/g, '').toLowerCase();
  if (!FLOAT.test(plain)) {
    return {
      ok: false,
      type: 'float_parsing',
      msg: 'Input should be a valid number, unable to parse string as a number',
    };
  }
  const sign = plain.startsWith('-') ? -1 : 1;
  const word = plain.replace(/^[+-]/, '');
  if (word === 'inf' || word === 'infinity') return { ok: true, value: sign * Infinity };
  if (word === 'nan') return { ok: true, value: Number.NaN };
  return { ok: true, value: Number(plain) };
}

export function laxBool(raw: string): LaxResult {
  const text = raw.toLowerCase();
  if (TRUE.has(text)) return { ok: true, value: true };
  if (FALSE.has(text)) return { ok: true, value: false };
  return {
    ok: false,
    type: 'bool_parsing',
    msg: 'Input should be a valid boolean, unable to interpret input',
  };
}

/** What a parameter's schema asks of its string, in Pydantic's terms. */
export type LaxKind = 'int' | 'float' | 'bool' | 'str';

export function laxParse(kind: LaxKind, raw: string): LaxResult {
  switch (kind) {
    case 'int':
      return laxInt(raw);
    case 'float':
      return laxFloat(raw);
    case 'bool':
      return laxBool(raw);
    default:
      return { ok: true, value: raw };
  }
}
