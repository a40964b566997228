import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parsePort } from '../flags.js';
import { importOptionalMock } from '../optional-mock.js';
import { formatRecord } from '../output.js';
import { action } from '../run.js';
import { examples } from './help.js';

interface MockFlags {
  stateful?: boolean;
  port: number;
  db?: string;
}

export function registerMock(program: Command): void {
  const mock = program
    .command('mock')
    .description('run a local Dollr: the Prism mock of the spec, or with --stateful the sandbox')
    .option(
      '--stateful',
      'run the stateful sandbox (lifecycle, expiry, idempotency) instead of Prism',
    )
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 4010)
    .option('--db <file>', 'with --stateful: keep the sandbox state in this SQLite file')
    .action(
      action<MockFlags>(async (ctx, flags) => {
        if (flags.db && !flags.stateful) {
          throw new UsageError('--db keeps the sandbox state: it needs --stateful.');
        }
        const mod = await importOptionalMock(() => import('@dollr/mock'), '`dollr mock`');
        const sandbox = flags.stateful
          ? await mod.startSandbox({ port: flags.port, ...(flags.db ? { db: flags.db } : {}) })
          : undefined;
        const server = sandbox ?? (await mod.startMock({ port: flags.port }));
        const credentials = sandbox?.credentials ?? mod.TEST_CREDENTIALS;
        const what = flags.stateful ? 'sandbox' : 'mock (Prism)';
        const exports = `export DOLLR_BASE_URL=${server.url} DOLLR_CLIENT_ID=${credentials.clientId} DOLLR_CLIENT_SECRET=${credentials.clientSecret}`;
        ctx.out.result(
          {
            kind: flags.stateful ? 'sandbox' : 'mock',
            base_url: server.url,
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          },
          () =>
            `${formatRecord(`Dollr ${what} running at ${server.url}`, [
              ['test client id', credentials.clientId],
              ['test secret', `${credentials.clientSecret} (a public test value)`],
              ['stop', 'Ctrl-C'],
            ])}\n\nPoint the CLI at it:\n  ${exports}\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.removeAllListeners('SIGINT');
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await server.close();
        ctx.out.progress(`Dollr ${what} stopped.`);
      }),
    );
  examples(mock, [
    'dollr mock                         # Prism on http://127.0.0.1:4010 (at the root, no /v1)',
    'dollr mock --stateful --db sandbox.sqlite',
    'dollr mock --stateful --port 0 --json   # a free port; the URL and test credentials as JSON',
  ]);
}
