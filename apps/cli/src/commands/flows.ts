import type { DollrClient, ExecutionResponse } from '@dollr/client';
import {
  type ExecutionKind,
  isFinalExecutionStatus,
  type SessionKind,
} from '@dollr/spec/vocabulary';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { ExecutionFailedError } from '../errors.js';
import { addWaitTuning, sendExecution, type WaitOptions, waitFor } from '../execution.js';
import { parseCurrency, parseIdString } from '../flags.js';
import { addRealtimeOptions } from '../live-status.js';
import { formatRecord, money } from '../output.js';
import { addPasscodeOptions, type PasscodeOptions, resolvePasscode } from '../passcode.js';
import { createProgress, type Progress } from '../progress.js';
import { capitalize, failureReason, fees } from '../render.js';
import { action } from '../run.js';
import { addReferenceOption } from './execute.js';
import { examples } from './help.js';
import {
  addCheckoutOptions,
  addPayoutSessionOptions,
  addRefundSessionOptions,
  addTransferSessionOptions,
  type CheckoutFlags,
  createCheckout,
  createPayout,
  createRefund,
  createTransfer,
  type PayoutFlags,
  type RefundFlags,
  type TransferFlags,
} from './sessions.js';

interface FlowFlags extends WaitOptions {
  referenceId?: string;
  wait: boolean;
}

interface Flow<F> {
  kind: ExecutionKind;
  session: SessionKind;
  description: string;
  add: (command: Command) => Command;
  /** Everything that needs no request (such as the passcode), resolved first. */
  prepare?: (flags: F) => Promise<Record<string, unknown>>;
  create: (client: DollrClient, flags: F) => Promise<{ id: number } & Record<string, unknown>>;
  describeSession: (flags: F) => string;
  execution: (flags: F, extra: Record<string, unknown>) => Record<string, unknown>;
  examples: string[];
}

/** The summary at the end of a flow: amounts, fees (payer − payee), status, reference id. */
function summary(kind: ExecutionKind, session: { id: number }, execution: ExecutionResponse) {
  const fee = fees(execution);
  return {
    kind,
    status: execution.status,
    reference_id: execution.reference_id,
    session_id: session.id,
    payer_amount: execution.payer_amount,
    payer_currency: execution.payer_currency,
    payee_amount: execution.payee_amount,
    payee_currency: execution.payee_currency,
    fees: fee,
    gateway_message: execution.gateway_message ?? null,
    wallet_message: execution.wallet_message ?? null,
  };
}

function renderSummary(s: ReturnType<typeof summary>): string {
  return formatRecord(`${capitalize(s.kind)} ${s.status}`, [
    ['reference id', s.reference_id],
    [
      'session id',
      s.kind === 'collection'
        ? `${s.session_id} (the payment intent id a refund needs)`
        : s.session_id,
    ],
    ['payer amount', money(s.payer_amount, s.payer_currency)],
    ['payee amount', money(s.payee_amount, s.payee_currency)],
    ['fees', s.fees === null ? 'n/a (different currencies)' : money(s.fees, s.payee_currency)],
    ['gateway message', s.gateway_message],
    ['wallet message', s.wallet_message],
  ]);
}

async function runFlow<F extends FlowFlags>(ctx: Context, flow: Flow<F>, flags: F): Promise<void> {
  const extra = flow.prepare ? await flow.prepare(flags) : {};
  const client = await ctx.client();
  const progress: Progress = await createProgress();

  progress.start(`Creating a ${flow.session} session (${flow.describeSession(flags)})`);
  const session = await flow.create(client, flags);
  progress.succeed(
    `${capitalize(flow.session)} session ${session.id} created, expires ${String(session.expires_at)}`,
  );

  let execution = await sendExecution(
    ctx,
    flow.kind,
    {
      session_id: String(session.id),
      ...(flags.referenceId !== undefined ? { reference_id: flags.referenceId } : {}),
      ...flow.execution(flags, extra),
    },
    progress,
  );
  progress.succeed(`The ${flow.kind} ${execution.reference_id} was accepted: ${execution.status}`);
  if (execution.requires_action) {
    progress.succeed('The payer must authenticate the card (3-D Secure); waiting for them');
  }

  if (flags.wait && !isFinalExecutionStatus(execution.status)) {
    execution = await waitFor(ctx, progress, flow.kind, execution.reference_id, {
      ...flags,
      sessionId: session.id,
    });
  }
  const result = summary(flow.kind, session, execution);
  ctx.out.result({ ...result, session, execution }, () => renderSummary(result));
  if (execution.status === 'FAILED')
    throw new ExecutionFailedError(failureReason(flow.kind, execution));
  if (isFinalExecutionStatus(execution.status)) ctx.inFlight = undefined;
}

