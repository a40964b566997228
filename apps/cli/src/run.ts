import type { Command } from 'commander';
import { Context, type GlobalOptions } from './context.js';
import { ExitCode, explainError } from './errors.js';
import { stopProgress } from './progress.js';

type Handler<O> = (ctx: Context, options: O, command: Command) => Promise<void>;

/** Says how to resume what was in flight, and exits 130. */
function interrupted(ctx: Context): never {
  stopProgress();
  const flight = ctx.inFlight;
  ctx.out.error(
    flight
      ? `\nInterrupted. The ${flight.kind} ${flight.referenceId} may still go through at Dollr; it is in the journal. Follow it with:\n  dollr status ${flight.kind} ${flight.referenceId} --wait`
      : '\nInterrupted.',
  );
  process.exit(ExitCode.interrupted);
}

/**
 * Wraps a command's handler: builds its context from the global options, handles Ctrl-C, and
 * turns any error into a sentence on stderr and an exit code (no stack traces).
 */
export function action<O>(handler: Handler<O>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const globals = command.optsWithGlobals() as GlobalOptions;
    let ctx: Context | undefined;
    try {
      ctx = await Context.create(globals);
      const current = ctx;
      process.on('SIGINT', () => interrupted(current));
      await handler(ctx, command.opts() as O, command);
    } catch (error) {
      stopProgress();
      const { message, code } = await explainError(error, ctx?.errorContext());
      process.stderr.write(`error: ${message}\n`);
      process.exitCode = code;
    }
  };
}
