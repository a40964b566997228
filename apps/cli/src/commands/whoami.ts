import type { Command } from 'commander';
import type { Context } from '../context.js';
import { formatRecord } from '../output.js';
import { action } from '../run.js';
import { addCommand } from './help.js';

/** Prints the credentials in use, once Dollr has issued a token for them. */
async function showCredentials(ctx: Context): Promise<void> {
  const { settings } = ctx;
  const client = await ctx.client();
  await client.getToken();
  const info = {
    profile: settings.credentials === 'profile' ? settings.profile : null,
    credentials_from: settings.credentials,
    client_id: settings.clientId,
    base_url: settings.baseUrl,
    verified: true,
  };
  ctx.out.result(info, () =>
    formatRecord(`Client ${settings.clientId}`, [
      [
        'credentials',
        settings.credentials === 'env'
          ? 'DOLLR_CLIENT_ID / DOLLR_CLIENT_SECRET'
          : `profile "${settings.profile}"`,
      ],
      ['base url', settings.baseUrl],
      ['verified', 'yes (Dollr issued a token)'],
    ]),
  );
}

/** `dollr whoami`: the credentials in use, checked with Dollr. */
export function registerWhoami(program: Command): void {
  addCommand(program, 'whoami', 'show the credentials in use and check them with Dollr', [
    'dollr whoami',
    'dollr whoami --profile sandbox --json',
  ]).action(action(showCredentials));
}
