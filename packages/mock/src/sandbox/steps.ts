/**
 * The steps of one Dollr operation's request (observe middlewares, validation, beforeHandler
 * middlewares, handler) run as a single Hono handler. Hono's own chain would make each step a
 * layer of its own (an async dispatch, a closure, a route index write per step per request); here
 * they share one, with Hono's rules: `next()` once, a Response a step returns becomes the
 * context's unless one is already final, and an error a step throws becomes the answer the steps
 * around it see.
 */
import type { SandboxContext } from './pipeline.js';

/** A middleware, or the last step (the handler), which returns its answer. */
export type Step = (c: SandboxContext, next: () => Promise<void>) => unknown;

/** Turns what a step threw into the answer (a Dollr error, or a 500). */
export type StepErrorHandler = (error: Error, c: SandboxContext) => Response;

export function runSteps(
  steps: readonly Step[],
  onError: StepErrorHandler,
): (c: SandboxContext) => Promise<Response> {
  return (c) => {
    let index = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= index) throw new Error('next() called multiple times');
      index = i;
      const step = steps[i];
      if (!step) return;
      let answer: unknown;
      let failed = false;
      try {
        answer = await step(c, () => dispatch(i + 1));
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        c.error = error;
        answer = onError(error, c);
        failed = true;
      }
      if (answer instanceof Response && (!c.finalized || failed)) c.res = answer;
    };
    return dispatch(0).then(() => c.res);
  };
}
