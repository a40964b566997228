// Runs the Redocly CLI without its "Node.js 20 support is ending" box. Redocly prints that box
// on every command under Node 20 (it checks nothing but the major version: no variable turns it
// off); it is noise nobody running our scripts can act on. Everything else passes through.
//   node scripts/redocly.mjs lint openapi.yaml --format=stylish
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cliPackage = require.resolve('@redocly/cli/package.json');
const cli = join(dirname(cliPackage), require(cliPackage).bin.redocly);

/** Drops the box (╔ … ╚ lines) and the blank line that follows it from a stream of lines. */
export function withoutNodeBox() {
  let inBox = false;
  let afterBox = false;
  return (line) => {
    if (line.includes('╔')) inBox = true;
    if (inBox) {
      if (line.includes('╚')) {
        inBox = false;
        afterBox = true;
      }
      return false;
    }
    if (afterBox) {
      afterBox = false;
      if (line.trim() === '') return false;
    }
    return true;
  };
}

/** Runs `redocly <args>`, filtering its stderr; resolves with the exit code. */
export function redocly(args, { cwd = process.cwd(), env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { ...env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    const keep = withoutNodeBox();
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (keep(line)) process.stderr.write(`${line}\n`);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (pending && keep(pending)) process.stderr.write(pending);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await redocly(process.argv.slice(2));
}
