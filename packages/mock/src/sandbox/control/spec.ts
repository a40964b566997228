/** The bundled control spec shipped by @dollr/spec (`@dollr/spec/control.json`). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { OpenApiDocument } from '../../spec.js';

const require = createRequire(import.meta.url);

/** Absolute path of the bundled control spec. */
export function controlSpecPath(): string {
  return require.resolve('@dollr/spec/control.json');
}

let cached: OpenApiDocument | undefined;

/** The bundled control spec, parsed once per process. */
export function loadControlSpec(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(controlSpecPath(), 'utf8')) as OpenApiDocument;
  return cached;
}
