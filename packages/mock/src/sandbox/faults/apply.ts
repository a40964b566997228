/**
 * Applying a fault to one request. Faults act only at the edges of the operation, never inside
 * it: a fault "before the effect" answers without running the operation, a fault "after the
 * effect" runs it to the end (its transaction committed) and then spoils the answer. So an
 * execution is committed exactly once or not at all, and a replay of its reference id finds it.
 */
import type { Fault } from './rules.js';

/** The connection a request came on, as far as faults need it. */
export interface FaultConnection {
  /** Drop the connection without an answer (a reset, as the caller sees it). */
  reset(): void;
  /** Resolves when the caller gives up or the sandbox closes the connection. */
  closed(): Promise<void>;
}

/** How a fault ends a request. */
export type FaultAnswer =
  | { type: 'answer'; status: number; detail: string; headers: Record<string, string> }
  | { type: 'none' };

export interface FaultSteps {
  /** Runs the operation and its answer (validation, handler, commit). */
  proceed(): Promise<void>;
  /** The answer's status, once `proceed` returned. */
  status(): number;
  /** The reference id of the execution this request created or replayed, if any. */
  referenceId(): string | undefined;
  /** Keeps an execution PROCESSING for `ms` on the tenant's clock (null: until driven on). */
  holdProcessing(referenceId: string, ms: number | null): void;
  connection: FaultConnection;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function answer(status: number, detail: string, headers: Record<string, string> = {}): FaultAnswer {
  return { type: 'answer', status, detail, headers };
}

/**
 * Runs a request under a fault. Returns the answer to send instead of the operation's, `none`
 * when nothing must be sent, or undefined when the operation's own answer stands.
 */
export async function runWithFault(
  fault: Fault,
  steps: FaultSteps,
): Promise<FaultAnswer | undefined> {
  switch (fault.kind) {
    case 'LATENCY':
      await sleep(fault.latencyMs);
      await steps.proceed();
      return undefined;
    case 'ERROR_BEFORE_EFFECT':
      return answer(fault.status, 'Internal server error');
    case 'RATE_LIMIT':
      return answer(429, 'Too many requests', { 'Retry-After': String(fault.retryAfter) });
    case 'UNAUTHORIZED':
      return answer(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' });
    case 'ERROR_AFTER_EFFECT':
      await steps.proceed();
      return answer(fault.status, 'Internal server error');
    case 'RESET_AFTER_EFFECT':
      await steps.proceed();
      steps.connection.reset();
      await steps.connection.closed();
      return { type: 'none' };
    case 'NO_ANSWER_AFTER_EFFECT':
      await steps.proceed();
      await steps.connection.closed();
      return { type: 'none' };
    case 'HOLD_PROCESSING': {
      await steps.proceed();
      const referenceId = steps.referenceId();
      if (referenceId !== undefined && steps.status() === 200) {
        steps.holdProcessing(referenceId, fault.holdForMs);
      }
      return undefined;
    }
  }
}
