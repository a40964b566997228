/**
 * `node dist/main.js`: reads the environment, starts the demo, prints where everything is.
 */
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { startDemo } from './start.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const demo = await startDemo({
    config,
    log: (message) => console.log(`  · ${message}`),
  });

  const embedded = config.dollr.kind === 'embedded';
  const clientId =
    demo.testCredentials?.clientId ??
    (config.dollr.kind === 'external' ? config.dollr.clientId : '');
  // Only the embedded sandbox's public test secret is ever printed; a real secret never is.
  const secret = demo.testCredentials?.clientSecret ?? '<your client secret>';
  const lines = [
    '',
    'Dollr demo merchant',
    `  Shop (pay an invoice)  ${demo.url}`,
    `  Admin                  ${demo.url}admin`,
    `  API reference          ${demo.url}docs`,
    embedded
      ? `  Dollr sandbox          ${demo.dollrUrl}  (embedded, in this process)`
      : `  Dollr API              ${demo.dollrUrl}`,
    ...(embedded
      ? [
          `  Test credentials       client id ${clientId}, client secret ${secret}`,
          '  Test accounts          wallet 23 · mobile money 18 · card 21 · 3-D Secure card 22 · failing 19',
        ]
      : []),
    '',
    'Try the CLI against it:',
    `  DOLLR_BASE_URL=${demo.dollrUrl} DOLLR_CLIENT_ID=${clientId} DOLLR_CLIENT_SECRET=${secret} \\`,
    `    node ${fileURLToPath(new URL('../../cli/dist/dollr.js', import.meta.url))} status source --source-type INVOICE --source-id 101`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping (unfinished payments are recovered on the next start)`);
    await demo.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error('The demo could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
