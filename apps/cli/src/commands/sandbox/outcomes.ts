import type {
  ControlComponents,
  DriveExecution,
  SandboxExecution,
  SetAccountOutcome,
} from '@dollr/mock/control';
import type { Command } from 'commander';
import { formatRecord } from '../../output.js';
import { addCommand } from '../help.js';
import { deleteAction, requestAction } from './control.js';
import { inPath, PAYMENT_ACCOUNT_ID, REFERENCE_ID, subcommand } from './define.js';
import { parseConstant, parseCount, parseDurationFlag } from './flags.js';

type AccountOutcome = ControlComponents['schemas']['AccountOutcome'];
type Status = SetAccountOutcome['status'];

function renderExecution(execution: SandboxExecution): string {
  return formatRecord(`Execution ${execution.reference_id}`, [
    ['status', execution.status],
    ['planned status', execution.planned_status],
    ['next transition', execution.next_transition_at],
    ['gateway message', execution.gateway_message],
    ['wallet message', execution.wallet_message],
    ['awaiting 3-D Secure', execution.awaiting_authentication ? 'yes' : undefined],
  ]);
}

function renderAccountOutcome(outcome: AccountOutcome): string {
  return formatRecord(`Payment account ${outcome.payment_account_id}: next collections`, [
    ['status', outcome.outcome.status],
    ['3-D Secure', outcome.outcome.requires_action ? 'required' : undefined],
    ['gateway message', outcome.outcome.gateway_message],
    ['wallet message', outcome.outcome.wallet_message],
    ['held for', outcome.outcome.hold_for],
    ['applies to', outcome.remaining === null ? 'every one' : `the next ${outcome.remaining}`],
  ]);
}

interface Messages {
  gatewayMessage?: string;
  walletMessage?: string;
}

function messages(flags: Messages): Pick<DriveExecution, 'gateway_message' | 'wallet_message'> {
  return {
    ...(flags.gatewayMessage !== undefined && { gateway_message: flags.gatewayMessage }),
    ...(flags.walletMessage !== undefined && { wallet_message: flags.walletMessage }),
  };
}

type DriveFlags = Messages & { for?: string };

/** One `dollr sandbox execution <verb> <reference_id>`: the body it sends comes from its flags. */
function addDrive(
  execution: Command,
  name: string,
  description: string,
  body: (flags: DriveFlags) => DriveExecution,
): Command {
  return subcommand(execution, name, description, REFERENCE_ID).action(
    requestAction(
      'POST',
      (control, [referenceId], flags: DriveFlags) =>
        control.POST('/_sandbox/executions/{reference_id}/outcome', {
          ...inPath({ reference_id: referenceId as string }),
          body: body(flags),
        }),
      renderExecution,
    ),
  );
}

/** `dollr sandbox execution complete|fail|hold <reference_id>`. */
function registerExecution(sandbox: Command): void {
  const execution = addCommand(
    sandbox,
    'execution',
    'drive an execution now: complete it, fail it, or hold it PROCESSING',
    [
      'dollr sandbox execution complete 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
      'dollr sandbox execution fail 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f --gateway-message "Insufficient funds"',
      'dollr sandbox execution hold 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f --for 5m',
    ],
  );
  addDrive(
    execution,
    'complete',
    'COMPLETED now, with its effects on sources and wallets',
    (f) => ({
      status: 'COMPLETED',
      ...messages(f),
    }),
  )
    .option('--gateway-message <text>', 'the gateway message it carries')
    .option('--wallet-message <text>', 'the wallet message it carries');
  addDrive(execution, 'fail', 'FAILED now, with the gateway or wallet message you choose', (f) => ({
    status: 'FAILED',
    ...messages(f),
  }))
    .option('--gateway-message <text>', 'the gateway message, such as "Insufficient funds"')
    .option('--wallet-message <text>', 'the wallet message');
  addDrive(
    execution,
    'hold',
    'PROCESSING now, for a while (or until driven again), then on to its planned status',
    (f) => ({
      status: 'PROCESSING',
      ...(f.for !== undefined && { hold_for: f.for }),
    }),
  ).option(
    '--for <duration>',
    'how long, on the test clock: 90s, 15m, PT2H (default: indefinitely)',
    parseDurationFlag,
  );
}

