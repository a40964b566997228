// Bundles the split spec into dist/openapi.{yaml,json}, renders dist/docs.html, and generates
// from the bundle what the other workspaces import: the types (dist/openapi.d.ts, by
// openapi-typescript) and the vocabulary (dist/vocabulary.{js,d.ts}).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { generate } from './generate.mjs';

const redocly = (...args) =>
  execFileSync('redocly', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });

mkdirSync('dist', { recursive: true });
redocly('bundle', 'openapi.yaml', '--output', 'dist/openapi.yaml');
redocly('bundle', 'openapi.yaml', '--output', 'dist/openapi.json');
redocly(
  'build-docs',
  'dist/openapi.yaml',
  '--output',
  'dist/docs.html',
  '--title',
  'Dollr API reference',
);
await generate(resolve('dist'));
