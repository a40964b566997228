import type { Command } from 'commander';
import { formatRecord } from '../output.js';
import { action } from '../run.js';
import { examples } from './help.js';

/** `dollr whoami`: the credentials in use, checked with Dollr. */
export function registerWhoami(program: Command): void {
  const whoami = program
    .command('whoami')
    .description('show the credentials in use and check them with Dollr')
    .action(
      action(async (ctx) => {
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
      }),
    );
  examples(whoami, ['dollr whoami', 'dollr whoami --profile sandbox --json']);
}
