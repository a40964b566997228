/**
 * Faults in the request pipeline (the `beforeHandler` slot: after authentication and validation,
 * right before the operation), and their control operations. A request with no rule to try and
 * no `Dollr-Sandbox-Fault` header costs one lookup and one header read.
 */
import type { IncomingMessage } from 'node:http';
import { errorResponse } from '../app.js';
import { HttpError } from '../errors.js';
import { exchangeOf } from '../exchange.js';
import type { ControlHandler, SandboxContext, SandboxExtension } from '../pipeline.js';
import type { Tenant } from '../tenants.js';
import { sandboxOperations } from '../validation.js';
import { type FaultAnswer, runWithFault } from './apply.js';
import { connectionOf } from './connection.js';
import { FAULT_HEADER, parseFaultHeader } from './header.js';
import { type Fault, FaultBook } from './rules.js';
import type { CreateFault } from './types.js';
import { checkCreateFault } from './validate.js';

export const APPLIED_HEADER = 'Dollr-Sandbox-Fault-Applied';

export function faultBook(tenant: Tenant): FaultBook {
  return tenant.state('faults', () => new FaultBook());
}

/**
 * The fault header. Under @hono/node-server it is looked up in the name/value list Node's parser
 * made, which spares building a header object on every request.
 */
function faultHeader(c: SandboxContext): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(FAULT_HEADER);
  const raw = incoming.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === FAULT_HEADER.length && name.toLowerCase() === FAULT_HEADER) {
      value = value === undefined ? raw[i + 1] : `${value}, ${raw[i + 1]}`;
    }
  }
  return value;
}

function faultFor(c: SandboxContext, tenant: Tenant): Fault | undefined {
  const header = faultHeader(c);
  if (header !== undefined) {
    const parsed = parseFaultHeader(header);
    if ('issues' in parsed) throw new HttpError(422, parsed.issues);
    return parsed.fault;
  }
  const book = faultBook(tenant);
  if (book.empty) return undefined;
  const op = c.get('operation');
  return book.match(
    { operation: op?.operationId ?? null, method: c.req.method },
    tenant.clock.nowMs(),
  );
}

function referenceIdOf(c: SandboxContext): string | undefined {
  const body = c.get('request')?.body as { reference_id?: unknown } | undefined;
  return typeof body?.reference_id === 'string' ? body.reference_id : undefined;
}

function holdProcessing(tenant: Tenant, referenceId: string, ms: number | null): void {
  const execution = tenant.store.getExecution(referenceId);
  if (!execution || execution.status === 'COMPLETED' || execution.status === 'FAILED') return;
  tenant.lifecycle.drive(
    execution,
    { status: 'PROCESSING', holdMs: ms ?? undefined },
    tenant.clock.nowMs(),
  );
}

function toResponse(c: SandboxContext, fault: Fault, answer: FaultAnswer): Response {
  if (answer.type === 'none') return new Response(null, { status: 500 });
  const response = errorResponse(c, new HttpError(answer.status, answer.detail, answer.headers));
  response.headers.set(APPLIED_HEADER, fault.kind);
  return response;
}

/** Not async: a request without a fault goes on with no promise of its own. */
const faultsMiddleware = (
  c: SandboxContext,
  next: () => Promise<void>,
): Promise<void | Response> => {
  const tenant = c.get('tenant');
  if (!tenant) return next();
  let fault: Fault | undefined;
  try {
    fault = faultFor(c, tenant);
  } catch (error) {
    if (error instanceof HttpError) return Promise.resolve(errorResponse(c, error));
    throw error;
  }
  if (!fault) return next();
  return underFault(c, next, tenant, fault);
};

async function underFault(
  c: SandboxContext,
  next: () => Promise<void>,
  tenant: Tenant,
  fault: Fault,
): Promise<Response> {
  const kind = fault.kind;
  exchangeOf(c).fault = {
    kind,
    answered: kind !== 'RESET_AFTER_EFFECT' && kind !== 'NO_ANSWER_AFTER_EFFECT',
  };
  const answer = await runWithFault(fault, {
    proceed: next,
    status: () => c.res.status,
    referenceId: () => referenceIdOf(c),
    holdProcessing: (referenceId, ms) => holdProcessing(tenant, referenceId, ms),
    connection: connectionOf(c),
  });
  if (answer) {
    c.res = toResponse(c, fault, answer);
    return c.res;
  }
  c.res.headers.set(APPLIED_HEADER, kind);
  return c.res;
}

let operations: string[] | undefined;

/** The operationIds of the Dollr spec: what a rule's `operation` may name. */
function dollrOperationIds(): string[] {
  operations ??= sandboxOperations().map((op) => op.operationId);
  return operations;
}

const control: Record<string, ControlHandler> = {
  listFaults: ({ tenant }) => ({ faults: faultBook(tenant).list() }),
  createFault: ({ tenant, body }) => {
    const input = body as CreateFault;
    const issues = checkCreateFault(input, dollrOperationIds());
    if (issues.length) throw new HttpError(422, issues);
    return faultBook(tenant).add(input);
  },
  clearFaults: ({ tenant }) => {
    faultBook(tenant).clear();
  },
  deleteFault: ({ tenant, path }) => {
    if (!faultBook(tenant).remove(String(path.fault_id))) {
      throw new HttpError(404, `Fault rule ${String(path.fault_id)} not found`);
    }
  },
};

export const faultsExtension: SandboxExtension = {
  name: 'faults',
  beforeHandler: faultsMiddleware,
  control,
};
