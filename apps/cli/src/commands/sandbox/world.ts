import type { ControlComponents, CreateSource } from '@dollr/mock/control';
import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { parseAmount, parseCurrency, parseId } from '../../flags.js';
import { formatRecord, money } from '../../output.js';
import { addCommand, examples } from '../help.js';
import { ok, requestAction, sandboxAction } from './control.js';
import { inPath, SESSION_ID, subcommand } from './define.js';
import { parseBalance, parseConstant } from './flags.js';
import { formatObject } from './view.js';

type Schemas = ControlComponents['schemas'];
type Source = Schemas['Source'];
type SourceType = CreateSource['source_type'];

function renderSource(source: Source): string {
  return formatRecord(`${source.source_type} ${source.source_id} (${source.source_number})`, [
    ['status', source.status],
    ['total', money(source.total_amount, source.currency)],
    ['fee bearer', source.fee_bearer],
    ['paid at', source.paid_at],
  ]);
}

interface CreateSourceFlags {
  amount: number;
  currency: string;
  id?: number;
  feeBearer?: CreateSource['fee_bearer'];
  status?: CreateSource['status'];
}

/** `dollr sandbox invoices|orders create|publish|cancel`. */
function registerSources(sandbox: Command, group: string, sourceType: SourceType): void {
  const noun = sourceType.toLowerCase();
  const sources = sandbox.command(group).description(`${noun}s that checkout sessions pay`);
  examples(sources, [
    `dollr sandbox ${group} create --amount 250 --currency USD --fee-bearer PAYEE --status ACTIVE`,
    `dollr sandbox ${group} publish 1001`,
    `dollr sandbox ${group} cancel 1001`,
  ]);
  subcommand(sources, 'create', `add an ${noun} (a draft, IDLE, unless --status says otherwise)`)
    .requiredOption('--amount <amount>', 'its total, in major units', parseAmount)
    .requiredOption('--currency <code>', 'its currency, such as USD', parseCurrency)
    .option('--id <id>', 'its id (default: the next free one)', parseId)
    .option('--fee-bearer <who>', 'PAYER (fees on top, the default) or PAYEE', parseConstant)
    .option('--status <status>', 'IDLE, ACTIVE or CANCELED', parseConstant)
    .action(
      requestAction(
        'POST',
        (control, _args, flags: CreateSourceFlags) => {
          const body: CreateSource = {
            source_type: sourceType,
            total_amount: flags.amount,
            currency: flags.currency,
            ...(flags.id !== undefined && { source_id: flags.id }),
            ...(flags.feeBearer !== undefined && { fee_bearer: flags.feeBearer }),
            ...(flags.status !== undefined && { status: flags.status }),
          };
          return control.POST('/_sandbox/sources', { body });
        },
        renderSource,
      ),
    );
  for (const [verb, description] of [
    ['publish', `make the ${noun} ACTIVE, payable by a checkout`],
    ['cancel', `make the ${noun} CANCELED`],
  ] as const) {
    subcommand(sources, verb, description, ['<id>', `the ${noun} id`, parseId]).action(
      requestAction(
        'POST',
        (control, [id]) => {
          const init = inPath({ source_type: sourceType, source_id: id as number });
          return verb === 'publish'
            ? control.POST('/_sandbox/sources/{source_type}/{source_id}/publish', init)
            : control.POST('/_sandbox/sources/{source_type}/{source_id}/cancel', init);
        },
        renderSource,
      ),
    );
  }
}

/** `dollr sandbox wallets set-balance <wallet_id> <balance>`. */
function registerWallets(sandbox: Command): void {
  const wallets = addCommand(
    sandbox,
    'wallets',
    'merchant wallets that payouts and transfers debit',
    ['dollr sandbox wallets set-balance 1 250 --currency USD'],
  );
  subcommand(
    wallets,
    'set-balance',
    'set a balance (a wallet that does not exist is created: give --currency)',
    ['<wallet_id>', 'the wallet', parseId],
    ['<balance>', 'the new balance, in major units', parseBalance],
  )
    .option('--currency <code>', 'the currency of a new wallet', parseCurrency)
    .action(
      requestAction(
        'PUT',
        (control, [id, balance], flags: { currency?: string }) =>
          control.PUT('/_sandbox/wallets/{wallet_id}', {
            ...inPath({ wallet_id: id as number }),
            body: {
              balance: balance as number,
              ...(flags.currency && { currency: flags.currency }),
            },
          }),
        (wallet) => `Wallet ${wallet.id}: ${money(wallet.balance, wallet.currency)}`,
      ),
    );
}

