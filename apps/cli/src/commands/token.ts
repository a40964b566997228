import type { Command } from 'commander';
import { action } from '../run.js';
import { examples } from './help.js';

/** `dollr token`: a fresh access token, the one command that prints a secret. */
export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('print a fresh access token (the one command that prints a secret)')
    .action(
      action(async (ctx) => {
        const client = await ctx.client();
        const accessToken = await client.getToken();
        ctx.out.result({ access_token: accessToken }, () => accessToken);
      }),
    );
  examples(token, [
    'curl -H "Authorization: Bearer $(dollr token)" https://api.heydollr.app/v1/status/source?source_type=INVOICE&source_id=101',
  ]);
}
