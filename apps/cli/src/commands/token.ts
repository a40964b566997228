import type { Command } from 'commander';
import type { Context } from '../context.js';
import { action } from '../run.js';
import { addCommand } from './help.js';

/** Prints a fresh access token of the credentials in use. */
async function printToken(ctx: Context): Promise<void> {
  const client = await ctx.client();
  const accessToken = await client.getToken();
  ctx.out.result({ access_token: accessToken }, () => accessToken);
}

/** `dollr token`: a fresh access token, the one command that prints a secret. */
export function registerToken(program: Command): void {
  addCommand(
    program,
    'token',
    'print a fresh access token (the one command that prints a secret)',
    [
      'curl -H "Authorization: Bearer $(dollr token)" https://api.heydollr.app/v1/status/source?source_type=INVOICE&source_id=101',
    ],
  ).action(action(printToken));
}