interface PayoutAccountFlags {
  id?: number;
  network?: string;
  status?: Schemas['CreatePayoutAccount']['status'];
  gatewayMessage?: string;
}

/** `dollr sandbox payout-accounts create` and `counterparties create`. */
function registerAccounts(sandbox: Command): void {
  const payoutAccounts = addCommand(sandbox, 'payout-accounts', 'where payouts send money', [
    'dollr sandbox payout-accounts create --network MTN --status FAILED --gateway-message "Account closed"',
  ]);
  subcommand(payoutAccounts, 'create', 'add a payout account, and say how payouts to it end')
    .option('--id <id>', 'its id (default: the next free one)', parseId)
    .option('--network <name>', 'its network, such as MTN')
    .option('--status <status>', 'how payouts to it end: COMPLETED or FAILED', parseConstant)
    .option('--gateway-message <text>', 'the gateway message its payouts carry')
    .action(
      requestAction(
        'POST',
        (control, _args, flags: PayoutAccountFlags) =>
          control.POST('/_sandbox/payout-accounts', {
            body: {
              ...(flags.id !== undefined && { id: flags.id }),
              ...(flags.network !== undefined && { network: flags.network }),
              ...(flags.status !== undefined && { status: flags.status }),
              ...(flags.gatewayMessage !== undefined && { gateway_message: flags.gatewayMessage }),
            },
          }),
        (account) => formatObject(`Payout account ${account.id}`, account),
      ),
    );

  const counterparties = addCommand(sandbox, 'counterparties', 'whom transfers pay', [
    'dollr sandbox counterparties create --id 12',
  ]);
  subcommand(counterparties, 'create', 'add a counterparty that transfer sessions can pay')
    .option('--id <id>', 'its id (default: the next free one)', parseId)
    .action(
      requestAction(
        'POST',
        (control, _args, flags: { id?: number }) =>
          control.POST('/_sandbox/counterparties', {
            body: flags.id !== undefined ? { id: flags.id } : {},
          }),
        (counterparty) => `Counterparty ${counterparty.id} created.`,
      ),
    );
}

/** `dollr sandbox sessions expire <session_id>`. */
function registerSessions(sandbox: Command): void {
  const sessions = addCommand(sandbox, 'sessions', 'sessions of every kind', [
    'dollr sandbox sessions expire 42',
  ]);
  subcommand(sessions, 'expire', 'expire a session now', SESSION_ID).action(
    requestAction(
      'POST',
      (control, [id]) =>
        control.POST(
          '/_sandbox/sessions/{session_id}/expire',
          inPath({ session_id: id as number }),
        ),
      (session) => formatObject(`Session ${session.id}`, session),
    ),
  );
}

/** `dollr sandbox merchant show|verify|unverify`. */
function registerMerchant(sandbox: Command): void {
  const merchant = addCommand(
    sandbox,
    'merchant',
    'the merchant of the credentials: verified, or not (payouts, transfers, refunds answer 403)',
    ['dollr sandbox merchant unverify', 'dollr sandbox merchant verify'],
  );
  const show = (ctx: Context, m: Schemas['Merchant']) =>
    ctx.out.result(m, () => `Merchant ${m.client_id}: ${m.verified ? 'verified' : 'unverified'}`);
  subcommand(merchant, 'show', 'whether the merchant is verified').action(
    sandboxAction(async (control, ctx) =>
      show(ctx, await ok(control.GET('/_sandbox/merchant'), 'GET')),
    ),
  );
  for (const [verb, verified] of [
    ['verify', true],
    ['unverify', false],
  ] as const) {
    subcommand(
      merchant,
      verb,
      verified ? 'allow payouts, transfers and refunds' : 'refuse them with 403, as Dollr does',
    ).action(
      sandboxAction(async (control, ctx) =>
        show(ctx, await ok(control.PUT('/_sandbox/merchant', { body: { verified } }), 'PUT')),
      ),
    );
  }
}

export function registerWorld(sandbox: Command): void {
  registerSources(sandbox, 'invoices', 'INVOICE');
  registerSources(sandbox, 'orders', 'ORDER');
  registerWallets(sandbox);
  registerAccounts(sandbox);
  registerSessions(sandbox);
  registerMerchant(sandbox);
}
