/**
 * Reading and checking what the page sends: JSON or an HTML form, each field checked, every
 * problem named by its field so the page can show it next to the right input.
 */
import { INPUT_LIMITS } from '@dollr/spec/vocabulary';
import type { Context } from 'hono';
import { DemoError } from './errors.js';

// The spec's input limits, the same the `dollr` CLI checks its flags against.
const { currencyLength, minAmount, phoneDigits } = INPUT_LIMITS;
const CURRENCY = new RegExp(`^[A-Z]{${currencyLength}}$`);
const PHONE = new RegExp(`^\\d{${phoneDigits.min},${phoneDigits.max}}$`);

/** The request body as a flat object, from JSON or a form. */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new DemoError(400, 'The request body is not valid JSON');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new DemoError(400, 'The request body must be a JSON object');
    }
    return body as Record<string, unknown>;
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    return (await c.req.parseBody()) as Record<string, unknown>;
  }
  throw new DemoError(415, 'Send the form as JSON or as application/x-www-form-urlencoded');
}

const MAX_AMOUNT = 1_000_000;

/** Collects field problems; `done()` throws them all at once as a 422. */
export class FieldReader {
  readonly #data: Record<string, unknown>;
  readonly #errors: Record<string, string> = {};

  constructor(data: Record<string, unknown>) {
    this.#data = data;
  }

  #raw(name: string): string | undefined {
    const value = this.#data[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') {
      this.#errors[name] = 'must be text or a number';
      return undefined;
    }
    return value.trim() === '' ? undefined : value.trim();
  }

  #fail(name: string, problem: string): undefined {
    this.#errors[name] ??= problem;
    return undefined;
  }

  /** A required string matching `pattern`; `hint` says what is expected. */
  text(name: string, pattern: RegExp, hint: string): string | undefined {
    const value = this.#raw(name);
    if (value === undefined) return this.#fail(name, 'is required');
    return pattern.test(value) ? value : this.#fail(name, hint);
  }

  /** An optional free text of at most `max` characters. */
  optionalText(name: string, max: number): string | undefined {
    const value = this.#raw(name);
    if (value !== undefined && value.length > max) {
      return this.#fail(name, `must be at most ${max} characters`);
    }
    return value;
  }

  /** A required positive whole number. */
  id(name: string): number | undefined {
    const value = this.#raw(name);
    if (value === undefined) return this.#fail(name, 'is required');
    const n = Number(value);
    return /^\d+$/.test(value) && Number.isSafeInteger(n) && n > 0
      ? n
      : this.#fail(name, 'must be a positive whole number');
  }

  /** A required amount: positive, at most two decimals. */
  amount(name: string): number | undefined {
    const value = this.#raw(name);
    if (value === undefined) return this.#fail(name, 'is required');
    if (!/^\d+(\.\d{1,2})?$/.test(value)) {
      return this.#fail(name, 'must be an amount such as 12.50 (at most two decimals)');
    }
    const n = Number(value);
    if (n < minAmount) return this.#fail(name, `must be at least ${minAmount}`);
    if (n > MAX_AMOUNT) return this.#fail(name, `must be at most ${MAX_AMOUNT}`);
    return n;
  }

  /** A required ISO 4217 currency code. */
  currency(name: string): string | undefined {
    const value = this.#raw(name)?.toUpperCase();
    if (value === undefined) return this.#fail(name, 'is required');
    return CURRENCY.test(value)
      ? value
      : this.#fail(name, `must be ${currencyLength} letters, such as USD`);
  }

  /** A required phone in E.164 digits; a leading + is dropped, as the API wants digits only. */
  phone(name: string): string | undefined {
    const value = this.#raw(name)?.replace(/^\+/, '');
    if (value === undefined) return this.#fail(name, 'is required');
    return PHONE.test(value)
      ? value
      : this.#fail(name, `must be ${phoneDigits.min} to ${phoneDigits.max} digits`);
  }

  /** Throws a 422 naming every field in error, if any. */
  done(): void {
    const fields = Object.keys(this.#errors);
    if (fields.length === 0) return;
    const list = fields.map((f) => `${f} ${this.#errors[f]}`).join('; ');
    throw new DemoError(422, `Please correct the form: ${list}`, { fields: { ...this.#errors } });
  }
}
