import { DollrRateLimitError, DollrTimeoutError } from './errors.js';
import { isFinalStatus, withReferenceId } from './executions.js';
import { sleep } from './retry.js';
import type { ExecutionKind, ExecutionResponse, ExecutionStatus, WaitOptions } from './types.js';

type GetExecution = (
  kind: ExecutionKind,
  referenceId: string,
  signal?: AbortSignal,
) => Promise<ExecutionResponse>;

/**
 * Polls an execution until it is COMPLETED or FAILED: at once, then every `intervalMs` growing
 * ×1.5 up to `maxIntervalMs`, waiting longer when the server rate-limits.
 */
export async function waitForExecution(
  getExecution: GetExecution,
  kind: ExecutionKind,
  referenceId: string,
  options: WaitOptions = {},
): Promise<ExecutionResponse> {
  const { signal, timeoutMs = 600_000, maxIntervalMs = 10_000, onStatus } = options;
  const deadline = Date.now() + timeoutMs;
  let interval = options.intervalMs ?? 2_000;
  let last: ExecutionStatus | undefined;
  try {
    for (;;) {
      let delay = interval;
      try {
        const execution = await getExecution(kind, referenceId, signal);
        if (execution.status !== last) {
          last = execution.status;
          onStatus?.(execution);
        }
        if (isFinalStatus(execution.status)) return execution;
      } catch (error) {
        if (!(error instanceof DollrRateLimitError)) throw error;
        delay = Math.max(interval, error.retryAfterMs ?? 0);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new DollrTimeoutError(
          timeoutMs,
          `Waiting for ${kind} ${referenceId}`,
          'wait_timeout',
        );
      }
      await sleep(Math.min(delay, remaining), signal);
      interval = Math.min(maxIntervalMs, interval * 1.5);
    }
  } catch (error) {
    throw withReferenceId(error, referenceId);
  }
}
