// Bundles the split spec into dist/openapi.{yaml,json} and renders dist/docs.html.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

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
