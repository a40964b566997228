import type { Command } from 'commander';
import { readConfig, writeConfig } from '../config.js';
import { action } from '../run.js';
import { examples } from './help.js';

/** `dollr logout`: remove the stored profile, or all of them. */
export function registerLogout(program: Command): void {
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
}
