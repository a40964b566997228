// Bundles the split specs and renders their reference docs:
//   openapi.yaml         → dist/openapi.{yaml,json}, dist/docs.html   (the Dollr API)
//   control/openapi.yaml → dist/control.{yaml,json}, dist/control.html (the sandbox control API)
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const redocly = (...args) =>
  execFileSync('redocly', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });

const documents = [
  { root: 'openapi.yaml', name: 'openapi', docs: 'docs', title: 'Dollr API reference' },
  {
    root: 'control/openapi.yaml',
    name: 'control',
    docs: 'control',
    title: 'Dollr sandbox control API reference',
  },
];

mkdirSync('dist', { recursive: true });
for (const { root, name, docs, title } of documents) {
  redocly('bundle', root, '--output', `dist/${name}.yaml`);
  redocly('bundle', root, '--output', `dist/${name}.json`);
  redocly('build-docs', `dist/${name}.yaml`, '--output', `dist/${docs}.html`, '--title', title);
}
