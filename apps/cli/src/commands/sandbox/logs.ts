import type { ControlComponents } from '@dollr/mock/control';
import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { action } from '../../run.js';
import { addCommand } from '../help.js';
import { ControlApiError, controlClient } from './control.js';
import { parseCount, parseWhole } from './flags.js';

type LoggedRequest = ControlComponents['schemas']['LoggedRequest'];

interface TailFlags {
  after?: number;
  count?: number;
}

/** One request on one line: time, id, method, path, status, duration, fault. */
function renderLine(r: LoggedRequest): string {
  const time = r.at.slice(11, 23);
  const status = r.status === null ? 'no answer' : String(r.status);
  const fault = r.fault ? `  [fault ${r.fault}]` : '';
  return `${time}  #${r.id}  ${r.method} ${r.path}  ${status}  ${Math.round(r.duration_ms)} ms${fault}`;
}

/** Stops on Ctrl-C or SIGTERM: the end of a tail, not an error. */
function stopSignal(): { signal: AbortSignal; stopped: () => boolean } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.removeAllListeners('SIGINT');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { signal: controller.signal, stopped: () => controller.signal.aborted };
}

/** Follows the tenant's request log (Server-Sent Events) and prints each request as it comes. */
async function tail(ctx: Context, flags: TailFlags): Promise<void> {
  const control = await controlClient(ctx);
  const { createParser } = await import('eventsource-parser');
  const { signal, stopped } = stopSignal();
  const { response } = await control
    .GET('/_sandbox/requests/stream', {
      params: { query: flags.after !== undefined ? { after: flags.after } : {} },
      parseAs: 'stream',
      signal,
    })
    .catch((error: unknown) => {
      if (stopped()) return { response: undefined };
      throw error;
    });
  if (!response) return;
  if (!response.ok || !response.body) {
    const detail = await response.json().catch(() => undefined);
    throw new ControlApiError(response, 'GET', (detail as { detail?: unknown })?.detail);
  }
  ctx.out.progress(
    `Following the requests of this tenant at ${ctx.settings.baseUrl} (Ctrl-C stops).`,
  );
  let seen = 0;
  const parser = createParser({
    onEvent(event) {
      if (event.event !== 'request' || seen === flags.count) return;
      const request = JSON.parse(event.data) as LoggedRequest;
      seen += 1;
      process.stdout.write(`${ctx.out.json ? JSON.stringify(request) : renderLine(request)}\n`);
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let ended = false;
  try {
    while (seen !== flags.count && !ended) {
      const { done, value } = await reader.read();
      if (done) ended = true;
      else parser.feed(value);
    }
  } catch {
    ended = !stopped();
  } finally {
    await reader.cancel().catch(() => {});
  }
  if (ended) {
    throw new CliError(
      `The sandbox at ${ctx.settings.baseUrl} closed the stream after ${seen} request${seen === 1 ? '' : 's'}: was it stopped?`,
    );
  }
}

/** `dollr logs tail`: the tenant's requests live, NDJSON with --json. */
export function registerLogs(program: Command): void {
  const logs = program
    .command('logs')
    .description("the sandbox's request log of the tenant in use");
  addCommand(
    logs,
    'tail',
    'print each request of the tenant and its answer as it happens (secrets redacted)',
    [
      'dollr logs tail',
      'dollr logs tail --json | jq .status        # one JSON document per line (NDJSON)',
      'dollr --profile ci logs tail --after 0     # the whole log of the tenant of profile ci, then live',
    ],
  )
    .option(
      '--after <id>',
      'only requests after this id (default: every request the log keeps, then live ones)',
      parseWhole,
    )
    .option('--count <n>', 'stop after n requests', parseCount)
    .action(action<TailFlags>(tail));
}
