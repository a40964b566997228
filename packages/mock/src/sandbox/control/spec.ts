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

/** The success status the spec declares for an operation (200, 201 or 204). */
export function successStatus(doc: OpenApiDocument, path: string, method: string): number {
  const op = doc.paths[path]?.[method.toLowerCase()] as { responses?: Record<string, unknown> };
  const code = Object.keys(op?.responses ?? {}).find((status) => /^2\d\d$/.test(status));
  return code === undefined ? 200 : Number(code);
}
