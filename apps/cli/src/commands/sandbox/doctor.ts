import type { ControlComponents } from '@dollr/mock/control';
import type { Command } from 'commander';
import { addCommand } from '../help.js';
import { deleteAction, requestAction } from './control.js';
import { subcommand } from './define.js';

type Finding = ControlComponents['schemas']['Finding'];

function renderFindings(findings: Finding[]): string {
  if (findings.length === 0)
    return 'The doctor found nothing: every request followed the Dollr docs.';
  const blocks = findings.map(
    (f) =>
      `${f.at}  ${f.rule}  (request ${f.request_id}: ${f.method} ${f.path})\n  ${f.message}\n  The Dollr docs: ${f.citation}`,
  );
  return [
    `The doctor found ${findings.length} problem${findings.length === 1 ? '' : 's'}:`,
    ...blocks,
  ].join('\n\n');
}

/** `dollr sandbox doctor show|clear`. */
export function registerDoctor(sandbox: Command): void {
  const doctor = addCommand(
    sandbox,
    'doctor',
    'where the integration broke a rule of the Dollr docs, citing the rule and the request',
    ['dollr sandbox doctor show', 'dollr sandbox doctor show --json', 'dollr sandbox doctor clear'],
  );

  subcommand(doctor, 'show', 'every finding, oldest first').action(
    requestAction(
      'GET',
      (control) => control.GET('/_sandbox/doctor'),
      (report) => renderFindings(report.findings),
    ),
  );
  subcommand(doctor, 'clear', 'forget the findings so far').action(
    deleteAction(
      (control) => control.DELETE('/_sandbox/doctor'),
      () => ({ value: { cleared: true }, text: 'Doctor findings cleared.' }),
    ),
  );
}
