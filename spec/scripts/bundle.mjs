// Bundles the split specs and renders their reference docs:
//   openapi.yaml         → dist/openapi.{yaml,json}, dist/docs.html   (the Dollr API)
//   control/openapi.yaml → dist/control.{yaml,json}, dist/control.html (the sandbox control API)
// then generates from the Dollr bundle what the other workspaces import: the types
// (dist/openapi.d.ts, by openapi-typescript) and the vocabulary (dist/vocabulary.{js,d.ts}).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { redocly } from './redocly.mjs';

const documents = [
  { root: 'openapi.yaml', name: 'openapi', docs: 'docs', title: 'Dollr API reference' },
  {
    root: 'control/openapi.yaml',
    name: 'control',
    docs: 'control',
    title: 'Dollr sandbox control API reference',
  },
];

/** Runs every step in the spec's directory; throws on the first failure. */
export async function bundleSpec() {
  const cwd = dirname(dirname(fileURLToPath(import.meta.url)));
  mkdirSync(join(cwd, 'dist'), { recursive: true });
  for (const { root, name, docs, title } of documents) {
    const steps = [
      ['bundle', root, '--output', `dist/${name}.yaml`],
      ['bundle', root, '--output', `dist/${name}.json`],
      ['build-docs', `dist/${name}.yaml`, '--output', `dist/${docs}.html`, '--title', title],
    ];
    for (const args of steps) {
      const code = await redocly(args, { cwd });
      if (code !== 0) throw new Error(`redocly ${args.join(' ')} failed (exit ${code})`);
    }
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
