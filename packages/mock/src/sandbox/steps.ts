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

/** What `next()` returns when the steps after it all finished without awaiting. */
const DONE: Promise<void> = Promise.resolve();

export function runSteps(
  steps: readonly Step[],
  onError: StepErrorHandler,
): (c: SandboxContext) => Promise<Response> {
  return (c) => {
    let index = -1;
    const settle = (answer: unknown, failed: boolean) => {
      if (answer instanceof Response && (!c.finalized || failed)) c.res = answer;
    };
    const fail = (error: unknown) => {
      if (!(error instanceof Error)) throw error;
      c.error = error;
      settle(onError(error, c), true);
    };
    // Not async: a step that answers without awaiting costs no promise of its own.
    const dispatch = (i: number): Promise<void> => {
      if (i <= index) return Promise.reject(new Error('next() called multiple times'));
      index = i;
      const step = steps[i];
      if (!step) return DONE;
      let answer: unknown;
      try {
        answer = step(c, () => dispatch(i + 1));
      } catch (error) {
        fail(error);
        return DONE;
      }
      if (answer instanceof Promise) return answer.then((value) => settle(value, false), fail);
      settle(answer, false);
      return DONE;
    };
    return dispatch(0).then(() => c.res);
  };
}

/** Sees a request and returns what to call with its answer (see SandboxExtension.watch). */
export type Watcher = (c: SandboxContext) => ((c: SandboxContext) => void) | undefined;

/**
 * One step for all watchers: each sees the request, then (innermost first, as middlewares would)
 * the answer. When the steps after it finish without awaiting, so do the watchers: no promise.
 */
export function watchStep(watchers: readonly Watcher[]): Step {
  return (c, next) => {
    const afters: Array<(c: SandboxContext) => void> = [];
    for (const watch of watchers) {
      const after = watch(c);
      if (after) afters.push(after);
    }
    const answered = () => {
      for (let i = afters.length - 1; i >= 0; i--) (afters[i] as (c: SandboxContext) => void)(c);
    };
    const rest = next();
    if (rest === DONE) {
      answered();
      return DONE;
    }
    return rest.then(answered);
  };
}
