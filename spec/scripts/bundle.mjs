// Bundles the split spec into dist/openapi.{yaml,json}, renders dist/docs.html, and generates
// from the bundle what the other workspaces import: the types (dist/openapi.d.ts, by
// openapi-typescript) and the vocabulary (dist/vocabulary.{js,d.ts}).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
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
  await generate(join(cwd, 'dist'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await bundleSpec();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
