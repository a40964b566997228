import type { DollrErrorCode, ValidationIssue } from '@dollr/client';
import { EXECUTION_KINDS } from '@dollr/spec/vocabulary';

/** Exit codes of the `dollr` command (also listed in `dollr --help` and the README). */
export const ExitCode = {
  ok: 0,
  api: 1,
  usage: 2,
  failed: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem with the command line or local setup, found before any request: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An execution that reached FAILED: exit 3. The result has already been printed. */
export class ExecutionFailedError extends Error {
  override name = 'ExecutionFailedError';
}

/** Any other failure the CLI explains itself (exit 1). */
export class CliError extends Error {
  override name = 'CliError';
}

/**
 * The client's errors as this module reads them: by their `code`, with types only, so that
 * explaining an error never loads the client.
 */
interface ClientErrorLike {
  code?: DollrErrorCode;
  message?: string;
  status?: number;
  method?: string;
  path?: string;
  detail?: string | ValidationIssue[];
  requestId?: string;
  retryAfterMs?: number;
  referenceId?: string;
}

/** What the CLI knows about the call that failed, to explain it better. */
export interface ErrorContext {
  baseUrl?: string;
  /** The kind of execution in flight, to say how to resume. */
  kind?: string;
  /** Attempts and elapsed time of the last request, from the client's hooks. */
  lastCall?: { attempts: number; elapsedMs: number };
}

export interface Explained {
  message: string;
  code: ExitCode;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

function detailText(detail: ClientErrorLike['detail']): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) return detail.map((d) => d.msg ?? '').join('; ');
  return '';
}

const ANY_KIND = `<${EXECUTION_KINDS.join('|')}>`;
const STATUS_PATH = new RegExp(`^/status/(${EXECUTION_KINDS.join('|')})/(.+)$`);

function resumeHint(kind: string | undefined, referenceId: string | undefined): string {
  if (!referenceId) return '';
  const k = kind ?? ANY_KIND;
  return `\nThe execution may have reached Dollr. Check it before trying again: dollr status ${k} ${referenceId} --wait`;
}

function explainApiError(e: ClientErrorLike, ctx: ErrorContext, issues: string[]): string {
  const where = `${e.status} on ${e.method ?? ''} ${e.path ?? ''}`.replace(/\s+/g, ' ').trim();
  const text = detailText(e.detail);
  const request = e.requestId ? ` (request id ${e.requestId})` : '';
  switch (e.status) {
    case 422: {
      if (issues.length > 0) {
        const lines = issues.map((line) => `  - ${line}`);
        return `Dollr rejected the request (${where})${request}:\n${lines.join('\n')}`;
      }
      return `Dollr rejected the request (${where})${request}: ${text || 'invalid request'}.`;
    }
    case 401:
      return `Dollr did not accept the credentials (${where}: ${text || 'unauthorized'}). Run \`dollr login\` to store valid ones, or check DOLLR_CLIENT_ID and DOLLR_CLIENT_SECRET${ctx.baseUrl ? ` for ${ctx.baseUrl}` : ''}.`;
    case 403:
      if (/passcode/i.test(text)) {
        return `Dollr refused the payout's passcode (${where}: ${text}). Check --passcode-code (or DOLLR_PASSCODE / --passcode-file) and --passcode-phone or --passcode-user-id.`;
      }
      return `Dollr refused the request (${where}: ${text || 'forbidden'}). Payouts, transfers and refunds need a merchant account verified for them: complete the merchant verification in the Dollr dashboard. A token from another environment is also refused: check --base-url.`;
    case 404: {
      const status = STATUS_PATH.exec(e.path ?? '');
      if (status) {
        return `Dollr knows no ${status[1]} with reference id ${status[2]}${ctx.baseUrl ? ` at ${ctx.baseUrl}` : ''} (404). An execution that never reached Dollr is not found: executing again with a new session and a new reference id is safe.`;
      }
      return `Not found (${where})${text ? `: ${text}` : ''}.`;
    }
    case 429: {
      const waited = ctx.lastCall
        ? ` after ${ctx.lastCall.attempts} attempt${ctx.lastCall.attempts === 1 ? '' : 's'} over ${seconds(ctx.lastCall.elapsedMs)}`
        : '';
      const ask =
        e.retryAfterMs !== undefined && e.retryAfterMs > 0
          ? `; Dollr asks to wait ${seconds(e.retryAfterMs)} more (Retry-After)`
          : '';
      return `Dollr is rate-limiting these requests (${where})${waited}${ask}. Try again later.`;
    }
    default:
      if (e.status !== undefined && e.status >= 500) {
        return `Dollr answered with a server error (${where})${text ? `: ${text}` : ''}${request}.`;
      }
      return `Dollr answered ${where}${text ? `: ${text}` : ''}${request}.`;
  }
}

/** One line per validation issue, by the client's formatter (the client is loaded by then). */
async function issueLines(detail: ClientErrorLike['detail']): Promise<string[]> {
  if (!Array.isArray(detail) || detail.length === 0) return [];
  const { formatValidationIssues } = await import('@dollr/client');
  return formatValidationIssues(detail);
}

/** Turns anything thrown into one explanation (sentences, never a stack trace) and an exit code. */
export async function explainError(error: unknown, ctx: ErrorContext = {}): Promise<Explained> {
  if (error instanceof UsageError) return { message: error.message, code: ExitCode.usage };
  if (error instanceof ExecutionFailedError)
    return { message: error.message, code: ExitCode.failed };
  if (error instanceof CliError) return { message: error.message, code: ExitCode.api };
  const e = (typeof error === 'object' && error !== null ? error : {}) as ClientErrorLike;
  // Only an ambiguous failure (no answer, or a server error) leaves the outcome unknown.
  const ambiguous = typeof e.status !== 'number' || e.status >= 500;
  const hint = ambiguous ? resumeHint(ctx.kind, e.referenceId) : '';
  if (typeof e.status === 'number') {
    const issues = await issueLines(e.detail);
    return { message: explainApiError(e, ctx, issues) + hint, code: ExitCode.api };
  }
  switch (e.code) {
    case 'wait_timeout':
      return {
        message: `Stopped waiting: ${e.message}. The execution goes on at Dollr.${hint}`,
        code: ExitCode.api,
      };
    case 'request_timeout':
      return {
        message: `Dollr did not answer in time${ctx.baseUrl ? ` (${ctx.baseUrl})` : ''}: ${e.message}.${hint}`,
        code: ExitCode.api,
      };
    case 'network_error':
      return {
        message: `Could not reach Dollr${ctx.baseUrl ? ` at ${ctx.baseUrl}` : ''}: ${e.message}. Check --base-url and your connection.${hint}`,
        code: ExitCode.api,
      };
    case 'aborted':
      return { message: `Interrupted.${hint}`, code: ExitCode.interrupted };
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return { message: `${message}${hint}`, code: ExitCode.api };
    }
  }
}
