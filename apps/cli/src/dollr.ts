/**
 * The `dollr` entry point. It loads almost nothing: `--version` answers at once, and everything
 * else (the command tree, then the client on demand) is imported lazily.
 */
import { VERSION } from './version.js';
import { useBaselineWasmCompilerOnNode20 } from './wasm-compiler.js';

async function main(argv: string[]): Promise<number> {
  useBaselineWasmCompilerOnNode20();
  const { buildProgram } = await import('./program.js');
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const e = error as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      // Commander has already printed the message (or the help): help and version are success,
      // anything else is a usage error.
      return e.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`error: ${e.message ?? String(error)}\n`);
    return 1;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

// `dollr … | head -1`: a reader that goes away early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  main(process.argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
