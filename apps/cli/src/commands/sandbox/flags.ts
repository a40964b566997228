import { InvalidArgumentError } from 'commander';
import { durationMs } from '../../duration.js';

/**
 * Validators of `dollr sandbox` flags. Shapes are checked here (nothing is sent on a typo); the
 * spec's values (statuses, fault kinds, clock modes) are checked by the sandbox, whose 422 names
 * every allowed value, so that no list of them is written here by hand.
 */

const API_UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/** Milliseconds as the control API's Duration (`90s`, `16m`): the largest unit that divides. */
export function apiDuration(ms: number): string {
  const [unit, size] = API_UNITS.find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / size}${unit}`;
}

/** A duration flag (`90s`, `1h30m`, `PT15M`), sent as the control API's Duration. */
export function parseDurationFlag(value: string): string {
  const ms = durationMs(value);
  if (ms instanceof Error) throw new InvalidArgumentError(ms.message);
  return apiDuration(ms);
}

/** An ISO 8601 date-time with a time zone; returned in UTC. */
export function parseDateTime(value: string): string {
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    throw new InvalidArgumentError(
      'expected an ISO 8601 date-time with a time zone, such as 2030-01-31T12:00:00Z.',
    );
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new InvalidArgumentError('not a valid date-time.');
  return new Date(time).toISOString();
}

/** A whole number from 1 up (counts of matches or executions). */
export function parseCount(value: string): number {
  const text = value.trim();
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || !Number.isSafeInteger(count)) {
    throw new InvalidArgumentError('expected a whole number from 1 up, such as 3.');
  }
  return count;
}

/** A whole number from 0 up (seconds, ids to start after). */
export function parseWhole(value: string): number {
  const text = value.trim();
  const number = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(number)) {
    throw new InvalidArgumentError('expected a whole number from 0 up, such as 3.');
  }
  return number;
}

/** A probability from 0 to 1 (`0.25`), or a percentage (`25%`). */
export function parseProbability(value: string): number {
  const text = value.trim();
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
  const probability = match ? Number(match[1]) / (match[2] ? 100 : 1) : Number.NaN;
  if (!(probability >= 0 && probability <= 1)) {
    throw new InvalidArgumentError(
      'expected a probability from 0 to 1 (0.25) or a percentage (25%).',
    );
  }
  return probability;
}

/** A money amount from 0 up, such as a wallet balance. */
export function parseBalance(value: string): number {
  const text = value.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text)) {
    throw new InvalidArgumentError(
      'expected an amount from 0 in major units, such as 250 or 9.99.',
    );
  }
  return Number(text);
}

/** A word of the spec's vocabulary (status, fault kind, fee bearer), upper-cased. */
export function parseConstant(value: string): string {
  const text = value.trim().toUpperCase().replace(/-/g, '_');
  if (!/^[A-Z][A-Z0-9_]*$/.test(text)) {
    throw new InvalidArgumentError('expected a word such as FAILED or ERROR_AFTER_EFFECT.');
  }
  return text;
}

/** A word of the spec's lower-case vocabulary (clock modes), lower-cased. */
export function parseLowerConstant(value: string): string {
  return parseConstant(value).toLowerCase();
}

/** An id the control API takes as a string (tenants, fault rules). */
export function parseToken(value: string): string {
  const text = value.trim();
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(text)) {
    throw new InvalidArgumentError('expected an id such as tn_3f6c1d2e8a4b or ft_1.');
  }
  return text;
}
