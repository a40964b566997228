/**
 * `node dist/main.js`: reads the environment, starts the demo, prints where everything is.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { accountsLine } from './accounts.js';
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
          `  Test accounts          ${accountsLine()}`,
        ]
      : []),
    '',
    'Try the CLI against it:',
    `  DOLLR_BASE_URL=${demo.dollrUrl} DOLLR_CLIENT_ID=${clientId} DOLLR_CLIENT_SECRET=${secret} \\`,
    `    ${dollrCommand()} status source --source-type INVOICE --source-id 101`,
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

/**
 * How to run the `dollr` command from here: the bin of @dollr/cli, a declared dependency of the
 * demo, run with this node (works without pnpm or a global install on the PATH).
 */
function dollrCommand(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('@dollr/cli/package.json');
    const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { dollr: string } };
    return `node ${join(dirname(manifest), bin.dollr)}`;
  } catch {
    return 'npx @dollr/cli';
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error('The demo could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
