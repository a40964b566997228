// `pnpm changeset`: changesets' own command, except that adding a changeset without a terminal
// fails with a sentence instead of exiting 0 with nothing written (its prompts need a TTY).
//   node .ci/changeset.mjs [changeset arguments…]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const adds = args.length === 0 || args[0] === 'add' || args[0]?.startsWith('-');
if (adds && !args.includes('--empty') && !process.stdin.isTTY) {
  console.error(
    [
      'pnpm changeset asks which packages changed and how: run it in a terminal.',
      'Without one, write the file yourself: .changeset/<any-name>.md with',
      '  ---',
      '  "@dollr/client": minor',
      '  ---',
      '  What changed, for the people who use the package.',
      '(`pnpm changeset --empty` adds an empty one, for a change that releases nothing.)',
    ].join('\n'),
  );
  process.exit(1);
}

const require = createRequire(import.meta.url);
const manifest = require.resolve('@changesets/cli/package.json');
const { bin } = require(manifest);
const entry = join(dirname(manifest), typeof bin === 'string' ? bin : bin.changeset);
const child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit' });
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
