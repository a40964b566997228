import type { ControlComponents, CreateFault } from '@dollr/mock/control';
import type { Command } from 'commander';
import { addCommand } from '../help.js';
import { deleteAction, requestAction } from './control.js';
import { inPath, subcommand } from './define.js';
import {
  parseConstant,
  parseCount,
  parseDateTime,
  parseDurationFlag,
  parseProbability,
  parseToken,
  parseWhole,
} from './flags.js';
import { formatTable } from './view.js';

type Fault = ControlComponents['schemas']['Fault'];

interface AddFlags {
  operation?: string;
  method?: CreateFault['method'];
  count?: number;
  probability?: number;
  from?: string;
  until?: string;
  latency?: string;
  status?: number;
  retryAfter?: number;
  holdFor?: string;
}

/** The rule's body: the kind and every flag given, under the spec's names. */
function rule(kind: CreateFault['kind'], flags: AddFlags): CreateFault {
  const { retryAfter, holdFor, ...same } = flags;
  return {
    kind,
    ...Object.fromEntries(Object.entries(same).filter(([, v]) => v !== undefined)),
    ...(retryAfter !== undefined && { retry_after: retryAfter }),
    ...(holdFor !== undefined && { hold_for: holdFor }),
  };
}

function describeRule(fault: Fault): string {
  const { kind, operation, method, count: _c, probability, ...rest } = fault.rule;
  const where = `${method ?? 'any method'} ${operation ?? 'every operation'}`;
  const when = probability !== undefined ? `p=${probability}` : '';
  const params = Object.entries(rest)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return [kind, where, when, params].filter(Boolean).join('  ');
}

function renderFaults(faults: Fault[]): string {
  return formatTable(
    'Fault rules',
    ['id', 'fired', 'remaining', 'rule'],
    faults.map((f) => [f.id, f.fired, f.remaining ?? 'every match', describeRule(f)]),
  );
}

/** `dollr sandbox faults add|list|clear`. */
export function registerFaults(sandbox: Command): void {
  const faults = addCommand(
    sandbox,
    'faults',
    "production's failures on demand, for the tenant's Dollr requests that match",
    [
      'dollr sandbox faults add ERROR_AFTER_EFFECT --operation collect --count 1   # the lost answer after commit',
      'dollr sandbox faults add RATE_LIMIT --retry-after 3 --probability 25%',
      'dollr sandbox faults add LATENCY --latency 1500ms --method GET',
      'dollr sandbox faults list',
      'dollr sandbox faults clear',
    ],
  );

  subcommand(
    faults,
    'add',
    "add a rule (the kinds are the control API's FaultKind; a wrong one is answered with the list)",
    ['<kind>', 'what goes wrong, such as ERROR_AFTER_EFFECT', parseConstant],
  )
    .option('--operation <id>', 'a Dollr operationId such as collect (default: every operation)')
    .option('--method <method>', 'GET or POST (default: both)', parseConstant)
    .option('--count <n>', 'the next n matching requests only', parseCount)
    .option(
      '--probability <p>',
      'each matching request with this probability: 0.25 or 25%',
      parseProbability,
    )
    .option('--from <time>', 'from this test-clock time (ISO 8601)', parseDateTime)
    .option('--until <time>', 'until this test-clock time (ISO 8601)', parseDateTime)
    .option(
      '--latency <duration>',
      'LATENCY: how much later the answer comes (at most 60s)',
      parseDurationFlag,
    )
    .option('--status <code>', 'the 5xx of ERROR_BEFORE_EFFECT or ERROR_AFTER_EFFECT', parseWhole)
    .option('--retry-after <seconds>', 'RATE_LIMIT: the Retry-After seconds', parseWhole)
    .option(
      '--hold-for <duration>',
      'HOLD_PROCESSING: how long, on the test clock',
      parseDurationFlag,
    )
    .action(
      requestAction(
        'POST',
        (control, [kind], flags: AddFlags) =>
          control.POST('/_sandbox/faults', {
            body: rule(kind as CreateFault['kind'], flags),
          }),
        (fault) => `Fault rule ${fault.id} added: ${describeRule(fault)}`,
      ),
    );

  subcommand(
    faults,
    'list',
    'the rules, in the order they are tried, with how often each fired',
  ).action(
    requestAction(
      'GET',
      (control) => control.GET('/_sandbox/faults'),
      (list) => renderFaults(list.faults),
    ),
  );

  subcommand(faults, 'clear', 'remove one rule, or every rule', [
    '[fault_id]',
    'the rule to remove (default: all of them)',
    parseToken,
  ]).action(
    deleteAction(
      (control, [id]) =>
        typeof id === 'string'
          ? control.DELETE('/_sandbox/faults/{fault_id}', inPath({ fault_id: id }))
          : control.DELETE('/_sandbox/faults'),
      ([id]) => ({
        value: { cleared: id ?? 'all' },
        text: typeof id === 'string' ? `Fault rule ${id} removed.` : 'Every fault rule removed.',
      }),
    ),
  );
}
