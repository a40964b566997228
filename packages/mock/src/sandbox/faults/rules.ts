/**
 * A tenant's fault rules: which of its Dollr requests fail, and how. Rules are tried in the order
 * they were created and the first that fires applies; a request gets at most one fault. A rule
 * with a `probability` draws from its own seeded generator, so the same requests in the same
 * order fail the same way on every run.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { parseDuration } from './duration.js';
import type { CreateFault, FaultKind, FaultView } from './types.js';

/** A fault resolved for one request: its kind and parameters with their defaults. */
export interface Fault {
  kind: FaultKind;
  /** The rule that fired; null for a fault asked by header. */
  ruleId: string | null;
  /** LATENCY: wall-time delay. */
  latencyMs: number;
  /** ERROR_BEFORE_EFFECT, ERROR_AFTER_EFFECT: the 5xx status. */
  status: number;
  /** RATE_LIMIT: the Retry-After seconds. */
  retryAfter: number;
  /** HOLD_PROCESSING: how long on the tenant's clock; null for indefinitely. */
  holdForMs: number | null;
}

/** What a fault rule is matched against. */
export interface FaultTarget {
  operation: string | null;
  method: string;
}

interface Rule {
  id: string;
  input: CreateFault;
  fired: number;
  fromMs: number;
  untilMs: number;
  random: RandomGenerator | undefined;
}

/** A fault with its parameters' defaults applied. */
export function resolveFault(input: CreateFault, ruleId: string | null): Fault {
  return {
    kind: input.kind,
    ruleId,
    latencyMs: input.latency === undefined ? 0 : (parseDuration(input.latency) ?? 0),
    status: input.status ?? 500,
    retryAfter: input.retry_after ?? 1,
    holdForMs: input.hold_for === undefined ? null : (parseDuration(input.hold_for) ?? null),
  };
}

export class FaultBook {
  private rules: Rule[] = [];
  private created = 0;

  /** `seed` makes the probability draws of every rule repeatable. */
  constructor(private readonly seed = 0) {}

  /** True when no rule can fire: the request path then skips fault handling entirely. */
  get empty(): boolean {
    return this.rules.length === 0;
  }

  add(input: CreateFault): FaultView {
    this.created += 1;
    const rule: Rule = {
      id: `ft_${this.created}`,
      input,
      fired: 0,
      fromMs: input.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(input.from),
      untilMs: input.until === undefined ? Number.POSITIVE_INFINITY : Date.parse(input.until),
      random:
        input.probability === undefined || input.probability >= 1
          ? undefined
          : xoroshiro128plus((this.seed + this.created * 0x9e3779b9) | 0),
    };
    this.rules.push(rule);
    return view(rule);
  }

  list(): FaultView[] {
    return this.rules.map(view);
  }

  get(id: string): FaultView | undefined {
    const rule = this.rules.find((r) => r.id === id);
    return rule && view(rule);
  }

  /** Removes one rule; false when there is none with this id. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request at `nowMs` on the tenant's clock, if a rule fires; counts it. */
  match(target: FaultTarget, nowMs: number): Fault | undefined {
    for (const rule of this.rules) {
      if (!applies(rule, target, nowMs)) continue;
      if (rule.random && uniformFloat64(rule.random) >= (rule.input.probability as number)) {
        continue;
      }
      rule.fired += 1;
      return resolveFault(rule.input, rule.id);
    }
    return undefined;
  }
}

function applies(rule: Rule, target: FaultTarget, nowMs: number): boolean {
  const { input } = rule;
  if (input.count !== undefined && rule.fired >= input.count) return false;
  if (input.operation !== undefined && input.operation !== target.operation) return false;
  if (input.method !== undefined && input.method !== target.method) return false;
  return nowMs >= rule.fromMs && nowMs < rule.untilMs;
}

function view(rule: Rule): FaultView {
  return {
    id: rule.id,
    rule: rule.input,
    fired: rule.fired,
    remaining: rule.input.count === undefined ? null : rule.input.count - rule.fired,
  };
}
