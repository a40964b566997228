/** Tenants: create, list, read the token's own, reset, delete. */
import type { components } from '../../generated/control.js';
import { HttpError, unprocessable } from '../errors.js';
import type { ControlHandler } from '../pipeline.js';
import type { Tenant, TenantRegistry } from '../tenants.js';
import { toTenant } from './wire.js';

type Schemas = components['schemas'];

function tenantById(tenants: TenantRegistry, path: Record<string, unknown>): Tenant {
  const tenant = tenants.get(String(path.tenant_id));
  if (!tenant) throw new HttpError(404, 'Tenant not found');
  return tenant;
}

export const tenantHandlers: Record<string, ControlHandler> = {
  listTenants: ({ tenants }) => ({ tenants: tenants.list().map(toTenant) }),
  createTenant: ({ tenants, body }) => {
    const request = body as Schemas['CreateTenant'];
    const { tenant, clientSecret } = tenants.create({
      name: request.name,
      clock: request.clock,
      startAt: request.start_at,
    });
    return { ...toTenant(tenant), client_secret: clientSecret };
  },
  getCurrentTenant: ({ tenant }) => toTenant(tenant),
  resetTenant: ({ tenants, path }) => {
    const tenant = tenantById(tenants, path);
    if (!tenant.resettable) {
      throw unprocessable(
        ['path', 'tenant_id'],
        'this tenant keeps its world in a SQLite file and cannot be reset; start the sandbox on a new file',
        'value_error.tenant.not_resettable',
      );
    }
    tenant.reset();
    return toTenant(tenant);
  },
  deleteTenant: ({ tenants, path }) => {
    const tenant = tenantById(tenants, path);
    if (tenant.isDefault) {
      throw unprocessable(
        ['path', 'tenant_id'],
        'the default tenant cannot be deleted',
        'value_error.tenant.default',
      );
    }
    tenants.delete(tenant.id);
    return null;
  },
};
