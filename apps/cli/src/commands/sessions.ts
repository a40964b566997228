import type { DollrClient } from '@dollr/client';
import type { CheckoutSourceType, SessionKind } from '@dollr/spec/vocabulary';
import { type Command, Option } from 'commander';
import {
  CHECKOUT_SOURCE_TYPE_CHOICES,
  parseAmount,
  parseCheckoutSourceType,
  parseCurrency,
  parseDuration,
  parseFutureDate,
  parseId,
} from '../flags.js';
import { renderSession } from '../render.js';
import { action } from '../run.js';
import { examples } from './help.js';

/** The flags that describe each kind of session. */
export interface CheckoutFlags {
  sourceId: number;
  sourceType: CheckoutSourceType;
}
export interface PayoutFlags {
  payoutAccountId: number;
  amount: number;
  currency: string;
}
export interface ExpiryFlags {
  expiresIn?: number;
  expiresAt?: string;
}
export interface TransferFlags extends ExpiryFlags {
  fromWalletId: number;
  toCounterpartyId: number;
  amount: number;
  currency: string;
}
export interface RefundFlags extends ExpiryFlags {
  originalPaymentIntentId: number;
  amount: number;
  reason?: string;
}

export function addCheckoutOptions(command: Command): Command {
  return command
    .requiredOption('--source-id <id>', 'the invoice or order to pay', parseId)
    .requiredOption('--source-type <type>', CHECKOUT_SOURCE_TYPE_CHOICES, parseCheckoutSourceType);
}

function addAmountOptions(command: Command, what: string): Command {
  return command
    .requiredOption(
      '--amount <amount>',
      `the amount to ${what}, in major units (10.50)`,
      parseAmount,
    )
    .requiredOption('--currency <code>', 'ISO 4217 code such as USD', parseCurrency);
}

export function addPayoutSessionOptions(command: Command): Command {
  return addAmountOptions(
    command.requiredOption(
      '--payout-account-id <id>',
      'the payout account that receives the money',
      parseId,
    ),
    'pay out',
  );
}

function addExpiryOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--expires-in <duration>',
        "session lifetime such as 15m, 1h (default: @dollr/client's)",
      )
        .argParser(parseDuration)
        .conflicts('expiresAt'),
    )
    .addOption(
      new Option('--expires-at <date-time>', 'session expiry, ISO 8601, in the future').argParser(
        parseFutureDate,
      ),
    );
}

export function addTransferSessionOptions(command: Command): Command {
  command
    .requiredOption('--from-wallet-id <id>', 'the merchant wallet to debit', parseId)
    .requiredOption(
      '--to-counterparty-id <id>',
      'the counterparty that receives the money',
      parseId,
    );
  return addExpiryOptions(addAmountOptions(command, 'transfer'));
}

export function addRefundSessionOptions(command: Command): Command {
  command
    .requiredOption(
      '--original-payment-intent-id <id>',
      'the completed collection to reverse: its checkout session id',
      parseId,
    )
    .requiredOption('--amount <amount>', 'the amount to refund, in major units', parseAmount)
    .option('--reason <text>', 'why (kept with the refund)');
  return addExpiryOptions(command);
}

/** The expiry the flags ask for; none leaves the client's default. */
function expiry(flags: ExpiryFlags): { expiresAt?: string | number } {
  const chosen = flags.expiresAt ?? flags.expiresIn;
  return chosen === undefined ? {} : { expiresAt: chosen };
}

export function createCheckout(client: DollrClient, f: CheckoutFlags) {
  return client.createSession.checkout({ source_id: f.sourceId, source_type: f.sourceType });
}

export function createPayout(client: DollrClient, f: PayoutFlags) {
  return client.createSession.payout({
    payout_account_id: f.payoutAccountId,
    amount: f.amount,
    currency: f.currency,
  });
}

export function createTransfer(client: DollrClient, f: TransferFlags) {
  return client.createSession.transfer({
    from_wallet_id: f.fromWalletId,
    to_counterparty_id: f.toCounterpartyId,
    amount: f.amount,
    currency: f.currency,
    ...expiry(f),
  });
}

export function createRefund(client: DollrClient, f: RefundFlags) {
  return client.createSession.refund({
    original_payment_intent_id: f.originalPaymentIntentId,
    amount: f.amount,
    ...(f.reason !== undefined ? { reason: f.reason } : {}),
    ...expiry(f),
  });
}

export function registerSessions(program: Command): void {
  const sessions = program
    .command('sessions')
    .description('create sessions (intents to move money); execute them with `dollr execute`');
  const create = sessions
    .command('create')
    .description('create a checkout, payout, transfer or refund session');
  const groupExamples = [
    'dollr sessions create checkout --source-id 101 --source-type INVOICE',
    'dollr sessions create payout --payout-account-id 7 --amount 25 --currency USD --json',
  ];
  examples(sessions, groupExamples);
  examples(create, groupExamples);

  const kinds: Array<{
    kind: SessionKind;
    description: string;
    add: (c: Command) => Command;
    make: (client: DollrClient, flags: never) => Promise<unknown>;
    example: string;
  }> = [
    {
      kind: 'checkout',
      description: 'a checkout session, to collect payment of an invoice or order',
      add: addCheckoutOptions,
      make: createCheckout,
      example: 'dollr sessions create checkout --source-id 101 --source-type INVOICE',
    },
    {
      kind: 'payout',
      description: 'a payout session, to send money from the merchant wallet to a payout account',
      add: addPayoutSessionOptions,
      make: createPayout,
      example: 'dollr sessions create payout --payout-account-id 7 --amount 25 --currency USD',
    },
    {
      kind: 'transfer',
      description: 'a transfer session, from a merchant wallet to a counterparty',
      add: addTransferSessionOptions,
      make: createTransfer,
      example:
        'dollr sessions create transfer --from-wallet-id 1 --to-counterparty-id 12 --amount 5 --currency USD --expires-in 15m',
    },
    {
      kind: 'refund',
      description: 'a refund session, giving back all or part of a completed collection',
      add: addRefundSessionOptions,
      make: createRefund,
      example:
        'dollr sessions create refund --original-payment-intent-id 42 --amount 10 --reason "damaged" --json',
    },
  ];

  for (const k of kinds) {
    const command = k.add(create.command(k.kind).description(k.description)).action(
      action<Record<string, unknown>>(async (ctx, flags) => {
        const client = await ctx.client();
        const session = (await k.make(client, flags as never)) as Record<string, unknown>;
        ctx.out.result(session, () => renderSession(k.kind, session));
      }),
    );
    examples(command, [k.example]);
  }
}
