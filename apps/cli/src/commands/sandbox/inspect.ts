import type { Command } from 'commander';
import { parseId, parseReferenceId } from '../../flags.js';
import { money } from '../../output.js';
import { addCommand } from '../help.js';
import { requestAction } from './control.js';
import { formatObject, formatTable } from './view.js';

/** `dollr sandbox inspect sessions|session|executions|execution|wallets|ledger`. */
export function registerInspect(sandbox: Command): void {
  const inspect = addCommand(
    sandbox,
    'inspect',
    'what the tenant holds: sessions, executions, wallets and their ledgers',
    [
      'dollr sandbox inspect sessions',
      'dollr sandbox inspect executions --json',
      'dollr sandbox inspect execution 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
      'dollr sandbox inspect ledger 1',
    ],
  );

  inspect
    .command('sessions')
    .description('every session, newest first')
    .action(
      requestAction(
        'GET',
        (control) => control.GET('/_sandbox/sessions'),
        (list) =>
          formatTable(
            'Sessions',
            ['id', 'kind', 'status', 'expires at', 'reference id'],
            list.sessions.map((s) => [s.id, s.kind, s.status, s.expires_at, s.reference_id]),
          ),
      ),
    );

  inspect
    .command('session')
    .description('one session')
    .argument('<session_id>', 'the session', parseId)
    .action(
      requestAction(
        'GET',
        (control, [id]) =>
          control.GET('/_sandbox/sessions/{session_id}', {
            params: { path: { session_id: id as number } },
          }),
        (session) => formatObject(`Session ${session.id}`, session),
      ),
    );

  inspect
    .command('executions')
    .description('every execution, newest first')
    .action(
      requestAction(
        'GET',
        (control) => control.GET('/_sandbox/executions'),
        (list) =>
          formatTable(
            'Executions',
            ['reference id', 'operation', 'status', 'payer amount', 'session'],
            list.executions.map((e) => [
              e.reference_id,
              e.operation_type,
              e.status,
              money(e.payer_amount, e.payer_currency),
              e.session_id,
            ]),
          ),
      ),
    );

  inspect
    .command('execution')
    .description('one execution, with what the sandbox plans for it')
    .argument('<reference_id>', 'its UUID v4 reference id', parseReferenceId)
    .action(
      requestAction(
        'GET',
        (control, [referenceId]) =>
          control.GET('/_sandbox/executions/{reference_id}', {
            params: { path: { reference_id: referenceId as string } },
          }),
        (execution) => {
          const { client_secret: _hidden, ...shown } = execution;
          return formatObject(`Execution ${execution.reference_id}`, shown);
        },
      ),
    );

  inspect
    .command('wallets')
    .description('every wallet and its balance')
    .action(
      requestAction(
        'GET',
        (control) => control.GET('/_sandbox/wallets'),
        (list) =>
          formatTable(
            'Wallets',
            ['id', 'balance'],
            list.wallets.map((w) => [w.id, money(w.balance, w.currency)]),
          ),
      ),
    );

  inspect
    .command('ledger')
    .description("a wallet's balance and every movement of it, oldest first")
    .argument('<wallet_id>', 'the wallet', parseId)
    .action(
      requestAction(
        'GET',
        (control, [id]) =>
          control.GET('/_sandbox/wallets/{wallet_id}/ledger', {
            params: { path: { wallet_id: id as number } },
          }),
        (ledger) => {
          const { wallet } = ledger;
          return formatTable(
            `Wallet ${wallet.id}: ${money(wallet.balance, wallet.currency)}; movements`,
            ['at', 'reason', 'amount', 'balance', 'reference id'],
            ledger.entries.map((e) => [e.at, e.reason, e.amount, e.balance, e.reference_id]),
          );
        },
      ),
    );
}
