import { parseArgs } from 'node:util';
import { corsFromFlags } from './sandbox/cors.js';
import { TEST_CREDENTIALS, UNVERIFIED_CREDENTIALS } from './sandbox/fixtures.js';

const USAGE = `Usage: dollr-mock [options]

Run the Dollr API locally. By default a Prism mock of the bundled spec (stateless, answers
from the spec's examples); with --stateful the sandbox (sessions, executions, idempotency).

Options:
  --stateful             run the stateful sandbox instead of the Prism mock
  --db FILE              keep the sandbox's state in a SQLite file (implies --stateful)
  --port N               port to listen on (default 4010; 0 picks a free one)
  --host HOST            host to listen on (default 127.0.0.1)
  --processing-ms N      sandbox: PENDING → PROCESSING delay (default 1000)
  --settle-ms N          sandbox: PROCESSING → COMPLETED/FAILED delay (default 3000)
  --realtime-key-ttl N   sandbox: expires_in of realtime keys, in seconds (default 600)
  --dynamic              Prism: generate responses from the schemas instead of the examples
  --quiet                sandbox: no request log
  --cors-origin ORIGIN   a browser origin allowed to call (repeatable): an origin such as
                         https://shop.example, "local" (default: localhost, 127.0.0.1, [::1]
                         on any port), "*" (any origin) or "none" (no CORS headers)
  -h, --help             show this help
`;

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`--${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
  return n;
}

let close: (() => Promise<void>) | undefined;
let ready = false;
let stopping = false;
let stopRequested: NodeJS.Signals | undefined;

function stop(signal: NodeJS.Signals): void {
  if (!ready || !close) {
    stopRequested = signal;
    return;
  }
  if (stopping) return;
  stopping = true;
  close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`dollr-mock: ${String(error)} while stopping on ${signal}\n`);
      process.exit(1);
    },
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stateful: { type: 'boolean', default: false },
      db: { type: 'string' },
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'processing-ms': { type: 'string', default: '1000' },
      'settle-ms': { type: 'string', default: '3000' },
      'realtime-key-ttl': { type: 'string', default: '600' },
      dynamic: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'cors-origin': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = integer('port', values.port, 0, 65535);
  const stateful = values.stateful || values.db !== undefined;
  const cors = corsFromFlags(values['cors-origin']);

  // Signals are handled from the start: one arriving while the server starts stops it once ready.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  // Each mode loads only what it runs (start-up time: see bench/startup.mjs).
  if (stateful) {
    const { startSandbox } = await import('./sandbox/server.js');
    const sandbox = await startSandbox({
      port,
      host: values.host,
      db: values.db,
      delays: {
        processingMs: integer('processing-ms', values['processing-ms'], 0, 86_400_000),
        settleMs: integer('settle-ms', values['settle-ms'], 0, 86_400_000),
      },
      realtimeKeyTtlSeconds: integer('realtime-key-ttl', values['realtime-key-ttl'], 1, 86_400),
      quiet: values.quiet,
      cors,
    });
    close = sandbox.close;
    process.stdout.write(
      [
        `Dollr sandbox listening on ${sandbox.url}${values.db ? ` (state in ${values.db})` : ''}`,
        `baseUrl:        ${sandbox.url}`,
        `control API:    ${sandbox.rootUrl}/_sandbox   (test mode: clock, outcomes, tenants, faults, doctor)`,
        `realtime:       ${sandbox.realtime.url}   (SUPABASE_URL; websocket ${sandbox.realtime.websocketUrl})`,
        `anon key:       GET ${sandbox.rootUrl}/_sandbox/realtime → anon_key   (SUPABASE_ANON_KEY, public)`,
        // Public sandbox credentials, the same for everyone (see the README's test accounts).
        `client id:      ${TEST_CREDENTIALS.clientId}`,
        `client secret:  ${TEST_CREDENTIALS.clientSecret}`,
        `unverified:     ${UNVERIFIED_CREDENTIALS.clientId} / ${UNVERIFIED_CREDENTIALS.clientSecret}`,
        '',
      ].join('\n'),
    );
  } else {
    const { startMock } = await import('./prism.js');
    const mock = await startMock({ port, host: values.host, dynamic: values.dynamic, cors });
    close = mock.close;
    process.stdout.write(
      [
        `Dollr mock (Prism) listening on ${mock.url}`,
        `baseUrl:        ${mock.url}   (Prism serves the paths at the root, without /v1)`,
        'auth:           any bearer token; Prefer: code=404 or Prefer: example=CollectionFailed',
        '',
      ].join('\n'),
    );
  }

  ready = true;
  if (stopRequested) stop(stopRequested);
}

main().catch((error: unknown) => {
  process.stderr.write(`dollr-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
