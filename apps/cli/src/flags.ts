import {
  CHECKOUT_SOURCE_TYPES,
  type CheckoutSourceType,
  INPUT_LIMITS,
  SOURCE_TYPES,
  type SourceType,
} from '@dollr/spec/vocabulary';
import { InvalidArgumentError } from 'commander';
import { durationMs } from './duration.js';

/**
 * Validators for option and argument values. Each takes the raw string and returns the parsed
 * value or throws InvalidArgumentError, which commander turns into a usage error naming the flag
 * (exit 2), before any request.
 */

// The limits are the spec's (INPUT_LIMITS): the demo checks its forms against the same ones.
const UUID_V4 = new RegExp(INPUT_LIMITS.referenceIdPattern, 'i');
const { currencyLength, minAmount, phoneDigits } = INPUT_LIMITS;
const CURRENCY = new RegExp(`^[A-Z]{${currencyLength}}$`);
const PHONE = new RegExp(`^\\d{${phoneDigits.min},${phoneDigits.max}}$`);

export function parseCurrency(value: string): string {
  const code = value.trim().toUpperCase();
  if (!CURRENCY.test(code)) {
    throw new InvalidArgumentError(
      `expected a ${currencyLength}-letter ISO 4217 currency code such as USD.`,
    );
  }
  return code;
}

/** A positive integer id (sources, accounts, wallets, sessions). */
export function parseId(value: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('expected a numeric id such as 101.');
  const id = Number(text);
  if (id < 1 || !Number.isSafeInteger(id)) {
    throw new InvalidArgumentError('expected a positive whole number.');
  }
  return id;
}

/** An id that the API takes as a string (session ids and account ids in executions). */
export function parseIdString(value: string): string {
  return String(parseId(value));
}

export function parseAmount(value: string): number {
  const text = value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new InvalidArgumentError(
      'expected a positive amount in major units, such as 25 or 10.50.',
    );
  }
  const amount = Number(text);
  if (!(amount >= minAmount)) {
    throw new InvalidArgumentError(`the amount must be at least ${minAmount}.`);
  }
  return amount;
}

/** Durations such as 500ms, 30s, 15m, 1h, 2d, 1h30m or ISO 8601 PT15M (see duration.ts). */
export function parseDuration(value: string): number {
  const ms = durationMs(value);
  if (ms instanceof Error) throw new InvalidArgumentError(ms.message);
  return ms;
}

/** An ISO 8601 date-time in the future; returned as an ISO string in UTC. */
export function parseFutureDate(value: string): string {
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)) {
    throw new InvalidArgumentError('expected an ISO 8601 date-time such as 2030-01-31T12:00:00Z.');
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new InvalidArgumentError('not a valid date-time.');
  if (time <= Date.now()) throw new InvalidArgumentError('the date-time is in the past.');
  return new Date(time).toISOString();
}

export function parseReferenceId(value: string): string {
  const text = value.trim();
  if (!UUID_V4.test(text)) {
    throw new InvalidArgumentError(
      'expected a UUID v4 such as 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f.',
    );
  }
  return text.toLowerCase();
}

export function isReferenceId(value: string): boolean {
  return UUID_V4.test(value);
}

/** `INVOICE or ORDER`, `INVOICE, ORDER or SUBSCRIPTION`. */
export function choices(values: readonly string[]): string {
  return values.length < 2
    ? values.join('')
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** A parser for one of the spec's values, in any case. */
function oneOf<T extends string>(values: readonly T[]): (value: string) => T {
  return (value) => {
    const upper = value.trim().toUpperCase();
    const found = values.find((v) => v === upper);
    if (!found) throw new InvalidArgumentError(`expected ${choices(values)}.`);
    return found;
  };
}

export const CHECKOUT_SOURCE_TYPE_CHOICES = choices(CHECKOUT_SOURCE_TYPES);
export const SOURCE_TYPE_CHOICES = choices(SOURCE_TYPES);
export const parseCheckoutSourceType: (value: string) => CheckoutSourceType =
  oneOf(CHECKOUT_SOURCE_TYPES);
export const parseSourceType: (value: string) => SourceType = oneOf(SOURCE_TYPES);

/** A phone in E.164 digits; a leading + is dropped, as the API wants digits only. */
export function parsePhone(value: string): string {
  const digits = value.trim().replace(/^\+/, '');
  if (!PHONE.test(digits)) {
    throw new InvalidArgumentError(
      `expected a phone number of ${phoneDigits.min} to ${phoneDigits.max} E.164 digits, such as 231770000001.`,
    );
  }
  return digits;
}

export function parsePort(value: string): number {
  const text = value.trim();
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  }
  return port;
}

export function parseProfileName(value: string): string {
  const name = value.trim();
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw new InvalidArgumentError('expected letters, digits, dot, dash or underscore.');
  }
  return name;
}

export function parseBaseUrl(value: string): string {
  const text = value.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('expected an http(s) URL such as https://api.heydollr.app/v1.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('expected an http(s) URL.');
  }
  if (url.username || url.password) {
    throw new InvalidArgumentError('the URL must not carry credentials.');
  }
  return text;
}
