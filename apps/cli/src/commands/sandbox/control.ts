import type { ControlClient } from '@dollr/mock/control';
import { type Context, DEFAULT_BASE_URL } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { importOptionalMock } from '../../optional-mock.js';
import { action } from '../../run.js';

interface Issue {
  loc?: Array<string | number>;
  msg?: string;
}

/** What the sandbox said, in one sentence, or one line per field of a 422. */
function explainDetail(detail: unknown): string {
  if (Array.isArray(detail) && detail.length > 0) {
    return `:\n${(detail as Issue[]).map((d) => `  - ${(d.loc ?? []).join('.') || '(request)'}: ${d.msg ?? ''}`).join('\n')}`;
  }
  return typeof detail === 'string' && detail ? `: ${detail}` : '.';
}

/** An answer of the control API that is not a success, explained (exit 1). */
export class ControlApiError extends CliError {
  override name = 'ControlApiError';
  readonly status: number;

  constructor(response: Response, method: string, detail: unknown) {
    const where = `${response.status} on ${method} ${new URL(response.url).pathname}`;
    const what =
      response.status === 422
        ? `The sandbox rejected the request (${where})`
        : response.status === 404
          ? `The sandbox has no such thing (${where})`
          : response.status === 401
            ? `The sandbox did not accept the credentials (${where}); a deleted tenant's or another sandbox's are refused`
            : `The sandbox answered ${where}`;
    super(`${what}${explainDetail(detail)}`);
    this.status = response.status;
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful answer; any other answer becomes a ControlApiError. */
export async function ok<T>(pending: Promise<Answer<T>>, method: string): Promise<T> {
  const { data, error, response } = await pending.catch((cause: unknown) => {
    throw new CliError(
      `Could not reach the sandbox: ${(cause as Error).message}. Is it still running?`,
    );
  });
  if (!response.ok) {
    const detail = (error as { detail?: unknown } | undefined)?.detail ?? error;
    throw new ControlApiError(response, method, detail);
  }
  return data as T;
}

/** With --verbose: each control request and its status on stderr (the token never shown). */
function verboseFetch(ctx: Context): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const started = Date.now();
    ctx.debug(`→ ${request.method} ${request.url}`);
    const response = await fetch(request);
    ctx.debug(`← ${response.status} ${request.method} ${request.url} (${Date.now() - started} ms)`);
    return response;
  };
}

/**
 * The control client for the sandbox at the configured base URL, authorised by a token of the
 * configured credentials: every command acts on the tenant those credentials belong to.
 */
export async function controlClient(ctx: Context): Promise<ControlClient> {
  if (ctx.settings.baseUrl === DEFAULT_BASE_URL) {
    throw new UsageError(
      `\`dollr sandbox\` steers a local sandbox, not ${DEFAULT_BASE_URL}. Start one with \`dollr mock --stateful\` and point the CLI at it (--base-url or DOLLR_BASE_URL).`,
    );
  }
  const [dollr, { createControlClient }] = await Promise.all([
    ctx.client(),
    importOptionalMock(() => import('@dollr/mock/control'), '`dollr sandbox`', '0.2'),
  ]);
  return createControlClient({
    baseUrl: ctx.settings.baseUrl,
    token: () => dollr.getToken(),
    ...(ctx.verbose && { fetch: verboseFetch(ctx) }),
  });
}

type SandboxHandler<O> = (
  control: ControlClient,
  ctx: Context,
  flags: O,
  args: unknown[],
) => Promise<void>;

/** A `dollr sandbox` action: the control client first, then the handler with parsed arguments. */
export function sandboxAction<O>(handler: SandboxHandler<O>) {
  return action<O>(async (ctx, flags, command) =>
    handler(await controlClient(ctx), ctx, flags, command.processedArgs),
  );
}

/**
 * A `dollr sandbox` action that sends one control request and prints its answer: as JSON with
 * --json, else as `render` words it.
 */
export function requestAction<T, O = unknown>(
  method: string,
  request: (control: ControlClient, args: unknown[], flags: O) => Promise<Answer<T>>,
  render: (data: T) => string,
) {
  return sandboxAction<O>(async (control, ctx, flags, args) => {
    const data = await ok(request(control, args, flags), method);
    ctx.out.result(data, () => render(data));
  });
}

/**
 * A `dollr sandbox` action that deletes: one DELETE request, then what it did, as `value` with
 * --json, else as `text`.
 */
export function deleteAction(
  request: (control: ControlClient, args: unknown[]) => Promise<Answer<unknown>>,
  done: (args: unknown[]) => { value: object; text: string },
) {
  return sandboxAction(async (control, ctx, _flags, args) => {
    await ok(request(control, args), 'DELETE');
    const { value, text } = done(args);
    ctx.out.result(value, () => text);
  });
}
