import type { ExecutionResponse } from '@dollr/client';
import { type ExecutionKind, isFinalExecutionStatus } from '@dollr/spec/vocabulary';
import { type Command, Option } from 'commander';
import type { Context } from './context.js';
import { CliError, ExecutionFailedError } from './errors.js';
import { parseDuration } from './flags.js';
import { appendJournal, journalPath } from './journal.js';
import { describeRealtime, type LiveFlags, type LivePlan, planLiveStatus } from './live-status.js';
import type { Progress } from './progress.js';
import { failureReason, renderExecution } from './render.js';

/** Options of anything that waits for a final status. */
export interface WaitOptions {
  interval: number;
  waitTimeout: number;
}

export function addWaitTuning(command: Command): Command {
  return command
    .addOption(
      new Option('--interval <duration>', 'first polling interval, growing ×1.5 up to 10s')
        .argParser(parseDuration)
        .default(2000, '2s'),
    )
    .addOption(
      new Option('--wait-timeout <duration>', 'give up waiting after this long')
        .argParser(parseDuration)
        .default(600_000, '10m'),
    );
}

type ExecutionBody = { session_id: string; reference_id?: string } & Record<string, unknown>;

/**
 * Sends one execution. The reference id (given or minted by the client) is written to the journal
 * and printed BEFORE the request leaves, so an interrupted run can always be resumed.
 */
export async function sendExecution(
  ctx: Context,
  kind: ExecutionKind,
  body: ExecutionBody,
  progress?: Progress,
): Promise<ExecutionResponse> {
  const client = await ctx.client();
  const onReferenceId = async (referenceId: string) => {
    try {
      await appendJournal({
        kind,
        reference_id: referenceId,
        session_id: body.session_id,
        base_url: ctx.settings.baseUrl,
      });
    } catch (error) {
      // The client sends nothing when this hook fails: no execution without its journal line.
      throw new CliError(
        `Could not write the journal ${journalPath()} (${(error as Error).message}); nothing was sent.`,
      );
    }
    ctx.inFlight = { kind, referenceId };
    // A running spinner shares the terminal: clear it around the line.
    progress?.stop();
    ctx.out.note(`Reference id: ${referenceId}`);
    progress?.start(`Executing the ${kind} ${referenceId}`);
  };
  const options = { onReferenceId };
  switch (kind) {
    case 'collection':
      return client.collect(body as Parameters<typeof client.collect>[0], options);
    case 'payout':
      return client.payout(body as Parameters<typeof client.payout>[0], options);
    case 'transfer':
      return client.transfer(body as Parameters<typeof client.transfer>[0], options);
    case 'refund':
      return client.refund(body as Parameters<typeof client.refund>[0], options);
  }
}

/**
 * Waits until COMPLETED or FAILED, showing the live status: a collection through realtime when it
 * can (see live-status.ts), anything else by polling. `--verbose` says which, and why.
 */
export async function waitFor(
  ctx: Context,
  progress: Progress,
  kind: ExecutionKind,
  referenceId: string,
  options: WaitOptions & LiveFlags,
): Promise<ExecutionResponse> {
  const client = await ctx.client();
  ctx.inFlight = { kind, referenceId };
  const live: LivePlan =
    kind === 'collection'
      ? await planLiveStatus(ctx, client, referenceId, options)
      : { reason: `realtime keys exist for collections only, not for a ${kind}` };
  const waiting = `Waiting for the ${kind} ${referenceId}`;
  const polling = `waiting by polling every ${options.interval / 1000}s`;
  const tuning = { intervalMs: options.interval, timeoutMs: options.waitTimeout };
  const onStatus = (status: string) => progress.update(`${capitalizeStatus(kind)}: ${status}`);
  if ('reason' in live) {
    ctx.debug(`${polling}: ${live.reason}`);
    progress.start(waiting);
    const final = await client.waitForExecution(kind, referenceId, {
      ...tuning,
      onStatus: (execution) => onStatus(execution.status),
    });
    return settled(progress, kind, final);
  }
  const { watchExecution } = await import('@dollr/client/realtime');
  progress.start(waiting);
  const { execution } = await watchExecution(client, kind, referenceId, {
    ...tuning,
    ...live,
    onStatus: (update) => onStatus(update.status),
    onTransport: (transport) => {
      if (!ctx.verbose) return;
      progress.stop();
      ctx.debug(
        transport.via === 'realtime'
          ? `waiting through realtime (${describeRealtime(live, referenceId)})`
          : `${polling}: ${transport.reason}`,
      );
      progress.start(waiting);
    },
  });
  return settled(progress, kind, execution);
}

function settled(progress: Progress, kind: ExecutionKind, final: ExecutionResponse) {
  if (final.status === 'COMPLETED') progress.succeed(`The ${kind} is COMPLETED`);
  else progress.fail(`The ${kind} FAILED`);
  return final;
}

function capitalizeStatus(kind: string): string {
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)} status`;
}

/** Prints an execution; a FAILED one then ends the command with exit code 3. */
export function reportExecution(
  ctx: Context,
  kind: ExecutionKind,
  execution: ExecutionResponse,
): void {
  ctx.out.result(execution, () => renderExecution(kind, execution));
  if (execution.status === 'FAILED') throw new ExecutionFailedError(failureReason(kind, execution));
  if (isFinalExecutionStatus(execution.status)) ctx.inFlight = undefined;
}
