import { type ExecutionKind, isFinalExecutionStatus } from '@dollr/spec/vocabulary';
import type { Command } from 'commander';
import {
  addWaitTuning,
  reportExecution,
  sendExecution,
  type WaitOptions,
  waitFor,
} from '../execution.js';
import { parseCurrency, parseIdString, parseReferenceId } from '../flags.js';
import { addRealtimeOptions } from '../live-status.js';
import { addPasscodeOptions, type PasscodeOptions, resolvePasscode } from '../passcode.js';
import { createProgress } from '../progress.js';
import { action } from '../run.js';
import { addCommand, examples } from './help.js';

interface ExecuteFlags extends WaitOptions, PasscodeOptions {
  sessionId: string;
  referenceId?: string;
  wait?: boolean;
  paymentAccountId?: string;
  payoutAccountId?: string;
  currency?: string;
}

/** The request body of each kind, from its flags (the passcode is resolved before any request). */
async function body(
  kind: ExecutionKind,
  f: ExecuteFlags,
): Promise<{ session_id: string } & Record<string, unknown>> {
  const common = {
    session_id: f.sessionId,
    ...(f.referenceId !== undefined ? { reference_id: f.referenceId } : {}),
  };
  switch (kind) {
    case 'collection':
      return { ...common, payment_account_id: f.paymentAccountId, currency: f.currency };
    case 'payout':
      return {
        ...common,
        payout_account_id: f.payoutAccountId,
        passcode: await resolvePasscode(f),
      };
    default:
      return common;
  }
}

/** Options shared by `execute <kind>` and the one-shot flows. */
export function addReferenceOption(command: Command): Command {
  return command.option(
    '--reference-id <uuid>',
    'the UUID v4 idempotency key (default: minted, journaled and printed before the call)',
    parseReferenceId,
  );
}

export function registerExecute(program: Command): void {
  const execute = addCommand(
    program,
    'execute',
    'execute a session (money moves); follow it with --wait or `dollr status`',
    [
      'dollr execute collection --session-id 42 --payment-account-id 18 --currency USD --wait',
      'dollr execute transfer --session-id 44 --json',
    ],
  );

  const specs: Array<{
    kind: ExecutionKind;
    description: string;
    add: (c: Command) => Command;
    example: string[];
  }> = [
    {
      kind: 'collection',
      description: 'collect a checkout session from a payment account',
      add: (c) =>
        addRealtimeOptions(c)
          .requiredOption('--payment-account-id <id>', "the payer's payment account", parseIdString)
          .requiredOption('--currency <code>', "the payer's currency (ISO 4217)", parseCurrency),
      example: [
        'dollr execute collection --session-id 42 --payment-account-id 18 --currency USD --wait',
      ],
    },
    {
      kind: 'payout',
      description: 'execute a payout session, authorised by the merchant passcode',
      add: (c) =>
        addPasscodeOptions(
          c.requiredOption(
            '--payout-account-id <id>',
            'the payout account of the session',
            parseIdString,
          ),
        ),
      example: [
        'DOLLR_PASSCODE=123456 dollr execute payout --session-id 43 --payout-account-id 7 --passcode-phone 231770000001 --wait',
        'dollr execute payout --session-id 43 --payout-account-id 7 --passcode-file ~/.dollr-passcode.json',
      ],
    },
    {
      kind: 'transfer',
      description: 'execute a transfer session',
      add: (c) => c,
      example: ['dollr execute transfer --session-id 44 --wait --json'],
    },
    {
      kind: 'refund',
      description: 'execute a refund session',
      add: (c) => c,
      example: [
        'dollr execute refund --session-id 45 --reference-id 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
      ],
    },
  ];

  for (const spec of specs) {
    const command = spec
      .add(
        addReferenceOption(
          execute
            .command(spec.kind)
            .description(spec.description)
            .requiredOption('--session-id <id>', 'the session to execute', parseIdString),
        ),
      )
      .option('--wait', 'follow the status until COMPLETED or FAILED');
    addWaitTuning(command).action(
      action<ExecuteFlags>(async (ctx, flags) => {
        const payload = await body(spec.kind, flags);
        const execution = await sendExecution(ctx, spec.kind, payload);
        if (!flags.wait || isFinalExecutionStatus(execution.status)) {
          reportExecution(ctx, spec.kind, execution);
          return;
        }
        const progress = await createProgress();
        progress.succeed(`The ${spec.kind} was accepted: ${execution.status}`);
        const final = await waitFor(ctx, progress, spec.kind, execution.reference_id, {
          ...flags,
          sessionId: Number(flags.sessionId),
        });
        reportExecution(ctx, spec.kind, final);
      }),
    );
    examples(command, spec.example);
  }
}
