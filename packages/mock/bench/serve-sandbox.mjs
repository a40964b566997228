#!/usr/bin/env node
/**
 * A sandbox in a process of its own for the benchmarks. `--bare` leaves the pipeline's extensions
 * (request log, doctor, faults) out; `--only=log,doctor` keeps only those, to see what each costs.
 * Prints `baseUrl: <url>` once listening; answers each line on stdin with `cpu: <µs>`, the CPU
 * time it has used so far; stops on SIGTERM.
 */
import { builtinExtensions, startSandbox } from '../dist/index.js';

const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const extensions = process.argv.includes('--bare')
  ? []
  : builtinExtensions().filter((extension) => !only || only.includes(extension.name));
const sandbox = await startSandbox({ quiet: true, extensions });
console.log(`baseUrl: ${sandbox.url}`);
process.stdin.setEncoding('utf8');
process.stdin.on('data', () => {
  const { user, system } = process.cpuUsage();
  console.log(`cpu: ${user + system}`);
});
process.once('SIGTERM', () => {
  sandbox.close().then(() => process.exit(0));
});
