import type { Command } from 'commander';
import { readConfig } from '../config.js';
import type { Context } from '../context.js';
import { action } from '../run.js';
import { addCommand } from './help.js';

/** Prints the stored profiles, the default one marked. */
async function listProfiles(ctx: Context): Promise<void> {
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
          .map((p) => `${p.default ? '*' : ' '} ${p.name.padEnd(12)} ${p.client_id}  ${p.base_url}`)
          .join('\n'),
  );
}

/** `dollr profiles`: the stored profiles, the default marked. */
export function registerProfiles(program: Command): void {
  addCommand(program, 'profiles', 'list the stored profiles', [
    'dollr profiles',
    'dollr profiles --json',
  ]).action(action(listProfiles));
}
