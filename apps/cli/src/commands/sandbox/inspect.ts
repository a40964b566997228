import type { Command } from 'commander';
import { parseId } from '../../flags.js';
import { money } from '../../output.js';
import { addCommand } from '../help.js';
import { requestAction } from './control.js';
import { inPath, REFERENCE_ID, SESSION_ID, subcommand } from './define.js';
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

  subcommand(inspect, 'sessions', 'every session, newest first').action(
    requestAction(
      'GET',
      (control) => control.GET('/_sandbox/sessions'),
      ({ sessions }) =>
        formatTable(
          'Sessions',
          ['id', 'kind', 'status', 'expires at', 'reference id'],
          sessions.map((s) => [s.id, s.kind, s.status, s.expires_at, s.reference_id]),
        ),
    ),
  );

  subcommand(inspect, 'session', 'one session', SESSION_ID).action(
    requestAction(
      'GET',
      (control, [id]) =>
        control.GET('/_sandbox/sessions/{session_id}', inPath({ session_id: id as number })),
      (session) => formatObject(`Session ${session.id}`, session),
    ),
  );

  subcommand(inspect, 'executions', 'every execution, newest first').action(
    requestAction(
      'GET',
      (control) => control.GET('/_sandbox/executions'),
      ({ executions }) =>
        formatTable(
          'Executions',
          ['reference id', 'operation', 'status', 'payer amount', 'session'],
          executions.map((e) => [
            e.reference_id,
            e.operation_type,
            e.status,
            money(e.payer_amount, e.payer_currency),
            e.session_id,
          ]),
        ),
    ),
  );

  subcommand(
    inspect,
    'execution',
    'one execution, with what the sandbox plans for it',
    REFERENCE_ID,
  ).action(
    requestAction(
      'GET',
      (control, [referenceId]) =>
        control.GET(
          '/_sandbox/executions/{reference_id}',
          inPath({ reference_id: referenceId as string }),
        ),
      ({ client_secret: _hidden, ...shown }) =>
        formatObject(`Execution ${shown.reference_id}`, shown),
    ),
  );

  subcommand(inspect, 'wallets', 'every wallet and its balance').action(
    requestAction(
      'GET',
      (control) => control.GET('/_sandbox/wallets'),
      ({ wallets }) =>
        formatTable(
          'Wallets',
          ['id', 'balance'],
          wallets.map((w) => [w.id, money(w.balance, w.currency)]),
        ),
    ),
  );

  subcommand(inspect, 'ledger', "a wallet's balance and every movement of it, oldest first", [
    '<wallet_id>',
    'the wallet',
    parseId,
  ]).action(
    requestAction(
      'GET',
      (control, [id]) =>
        control.GET('/_sandbox/wallets/{wallet_id}/ledger', inPath({ wallet_id: id as number })),
      ({ wallet, entries }) =>
        formatTable(
          `Wallet ${wallet.id}: ${money(wallet.balance, wallet.currency)}; movements`,
          ['at', 'reason', 'amount', 'balance', 'reference id'],
          entries.map((e) => [e.at, e.reason, e.amount, e.balance, e.reference_id]),
        ),
    ),
  );
}