const collect: Flow<CheckoutFlags & FlowFlags & { paymentAccountId: string; currency: string }> = {
  kind: 'collection',
  session: 'checkout',
  description:
    'collect an invoice or order in one go: checkout session → collection → final status',
  add: (c) =>
    addRealtimeOptions(addCheckoutOptions(c))
      .requiredOption('--payment-account-id <id>', "the payer's payment account", parseIdString)
      .requiredOption('--currency <code>', "the payer's currency (ISO 4217)", parseCurrency),
  create: createCheckout,
  describeSession: (f) => `${f.sourceType} ${f.sourceId}`,
  execution: (f) => ({ payment_account_id: f.paymentAccountId, currency: f.currency }),
  examples: [
    'dollr collect --source-type INVOICE --source-id 101 --payment-account-id 18 --currency USD',
    'dollr collect --source-type ORDER --source-id 201 --payment-account-id 21 --currency USD --json',
  ],
};

const payout: Flow<PayoutFlags & FlowFlags & PasscodeOptions> = {
  kind: 'payout',
  session: 'payout',
  description: 'pay out in one go: payout session → payout (with the passcode) → final status',
  add: (c) => addPasscodeOptions(addPayoutSessionOptions(c)),
  prepare: async (f) => ({ passcode: await resolvePasscode(f) }),
  create: createPayout,
  describeSession: (f) => `${money(f.amount, f.currency)} to payout account ${f.payoutAccountId}`,
  execution: (f, extra) => ({
    payout_account_id: String(f.payoutAccountId),
    passcode: extra.passcode,
  }),
  examples: [
    'DOLLR_PASSCODE=123456 dollr payout --payout-account-id 7 --amount 25 --currency USD --passcode-phone 231770000001',
    'dollr payout --payout-account-id 7 --amount 25 --currency USD --passcode-file passcode.json --json',
  ],
};

const transfer: Flow<TransferFlags & FlowFlags> = {
  kind: 'transfer',
  session: 'transfer',
  description: 'transfer in one go: transfer session → transfer → final status',
  add: addTransferSessionOptions,
  create: createTransfer,
  describeSession: (f) =>
    `${money(f.amount, f.currency)} from wallet ${f.fromWalletId} to counterparty ${f.toCounterpartyId}`,
  execution: () => ({}),
  examples: ['dollr transfer --from-wallet-id 1 --to-counterparty-id 12 --amount 5 --currency USD'],
};

const refund: Flow<RefundFlags & FlowFlags> = {
  kind: 'refund',
  session: 'refund',
  description: 'refund in one go: refund session → refund → final status',
  add: addRefundSessionOptions,
  create: createRefund,
  describeSession: (f) => `${f.amount} of payment intent ${f.originalPaymentIntentId}`,
  execution: () => ({}),
  examples: ['dollr refund --original-payment-intent-id 42 --amount 10 --reason "damaged goods"'],
};

function register<F extends FlowFlags>(program: Command, flow: Flow<F>): void {
  const command = addReferenceOption(
    flow.add(program.command(flow.kind === 'collection' ? 'collect' : flow.kind)),
  )
    .description(flow.description)
    .option('--no-wait', 'stop once the execution is accepted (resume with `dollr status`)');
  addWaitTuning(command).action(action<F>((ctx, flags) => runFlow(ctx, flow, flags)));
  examples(command, flow.examples);
}

export function registerFlows(program: Command): void {
  register(program, collect);
  register(program, payout);
  register(program, transfer);
  register(program, refund);
}
