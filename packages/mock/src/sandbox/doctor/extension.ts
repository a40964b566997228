/**
 * The doctor in the pipeline (a `watch` hook, which runs before the faults and sees the answer the
 * caller saw) and its control operations. Each finding is also printed on the
 * sandbox's log unless it is quiet.
 */
import { exchangeOf } from '../exchange.js';
import { requestIdOf } from '../log/extension.js';
import type { ControlHandler, SandboxContext, SandboxExtension } from '../pipeline.js';
import { sessionStatus } from '../sessions.js';
import type { Tenant } from '../tenants.js';
import { Doctor, type DoctorWorld } from './doctor.js';
import { formatFinding } from './print.js';

const STATUS_OPERATIONS = new Set([
  'getCollectionStatus',
  'getPayoutStatus',
  'getTransferStatus',
  'getRefundStatus',
]);
const EXECUTE_OPERATIONS = new Set(['collect', 'payout', 'transfer', 'refund']);

function worldOf(tenant: Tenant): DoctorWorld {
  return {
    execution(referenceId) {
      const execution = tenant.store.getExecution(referenceId);
      return execution && { status: execution.status, sessionId: execution.session_id };
    },
    sessionStatus(sessionId) {
      if (!/^\d{1,15}$/.test(sessionId)) return undefined;
      const session = tenant.store.getSession(Number(sessionId));
      return session && sessionStatus(session, tenant.clock.nowMs());
    },
  };
}

/** The `status` field of a JSON answer. */
function answeredStatus(answer: unknown): string | undefined {
  const status = (answer as { status?: unknown } | undefined)?.status;
  return typeof status === 'string' ? status : undefined;
}

export function createDoctorExtension(print?: (line: string) => void): SandboxExtension {
  const doctorOf = (tenant: Tenant): Doctor =>
    tenant.state('doctor', () => {
      const doctor = new Doctor(worldOf(tenant), tenant.tokens.ttlMinutes * 60_000);
      if (print) doctor.subscribe((finding) => print(formatFinding(finding, tenant.id)));
      return doctor;
    });

  const watch = (c: SandboxContext) => {
    const tenant = c.get('tenant');
    const op = c.get('operation');
    const request = c.get('request');
    if (!tenant || !op || !request) return undefined;
    const operation = op.operationId;
    const exchange = exchangeOf(c);
    // The world as the caller found it: transitions due by now applied.
    if (EXECUTE_OPERATIONS.has(operation)) tenant.settle();
    const referenceId = STATUS_OPERATIONS.has(operation)
      ? String(request.path.reference_id)
      : undefined;
    exchange.atMs = tenant.clock.nowMs();
    const end = doctorOf(tenant).begin({
      requestId: requestIdOf(c, tenant),
      atMs: exchange.atMs,
      wallMs: performance.now(),
      method: c.req.method,
      path: c.req.path,
      operation,
      referenceId,
      body: request.body,
      clientId:
        operation === 'obtainToken'
          ? (request.body as { client_id?: string }).client_id
          : request.merchant.clientId,
    });
    return (c: SandboxContext) => {
      const answered = exchange.fault === undefined || exchange.fault.answered;
      const status = answered ? c.res.status : null;
      end({
        status,
        // Headers are read only where they matter: reading them costs every answer a Headers.
        retryAfter: status === 429 ? c.res.headers.get('retry-after') : null,
        executionStatus: referenceId === undefined ? undefined : answeredStatus(exchange.answer),
      });
    };
  };

  const control: Record<string, ControlHandler> = {
    getDoctorReport: ({ tenant }) => ({ findings: doctorOf(tenant).findings() }),
    clearDoctorReport: ({ tenant }) => {
      doctorOf(tenant).clear();
    },
  };
  return { name: 'doctor', watch, control };
}

/** The findings of a tenant so far; none when the doctor has not seen a request of it yet. */
export function findingsOf(tenant: Tenant) {
  // `state` keeps nothing for an undefined value, so this does not create a doctor.
  return tenant.state<Doctor | undefined>('doctor', () => undefined)?.findings() ?? [];
}
