import { isFinalExecutionStatus } from '@dollr/spec/vocabulary';
import type { Client } from 'openapi-fetch';
import {
  DollrAbortError,
  DollrApiError,
  DollrError,
  DollrNetworkError,
  DollrTimeoutError,
} from './errors.js';
import { unwrap } from './responses.js';
import { backoffDelay, type RetryPolicy, sleep } from './retry.js';
import type {
  ExecuteOptions,
  ExecutionKind,
  ExecutionResponse,
  ExecutionStatus,
  paths,
  TransferExecutionPayload,
} from './types.js';

/** A fresh UUID v4 for `reference_id`, from the platform's Web Crypto. */
export function newReferenceId(): string {
  return globalThis.crypto.randomUUID();
}

/** True for the statuses an execution never leaves (the spec's `x-final-statuses`). */
export function isFinalStatus(status: ExecutionStatus): boolean {
  return isFinalExecutionStatus(status);
}

/** Marks an error with the reference id of the attempt it belongs to. */
export function withReferenceId(error: unknown, referenceId: string): unknown {
  if (error instanceof DollrError) error.referenceId ??= referenceId;
  return error;
}

type Api = Client<paths>;
// The four execute and status operations share their shapes; one literal types them all.
type ExecutePath = '/executions/transfer';
type StatusPath = '/status/collection/{reference_id}';

export function getExecution(
  api: Api,
  kind: ExecutionKind,
  referenceId: string,
  signal?: AbortSignal,
): Promise<ExecutionResponse> {
  const template = `/status/${kind}/{reference_id}` as StatusPath;
  const call = api.GET(template, { params: { path: { reference_id: referenceId } }, signal });
  return unwrap(call, 'GET', `/status/${kind}/${referenceId}`);
}

/** An answer that leaves open whether the server executed: poll, never blindly re-send. */
function isAmbiguous(error: unknown): boolean {
  return (
    error instanceof DollrTimeoutError ||
    error instanceof DollrNetworkError ||
    (error instanceof DollrApiError && error.status >= 500)
  );
}

/**
 * Executes once per reference id: mints the id when missing, hands it to `onReferenceId` before
 * sending, and after an ambiguous failure looks the execution up by status instead of sending
 * again. Only a definite 404 from the status endpoint allows one re-send, with the same id.
 */
export async function execute<T extends { reference_id?: string }>(
  api: Api,
  retry: RetryPolicy,
  kind: ExecutionKind,
  input: T,
  options: ExecuteOptions = {},
): Promise<ExecutionResponse> {
  const referenceId = input.reference_id ?? newReferenceId();
  const body = { ...input, reference_id: referenceId };
  const { signal } = options;
  await options.onReferenceId?.(referenceId);
  let resent = false;
  try {
    for (;;) {
      try {
        const call = api.POST(`/executions/${kind}` as ExecutePath, {
          body: body as unknown as TransferExecutionPayload,
          signal,
        });
        return await unwrap(call, 'POST', `/executions/${kind}`);
      } catch (error) {
        if (!isAmbiguous(error)) throw error;
        const found = await lookUp(api, retry, kind, referenceId, error, signal);
        if (found) return found;
        if (resent) throw error;
        resent = true; // a definite 404: the server never saw it; send the same id once more
      }
    }
  } catch (error) {
    throw withReferenceId(error, referenceId);
  }
}

/** The execution behind an ambiguous failure, or undefined when the server answers 404. */
async function lookUp(
  api: Api,
  retry: RetryPolicy,
  kind: ExecutionKind,
  referenceId: string,
  failure: unknown,
  signal: AbortSignal | undefined,
): Promise<ExecutionResponse | undefined> {
  await sleep(backoffDelay(retry, 0), signal);
  try {
    return await getExecution(api, kind, referenceId, signal);
  } catch (error) {
    if (error instanceof DollrApiError && error.status === 404) return undefined;
    // Still unknown: report the original, ambiguous failure (unless the caller aborted).
    throw error instanceof DollrAbortError ? error : failure;
  }
}
