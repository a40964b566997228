import type { Command } from 'commander';
import { configPath, readConfig, writeConfig } from '../config.js';
import { UsageError } from '../errors.js';
import { formatRecord } from '../output.js';
import { ask, canPrompt } from '../prompt.js';
import { action } from '../run.js';
import { examples } from './help.js';

interface LoginOptions {
  clientId?: string;
  clientSecret?: string;
}

async function credential(
  flag: string | undefined,
  envName: string,
  question: string,
  hidden: boolean,
  flagName: string,
): Promise<string> {
  const given = flag ?? (process.env[envName]?.trim() || undefined);
  if (given) return given;
  if (!canPrompt()) {
    throw new UsageError(
      `Missing ${flagName}: pass it or set ${envName} (stdin is not a terminal, so dollr cannot ask).`,
    );
  }
  const answer = await ask(question, { hidden });
  if (!answer) throw new UsageError(`No ${flagName.replace(/^--/, '').replace('-', ' ')} given.`);
  return answer;
}

/** `dollr login`: verify API credentials and store them in a profile (mode 0600). */
export function registerLogin(program: Command): void {
  const login = program
    .command('login')
    .description('verify API credentials and store them in a profile')
    .option('--client-id <id>', 'client id (or DOLLR_CLIENT_ID; asked when missing on a terminal)')
    .option(
      '--client-secret <secret>',
      'client secret (or DOLLR_CLIENT_SECRET; asked, without echo, when missing on a terminal)',
    )
    .action(
      action<LoginOptions>(async (ctx, opts) => {
        const clientId = await credential(
          opts.clientId,
          'DOLLR_CLIENT_ID',
          'Client id: ',
          false,
          '--client-id',
        );
        const clientSecret = await credential(
          opts.clientSecret,
          'DOLLR_CLIENT_SECRET',
          'Client secret: ',
          true,
          '--client-secret',
        );
        ctx.addSecret(clientSecret);
        const client = await ctx.client({ clientId, clientSecret });
        await client.getToken();
        const config = await readConfig();
        const { profile, baseUrl } = ctx.settings;
        config.profiles[profile] = {
          client_id: clientId,
          client_secret: clientSecret,
          base_url: baseUrl,
          created_at: new Date().toISOString(),
        };
        config.default_profile ??= profile;
        const path = configPath();
        await writeConfig(config, path);
        ctx.out.result({ profile, client_id: clientId, base_url: baseUrl, config_path: path }, () =>
          formatRecord(`Logged in: profile "${profile}"`, [
            ['client id', clientId],
            ['base url', baseUrl],
            ['saved in', `${path} (mode 0600)`],
            [
              'use it',
              profile === config.default_profile
                ? 'it is the default profile'
                : `--profile ${profile}`,
            ],
          ]),
        );
      }),
    );
  examples(login, [
    'dollr login                                   # asks for the client id and secret',
    'dollr login --profile sandbox --base-url http://127.0.0.1:4010/v1',
    'DOLLR_CLIENT_ID=… DOLLR_CLIENT_SECRET=… dollr login < /dev/null   # non-interactive',
  ]);
}
