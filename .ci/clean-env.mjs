// Runs a command without the npm_config_* / pnpm_config_* variables that pnpm passes to its
// scripts. A nested `npx` reads them as npm configuration and warns about every one it does not
// know ("npm warn Unknown env config …"), which nobody running the script can act on.
//   node .ci/clean-env.mjs npx -y node@24 …
import { spawn } from 'node:child_process';

const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_config_/i.test(key)),
);
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node .ci/clean-env.mjs <command> [args…]');
  process.exit(2);
}
const child = spawn(command, args, { env, stdio: 'inherit' });
child.on('error', (error) => {
  console.error(`${command}: ${error.message}`);
  process.exitCode = 1;
});
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
