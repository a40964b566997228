// Bundles the split spec into dist/openapi.{yaml,json} and renders dist/docs.html.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redocly } from './redocly.mjs';

/** Runs every step in the spec's directory; throws on the first failure. */
export async function bundleSpec() {
  const cwd = dirname(dirname(fileURLToPath(import.meta.url)));
  const steps = [
    ['bundle', 'openapi.yaml', '--output', 'dist/openapi.yaml'],
    ['bundle', 'openapi.yaml', '--output', 'dist/openapi.json'],
    [
      'build-docs',
      'dist/openapi.yaml',
      '--output',
      'dist/docs.html',
      '--title',
      'Dollr API reference',
    ],
  ];
  mkdirSync(`${cwd}/dist`, { recursive: true });
  for (const args of steps) {
    const code = await redocly(args, { cwd });
    if (code !== 0) throw new Error(`redocly ${args.join(' ')} failed (exit ${code})`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await bundleSpec();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
