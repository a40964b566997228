import type { Command } from 'commander';
import { parseId, parseReferenceId } from '../../flags.js';
import { parseToken } from './flags.js';

/** A positional argument: how usage shows it, what it is, and the parser that checks it. */
export type Arg = readonly [spec: string, description: string, parse: (value: string) => unknown];

export const SESSION_ID: Arg = ['<session_id>', 'the session', parseId];
export const REFERENCE_ID: Arg = ['<reference_id>', 'its UUID v4 reference id', parseReferenceId];
export const PAYMENT_ACCOUNT_ID: Arg = ['<payment_account_id>', 'the payment account', parseId];
export const TENANT_ID: Arg = ['<tenant_id>', 'the tenant', parseToken];

/** A subcommand of a `dollr sandbox` group, with its positional arguments. */
export function subcommand(
  group: Command,
  name: string,
  description: string,
  ...args: Arg[]
): Command {
  const command = group.command(name).description(description);
  for (const [spec, text, parse] of args) command.argument(spec, text, parse);
  return command;
}

/** The `params` of a request whose path has parameters: `inPath({ session_id: 42 })`. */
export function inPath<P>(path: P): { params: { path: P } } {
  return { params: { path } };
}
