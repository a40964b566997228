/**
 * The per-request fault header: `Dollr-Sandbox-Fault: <KIND>` with the rule's parameters after
 * semicolons, e.g. `ERROR_AFTER_EFFECT; status=503`, `RATE_LIMIT; retry_after=2`,
 * `LATENCY; latency=250ms`, `HOLD_PROCESSING; hold_for=30s`. It applies to that request only.
 */
import type { ValidationError } from '../types.js';
import { parseDuration } from './duration.js';
import { type Fault, resolveFault } from './rules.js';
import { type CreateFault, FAULT_KINDS, type FaultKind } from './types.js';

export const FAULT_HEADER = 'dollr-sandbox-fault';

const LOC = ['header', FAULT_HEADER];

function problem(msg: string): { issues: ValidationError[] } {
  return { issues: [{ loc: LOC, msg, type: 'value_error.fault_header' }] };
}

const INTEGERS: Record<string, [number, number]> = { status: [500, 599], retry_after: [0, 3600] };
const DURATIONS = ['latency', 'hold_for'];

/** The fault a header asks for, or why it cannot be read (a 422 before anything happens). */
export function parseFaultHeader(value: string): { fault: Fault } | { issues: ValidationError[] } {
  const [head = '', ...params] = value.split(';').map((part) => part.trim());
  if (!(FAULT_KINDS as readonly string[]).includes(head)) {
    return problem(
      `unknown fault ${JSON.stringify(head)}; expected one of ${FAULT_KINDS.join(', ')}`,
    );
  }
  const input: CreateFault = { kind: head as FaultKind };
  for (const param of params) {
    const [name = '', raw = ''] = param.split('=').map((part) => part.trim());
    const range = INTEGERS[name];
    if (range) {
      const number = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(number >= range[0] && number <= range[1])) {
        return problem(
          `${name} must be an integer from ${range[0]} to ${range[1]}, got ${JSON.stringify(raw)}`,
        );
      }
      Object.assign(input, { [name]: number });
    } else if (DURATIONS.includes(name)) {
      if (parseDuration(raw) === undefined) {
        return problem(
          `${name} must be a duration such as 250ms, 30s or 2m, got ${JSON.stringify(raw)}`,
        );
      }
      Object.assign(input, { [name]: raw });
    } else {
      return problem(
        `unknown parameter ${JSON.stringify(name)}; expected status, retry_after, latency or hold_for`,
      );
    }
  }
  const checked = checkFaultParameters(input);
  if (checked) return problem(checked);
  return { fault: resolveFault(input, null) };
}

/** Where a rule's kind and parameters disagree; undefined when they fit. */
export function checkFaultParameters(input: CreateFault): string | undefined {
  if (input.kind === 'LATENCY') {
    const ms = input.latency === undefined ? undefined : parseDuration(input.latency);
    if (ms === undefined) return 'LATENCY needs latency, such as 250ms';
    if (ms > 60_000) return 'latency must be at most 60s';
  }
  return undefined;
}
