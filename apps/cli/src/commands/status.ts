import { isDollrError } from '@dollr/client';
import { EXECUTION_KINDS, type ExecutionKind, type SourceType } from '@dollr/spec/vocabulary';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { addWaitTuning, reportExecution, type WaitOptions, waitFor } from '../execution.js';
import { parseId, parseReferenceId, parseSourceType, SOURCE_TYPE_CHOICES } from '../flags.js';
import { addCollectionSessionOptions, addRealtimeOptions, type LiveFlags } from '../live-status.js';
import { createProgress } from '../progress.js';
import { renderSource } from '../render.js';
import { action } from '../run.js';
import { examples } from './help.js';

type StatusClient = {
  getExecution(kind: ExecutionKind, referenceId: string): Promise<unknown>;
};

/**
 * A 404 for one kind may be a reference id of another kind (Dollr answers 404 for both): asks the
 * other kinds, and names the one that knows the id. Otherwise the 404 stands as it is.
 */
async function rethrowWithKind(
  error: unknown,
  client: StatusClient,
  kind: ExecutionKind,
  referenceId: string,
): Promise<never> {
  if (!isDollrError(error) || error.code !== 'api_error' || error.status !== 404) throw error;
  for (const other of EXECUTION_KINDS.filter((candidate) => candidate !== kind)) {
    const found = await client.getExecution(other, referenceId).then(
      () => true,
      () => false,
    );
    if (found) {
      throw new CliError(
        `${referenceId} is not a ${kind}'s reference id: it is a ${other}'s. Ask: dollr status ${other} ${referenceId}`,
      );
    }
  }
  throw error;
}

export function registerStatus(program: Command): void {
  const status = program
    .command('status')
    .description('the status of an execution (by reference id) or of an invoice or order');
  examples(status, [
    'dollr status collection 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f --wait',
    'dollr status source --source-type INVOICE --source-id 101',
  ]);

  for (const kind of EXECUTION_KINDS) {
    const command = status
      .command(kind)
      .description(`the status of a ${kind}; exits 3 when it FAILED`)
      .argument('<reference_id>', 'the UUID v4 reference id of the execution', parseReferenceId)
      .option(
        '--wait',
        kind === 'collection'
          ? 'follow the status until COMPLETED or FAILED (live through realtime when it can)'
          : 'follow the status until COMPLETED or FAILED',
      );
    if (kind === 'collection') addCollectionSessionOptions(addRealtimeOptions(command));
    addWaitTuning(command).action(
      action<WaitOptions & LiveFlags & { wait?: boolean }>(async (ctx, flags, cmd) => {
        const referenceId = cmd.processedArgs[0] as string;
        ctx.inFlight = { kind, referenceId };
        const client = await ctx.client();
        const otherKind = (error: unknown) => rethrowWithKind(error, client, kind, referenceId);
        if (!flags.wait) {
          reportExecution(ctx, kind, await client.getExecution(kind, referenceId).catch(otherKind));
          return;
        }
        // The wait's first lookup (over realtime, the one after subscribing) is the status asked
        // for: one made before it would be a second lookup within milliseconds.
        const progress = await createProgress();
        const final = await waitFor(ctx, progress, kind, referenceId, flags).catch(otherKind);
        reportExecution(ctx, kind, final);
      }),
    );
    examples(command, [
      `dollr status ${kind} 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f`,
      `dollr status ${kind} 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f --wait --json`,
    ]);
  }

  const source = status
    .command('source')
    .description('the status of an invoice or order that a checkout pays')
    .requiredOption('--source-type <type>', SOURCE_TYPE_CHOICES, parseSourceType)
    .requiredOption('--source-id <id>', 'the invoice or order id', parseId)
    .action(
      action<{ sourceType: SourceType; sourceId: number }>(async (ctx, flags) => {
        const client = await ctx.client();
        const result = await client.getSourceStatus({
          source_type: flags.sourceType,
          source_id: flags.sourceId,
        });
        ctx.out.result(result, () => renderSource(result));
      }),
    );
  examples(source, ['dollr status source --source-type INVOICE --source-id 101']);
}
