import { parseArgs } from 'node:util';
import { startMock } from './prism.js';

const USAGE = `Usage: dollr-mock [options]

Run a Prism mock of the Dollr API on the bundled spec.

Options:
  --port N      port to listen on (default 4010; 0 picks a free one)
  --host HOST   host to listen on (default 127.0.0.1)
  --dynamic     generate responses from the schemas instead of the spec's examples
  -h, --help    show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      dynamic: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer between 0 and 65535, got ${values.port}`);
  }
  const server = await startMock({ port, host: values.host, dynamic: values.dynamic });
  process.stdout.write(`Dollr mock (Prism) listening on ${server.url}\n`);
  process.stdout.write(`baseUrl: ${server.url}\n`);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`dollr-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
