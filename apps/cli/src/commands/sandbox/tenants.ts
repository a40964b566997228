import type { Tenant, TenantCreated } from '@dollr/mock/control';
import type { Command } from 'commander';
import { configPath, writeConfig } from '../../config.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { parseProfileName } from '../../flags.js';
import { formatRecord } from '../../output.js';
import { addCommand } from '../help.js';
import { deleteAction, ok, requestAction, sandboxAction } from './control.js';
import { inPath, subcommand, TENANT_ID } from './define.js';
import { parseDateTime, parseLowerConstant } from './flags.js';
import { formatTable } from './view.js';

interface CreateFlags {
  name?: string;
  clock?: Tenant['clock']['mode'];
  startAt?: string;
  showSecret?: boolean;
  saveProfile?: string;
}

function renderTenant(tenant: Tenant, secretNote?: string): string {
  return formatRecord(`Tenant ${tenant.id}${tenant.default ? ' (default)' : ''}`, [
    ['name', tenant.name],
    ['client id', tenant.client_id],
    ['client secret', secretNote],
    ['clock', `${tenant.clock.now} (${tenant.clock.mode})`],
    ['created at', tenant.created_at],
  ]);
}

/** Refuses, before the tenant is made, a profile name that is already taken. */
function assertProfileFree(ctx: Context, name: string | undefined): void {
  if (name && ctx.settings.config.profiles[name]) {
    throw new UsageError(
      `A profile named "${name}" exists already: pick another --save-profile name, or remove it with \`dollr logout --profile ${name}\`.`,
    );
  }
}

async function saveProfile(ctx: Context, name: string, tenant: TenantCreated): Promise<void> {
  const { config } = ctx.settings;
  config.profiles[name] = {
    client_id: tenant.client_id,
    client_secret: tenant.client_secret,
    base_url: ctx.settings.baseUrl,
    created_at: new Date().toISOString(),
  };
  await writeConfig(config);
}

/** What `create` prints: the secret only with --show-secret. */
function shown(tenant: TenantCreated, flags: CreateFlags): { value: object; note: string } {
  if (flags.showSecret) return { value: tenant, note: tenant.client_secret };
  const { client_secret: _secret, ...rest } = tenant;
  const where = flags.saveProfile
    ? `saved in profile "${flags.saveProfile}" (${configPath()}); use it with --profile ${flags.saveProfile}`
    : 'hidden (shown once: add --show-secret, or --save-profile <name> to store it)';
  return {
    value: { ...rest, ...(flags.saveProfile && { profile: flags.saveProfile }) },
    note: where,
  };
}

/** `dollr sandbox tenants create|list|current|delete|reset`. */
export function registerTenants(sandbox: Command): void {
  const tenants = addCommand(
    sandbox,
    'tenants',
    'isolated merchants in one sandbox, each with its credentials, world, clock and log',
    [
      'dollr sandbox tenants create --name ci --save-profile ci   # the secret goes to the profile (0600)',
      'dollr --profile ci sandbox clock advance 16m                # acts on that tenant only',
      'dollr sandbox tenants create --show-secret --json           # prints the secret',
      'dollr sandbox tenants list',
    ],
  );

  subcommand(
    tenants,
    'create',
    'a new tenant seeded with the fixtures; its secret is printed only when asked',
  )
    .option('--name <name>', 'a name to recognise it by')
    .option(
      '--clock <mode>',
      'real (wall time, the default) or manual (moves only when told)',
      parseLowerConstant,
    )
    .option('--start-at <time>', 'where its clock starts (ISO 8601)', parseDateTime)
    .option('--show-secret', 'print the client secret (it is shown only once)')
    .option(
      '--save-profile <name>',
      'store the credentials in this CLI profile (file mode 0600)',
      parseProfileName,
    )
    .action(
      sandboxAction<CreateFlags>(async (control, ctx, flags) => {
        assertProfileFree(ctx, flags.saveProfile);
        const tenant = await ok(
          control.POST('/_sandbox/tenants', {
            body: {
              ...(flags.name !== undefined && { name: flags.name }),
              ...(flags.clock !== undefined && { clock: flags.clock }),
              ...(flags.startAt !== undefined && { start_at: flags.startAt }),
            },
          }),
          'POST',
        );
        if (!flags.showSecret) ctx.addSecret(tenant.client_secret);
        if (flags.saveProfile) await saveProfile(ctx, flags.saveProfile, tenant);
        const { value, note } = shown(tenant, flags);
        ctx.out.result(value, () => renderTenant(tenant, note));
      }),
    );

  subcommand(tenants, 'list', 'every tenant, the default one first').action(
    requestAction(
      'GET',
      (control) => control.GET('/_sandbox/tenants'),
      (list) =>
        formatTable(
          'Tenants',
          ['id', 'name', 'client id', 'clock'],
          list.tenants.map((t) => [
            `${t.id}${t.default ? ' *' : ''}`,
            t.name,
            t.client_id,
            `${t.clock.now} (${t.clock.mode})`,
          ]),
        ),
    ),
  );

  subcommand(tenants, 'current', 'the tenant of the credentials in use').action(
    requestAction('GET', (control) => control.GET('/_sandbox/tenant'), renderTenant),
  );

  subcommand(tenants, 'delete', 'remove a tenant, its world and its credentials', TENANT_ID).action(
    deleteAction(
      (control, [id]) =>
        control.DELETE('/_sandbox/tenants/{tenant_id}', inPath({ tenant_id: id as string })),
      ([id]) => ({ value: { id, deleted: true }, text: `Tenant ${String(id)} deleted.` }),
    ),
  );

  subcommand(
    tenants,
    'reset',
    'back to the fixtures: world, clock, faults, doctor and log (credentials kept)',
    TENANT_ID,
  ).action(
    requestAction(
      'POST',
      (control, [id]) =>
        control.POST('/_sandbox/tenants/{tenant_id}/reset', inPath({ tenant_id: id as string })),
      (tenant) => `${renderTenant(tenant)}\n  (reset to the fixtures)`,
    ),
  );
}
