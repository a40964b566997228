/** Records of the sandbox as the control API shows them (types generated from spec/control). */
import type { components } from '../../generated/control.js';
import { toExecutionResponse } from '../lifecycle.js';
import { iso, sessionStatus } from '../sessions.js';
import type { ExecutionRecord, LedgerRecord, SessionRecord, SourceRecord } from '../store.js';
import type { Tenant } from '../tenants.js';
import type { PaymentSourceStatusResponse } from '../types.js';

type Schemas = components['schemas'];

export function toSourceStatus(source: SourceRecord): PaymentSourceStatusResponse {
  return {
    source_id: source.source_id,
    source_type: source.source_type,
    source_number: source.source_number,
    status: source.status,
    currency: source.currency,
    total_amount: source.total_amount,
    paid_at: source.paid_at === null ? null : iso(source.paid_at),
  };
}

export function toSource(source: SourceRecord): Schemas['Source'] {
  return { ...toSourceStatus(source), fee_bearer: source.fee_bearer };
}

export function toClock(tenant: Tenant): Schemas['Clock'] {
  return { now: iso(tenant.clock.nowMs()), mode: tenant.clock.kind };
}

export function toTenant(tenant: Tenant): Schemas['Tenant'] {
  return {
    id: tenant.id,
    name: tenant.name,
    client_id: tenant.clientIds[0] as string,
    default: tenant.isDefault,
    created_at: iso(tenant.createdAt),
    clock: toClock(tenant),
  };
}

const FINAL = new Set(['COMPLETED', 'FAILED']);

export function isFinal(execution: ExecutionRecord): boolean {
  return FINAL.has(execution.status);
}

function plannedStatus(execution: ExecutionRecord): Schemas['ExecutionStatus'] {
  if (isFinal(execution)) return execution.status;
  if (execution.outcome === 'STUCK') return 'PROCESSING';
  if (execution.status === 'PROCESSING' && execution.next_at === null) return 'PROCESSING';
  return execution.outcome;
}

export function toSandboxExecution(execution: ExecutionRecord): Schemas['SandboxExecution'] {
  return {
    ...toExecutionResponse(execution),
    session_id: execution.session_id,
    client_id: execution.merchant,
    created_at: iso(execution.created_at),
    updated_at: iso(execution.updated_at),
    next_transition_at: execution.next_at === null ? null : iso(execution.next_at),
    planned_status: plannedStatus(execution),
    awaiting_authentication: execution.awaiting_authentication === true,
  };
}

export function toSandboxSession(session: SessionRecord, nowMs: number): Schemas['SandboxSession'] {
  const reference = session.reference_id ?? session.collection_reference_id;
  return {
    id: session.id,
    kind: session.kind,
    status: sessionStatus(session, nowMs),
    client_id: session.merchant,
    created_at: iso(session.created_at),
    updated_at: iso(session.updated_at),
    expires_at: iso(session.expires_at),
    reference_id: reference ?? null,
    ...(session.amount !== undefined && { amount: session.amount }),
    ...(session.currency !== undefined && { currency: session.currency }),
    ...(session.source_type !== undefined && { source_type: session.source_type }),
    ...(session.source_id !== undefined && { source_id: session.source_id }),
  };
}

export function toLedgerEntry(entry: LedgerRecord): Schemas['LedgerEntry'] {
  return { ...entry, at: iso(entry.at) };
}
