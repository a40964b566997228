/** Outcomes: drive an execution now, answer 3-D Secure, set how a payment account's collections end. */
import type { components } from '../../generated/control.js';
import { HttpError, unprocessable } from '../errors.js';
import type { ControlHandler } from '../pipeline.js';
import type { Tenant } from '../tenants.js';
import { durationMs } from './duration.js';
import { executionOf } from './inspect.js';
import { isFinal, toSandboxExecution } from './wire.js';

type Schemas = components['schemas'];

function accountOf(tenant: Tenant, path: Record<string, unknown>) {
  const account = tenant.catalog.paymentAccount(String(path.payment_account_id));
  if (!account) throw new HttpError(404, 'Payment account not found');
  return account;
}

function notPending(
  status: Schemas['ExecutionStatus'],
): asserts status is 'PROCESSING' | 'COMPLETED' | 'FAILED' {
  if (status === 'PENDING') {
    throw unprocessable(
      ['body', 'status'],
      'an execution can be driven to PROCESSING, COMPLETED or FAILED, not back to PENDING',
      'value_error.status',
    );
  }
}

export const outcomeHandlers: Record<string, ControlHandler> = {
  driveExecution: ({ tenant, path, body }) => {
    const request = body as Schemas['DriveExecution'];
    const execution = executionOf(tenant, path);
    notPending(request.status);
    if (request.hold_for !== undefined && request.status !== 'PROCESSING') {
      throw unprocessable(
        ['body', 'hold_for'],
        'hold_for goes with status PROCESSING',
        'value_error.hold_for',
      );
    }
    if (isFinal(execution)) {
      throw unprocessable(
        ['path', 'reference_id'],
        `execution ${execution.reference_id} is already ${execution.status}`,
        'value_error.execution.final',
      );
    }
    const driven = tenant.lifecycle.drive(
      execution,
      {
        status: request.status,
        gateway_message: request.gateway_message,
        wallet_message: request.wallet_message,
        holdMs: request.hold_for === undefined ? undefined : durationMs(request.hold_for),
      },
      tenant.clock.nowMs(),
    );
    return toSandboxExecution(driven);
  },
  authenticateExecution: ({ tenant, path, body }) => {
    const execution = executionOf(tenant, path);
    if (execution.status !== 'PENDING' || !execution.requires_action) {
      throw unprocessable(
        ['path', 'reference_id'],
        `execution ${execution.reference_id} is not waiting for 3-D Secure`,
        'value_error.execution.not_requires_action',
      );
    }
    const { succeeded } = body as Schemas['Authenticate'];
    return toSandboxExecution(
      tenant.lifecycle.authenticate(execution, succeeded, tenant.clock.nowMs()),
    );
  },
  setPaymentAccountOutcome: ({ tenant, path, body }) => {
    const account = accountOf(tenant, path);
    const request = body as Schemas['SetAccountOutcome'];
    notPending(request.status);
    tenant.catalog.outcomes.set(account.id, {
      ...request,
      ...(request.hold_for !== undefined && { hold_ms: durationMs(request.hold_for) }),
      remaining: request.count ?? null,
    });
    return { payment_account_id: account.id, outcome: request, remaining: request.count ?? null };
  },
  clearPaymentAccountOutcome: ({ tenant, path }) => {
    tenant.catalog.outcomes.delete(accountOf(tenant, path).id);
    return null;
  },
};
