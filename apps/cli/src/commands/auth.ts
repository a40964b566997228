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

export function registerAuth(program: Command): void {
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

  const logout = program
    .command('logout')
    .description('remove the stored profile (or all of them)')
    .option('--all', 'remove every profile')
    .action(
      action<{ all?: boolean }>(async (ctx, opts) => {
        const config = await readConfig();
        const names = opts.all ? Object.keys(config.profiles) : [ctx.settings.profile];
        const removed = names.filter((name) => name in config.profiles);
        for (const name of removed) delete config.profiles[name];
        if (config.default_profile && !(config.default_profile in config.profiles)) {
          delete config.default_profile;
        }
        if (removed.length > 0) await writeConfig(config);
        ctx.out.result({ removed }, () =>
          removed.length > 0
            ? `Removed ${removed.map((n) => `profile "${n}"`).join(', ')}.`
            : `Nothing to remove: no profile "${ctx.settings.profile}".`,
        );
      }),
    );
  examples(logout, ['dollr logout', 'dollr logout --profile sandbox', 'dollr logout --all']);

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

  const profiles = program
    .command('profiles')
    .description('list the stored profiles')
    .action(
      action(async (ctx) => {
        const config = await readConfig();
        const list = Object.entries(config.profiles).map(([name, p]) => ({
          name,
          client_id: p.client_id,
          base_url: p.base_url,
          default: name === config.default_profile,
        }));
        ctx.out.result(list, () =>
          list.length === 0
            ? 'No profiles yet. Run `dollr login`.'
            : list
                .map(
                  (p) =>
                    `${p.default ? '*' : ' '} ${p.name.padEnd(12)} ${p.client_id}  ${p.base_url}`,
                )
                .join('\n'),
        );
      }),
    );
  examples(profiles, ['dollr profiles', 'dollr profiles --json']);

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
