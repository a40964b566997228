import { Command, Option } from 'commander';
import { registerAuth } from './commands/auth.js';
import { registerCompletion } from './commands/completion.js';
import { registerExecute } from './commands/execute.js';
import { registerFlows } from './commands/flows.js';
import { registerMock } from './commands/mock.js';
import { registerLogs, registerSandbox } from './commands/sandbox/index.js';
import { registerSessions } from './commands/sessions.js';
import { registerStatus } from './commands/status.js';
import { DEFAULT_BASE_URL } from './context.js';
import { parseBaseUrl, parseProfileName } from './flags.js';
import { VERSION } from './version.js';

const FOOTER = `
Environment:
  DOLLR_BASE_URL, DOLLR_CLIENT_ID, DOLLR_CLIENT_SECRET, DOLLR_PROFILE, DOLLR_PASSCODE,
  DOLLR_PASSCODE_PHONE, DOLLR_PASSCODE_USER_ID, XDG_CONFIG_HOME, XDG_STATE_HOME

Exit codes:
  0 success · 1 API or network error · 2 usage error (nothing was sent) ·
  3 an execution FAILED · 130 interrupted (Ctrl-C; resume with \`dollr status <kind> <id> --wait\`)

Examples:
  $ dollr login
  $ dollr collect --source-type INVOICE --source-id 101 --payment-account-id 18 --currency USD
  $ dollr status collection 3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f --wait
  $ dollr mock --stateful      # then, in another shell, the printed export line
`;

/** The whole command tree. Building it loads no client code: that comes with each action. */
export function buildProgram(): Command {
  const program = new Command('dollr')
    .description('The Dollr payments API from your terminal: sessions, executions, status.')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(
      new Option(
        '--base-url <url>',
        `API root (env DOLLR_BASE_URL; default ${DEFAULT_BASE_URL})`,
      ).argParser(parseBaseUrl),
    )
    .option(
      '--profile <name>',
      'stored profile to use (env DOLLR_PROFILE; default "default")',
      parseProfileName,
    )
    .option('--json', 'machine-readable output on stdout only; progress goes to stderr')
    .option('--verbose', 'show requests and responses on stderr, secrets redacted')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText('after', FOOTER);
  registerAuth(program);
  registerSessions(program);
  registerExecute(program);
  registerStatus(program);
  registerFlows(program);
  registerMock(program);
  registerSandbox(program);
  registerLogs(program);
  registerCompletion(program);
  return program;
}
