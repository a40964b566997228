#!/usr/bin/env node
/**
 * A sandbox in a process of its own for the benchmarks. `--bare` leaves the pipeline's extensions
 * (request log, doctor, faults) out; `--only=log,doctor` keeps only those, to see what each costs.
 * Prints `baseUrl: <url>` once listening; stops on SIGTERM.
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
process.once('SIGTERM', () => {
  sandbox.close().then(() => process.exit(0));
});