/** `dollr sandbox 3ds require <payment_account_id>`, `3ds confirm|fail <reference_id>`. */
function registerThreeDs(sandbox: Command): void {
  const threeDs = addCommand(
    sandbox,
    '3ds',
    '3-D Secure: require it on a payment account, then confirm or fail the challenge',
    [
      'dollr sandbox 3ds require 18 --count 1',
      'dollr sandbox 3ds confirm 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
      'dollr sandbox 3ds fail 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
    ],
  );
  subcommand(
    threeDs,
    'require',
    'the next collections on this payment account answer requires_action: true',
    PAYMENT_ACCOUNT_ID,
  )
    .option('--count <n>', 'only the next n collections (default: all)', parseCount)
    .action(
      setOutcomeAction<{ count?: number }>((flags) => ({
        status: 'COMPLETED',
        requires_action: true,
        ...(flags.count !== undefined && { count: flags.count }),
      })),
    );
  for (const [name, succeeded] of [
    ['confirm', true],
    ['fail', false],
  ] as const) {
    subcommand(
      threeDs,
      name,
      succeeded
        ? 'the payer passes the challenge: the charge proceeds'
        : 'the payer fails the challenge: FAILED, "Authentication failed"',
      REFERENCE_ID,
    ).action(
      requestAction(
        'POST',
        (control, [referenceId]) =>
          control.POST('/_sandbox/executions/{reference_id}/authentication', {
            ...inPath({ reference_id: referenceId as string }),
            body: { succeeded },
          }),
        renderExecution,
      ),
    );
  }
}

/** The action that sets how the next collections on the argument's payment account end. */
function setOutcomeAction<F>(outcome: (flags: F) => SetAccountOutcome) {
  return requestAction(
    'PUT',
    (control, [account], flags: F) =>
      control.PUT('/_sandbox/payment-accounts/{payment_account_id}/outcome', {
        ...inPath({ payment_account_id: String(account) }),
        body: outcome(flags),
      }),
    renderAccountOutcome,
  );
}

interface NextOutcomeFlags extends Messages {
  status: Status;
  requiresAction?: boolean;
  holdFor?: string;
  count?: number;
}

/** `dollr sandbox next-outcome set|clear <payment_account_id>`. */
function registerNextOutcome(sandbox: Command): void {
  const next = addCommand(
    sandbox,
    'next-outcome',
    'how the next collections on a payment account end',
    [
      'dollr sandbox next-outcome set 18 --status FAILED --gateway-message "Insufficient funds" --count 1',
      'dollr sandbox next-outcome set 18 --status PROCESSING --hold-for 10m',
      'dollr sandbox next-outcome clear 18',
    ],
  );
  subcommand(next, 'set', "override the account's documented behaviour", PAYMENT_ACCOUNT_ID)
    .requiredOption('--status <status>', 'COMPLETED, FAILED or PROCESSING', parseConstant)
    .option('--gateway-message <text>', 'the gateway message they carry')
    .option('--wallet-message <text>', 'the wallet message they carry')
    .option('--requires-action', 'they answer requires_action: true (3-D Secure)')
    .option(
      '--hold-for <duration>',
      'with PROCESSING: how long they stay so (default: indefinitely)',
      parseDurationFlag,
    )
    .option('--count <n>', 'only the next n collections (default: all)', parseCount)
    .action(
      setOutcomeAction<NextOutcomeFlags>((flags) => ({
        status: flags.status,
        ...messages(flags),
        ...(flags.requiresAction && { requires_action: true }),
        ...(flags.holdFor !== undefined && { hold_for: flags.holdFor }),
        ...(flags.count !== undefined && { count: flags.count }),
      })),
    );
  subcommand(
    next,
    'clear',
    "back to the account's documented behaviour",
    PAYMENT_ACCOUNT_ID,
  ).action(
    deleteAction(
      (control, [account]) =>
        control.DELETE(
          '/_sandbox/payment-accounts/{payment_account_id}/outcome',
          inPath({ payment_account_id: String(account) }),
        ),
      ([account]) => ({
        value: { payment_account_id: String(account), cleared: true },
        text: `Payment account ${String(account)}: back to its documented behaviour.`,
      }),
    ),
  );
}

export function registerOutcomes(sandbox: Command): void {
  registerExecution(sandbox);
  registerThreeDs(sandbox);
  registerNextOutcome(sandbox);
}
