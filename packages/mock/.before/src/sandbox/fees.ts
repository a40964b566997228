import { FIXTURES, type PaymentMethod } from './fixtures.js';
import type { FeeBearer } from './types.js';

/** Round half away from zero to 2 decimals, without binary drift (1.005 → 1.01). */
export function round2(value: number): number {
  const sign = value < 0 ? -1 : 1;
  return (sign * Math.round(Number(`${Math.abs(value)}e2`))) / 100;
}

export function fee(method: PaymentMethod, amount: number): number {
  const { percent, fixed } = FIXTURES.fees[method];
  if (percent === 0 && fixed === 0) return 0;
  return round2((amount * percent) / 100 + fixed);
}

export interface Split {
  /** What the payer is charged. */
  payer: number;
  /** What the payee receives. */
  payee: number;
}

/** PAYER: the payer pays amount + fee, the payee gets amount. PAYEE: the payee absorbs the fee. */
export function splitByBearer(method: PaymentMethod, amount: number, bearer: FeeBearer): Split {
  const f = fee(method, amount);
  return bearer === 'PAYER'
    ? { payer: round2(amount + f), payee: round2(amount) }
    : { payer: round2(amount), payee: round2(Math.max(0, amount - f)) };
}

/** Convert `amount` from one currency to another with the sandbox's fixed rates; undefined if unknown. */
export function convert(amount: number, from: string, to: string): number | undefined {
  const rates = FIXTURES.exchangeRates;
  const a = rates[from];
  const b = rates[to];
  if (a === undefined || b === undefined) return undefined;
  return from === to ? amount : round2((amount / a) * b);
}
