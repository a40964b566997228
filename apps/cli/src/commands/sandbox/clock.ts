import type { Clock } from '@dollr/mock/control';
import type { Command } from 'commander';
import { formatRecord } from '../../output.js';
import { addCommand } from '../help.js';
import { requestAction } from './control.js';
import { subcommand } from './define.js';
import { parseDateTime, parseDurationFlag } from './flags.js';

function renderClock(clock: Clock): string {
  return formatRecord('Test clock', [
    ['now', clock.now],
    ['mode', clock.mode],
  ]);
}

export function registerClock(sandbox: Command): void {
  const clock = addCommand(
    sandbox,
    'clock',
    "the tenant's test clock: executions, session and token expiry follow it",
    [
      'dollr sandbox clock show',
      'dollr sandbox clock advance 16m      # or 90s, 2h, 1h30m, PT15M',
      'dollr sandbox clock set 2030-01-31T12:00:00Z',
    ],
  );

  subcommand(clock, 'show', "the tenant's current test time and clock mode").action(
    requestAction('GET', (control) => control.GET('/_sandbox/clock'), renderClock),
  );
  subcommand(
    clock,
    'advance',
    'move the clock forward; every transition due is applied before the answer',
    ['<duration>', 'how far: 90s, 15m, 2h, 1h30m or ISO 8601 such as PT15M', parseDurationFlag],
  ).action(
    requestAction(
      'POST',
      (control, [by]) => control.POST('/_sandbox/clock/advance', { body: { by: by as string } }),
      renderClock,
    ),
  );
  subcommand(clock, 'set', 'move the clock to a time at or after its current time', [
    '<time>',
    'an ISO 8601 date-time such as 2030-01-31T12:00:00Z',
    parseDateTime,
  ]).action(
    requestAction(
      'PUT',
      (control, [time]) => control.PUT('/_sandbox/clock', { body: { now: time as string } }),
      renderClock,
    ),
  );
}
