/**
 * Node-only access to the bundled spec file (Prism's file path, tests). The sandbox's core does not
 * use it: its validators and operations come precompiled from src/generated/validators.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Absolute path of the bundled spec shipped by @dollr/spec. */
export function specPath(): string {
  return require.resolve('@dollr/spec/openapi.json');
}

export interface OpenApiOperation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<Record<string, unknown>>;
  requestBody?: Record<string, unknown>;
  responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
  openapi: string;
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
}

let cached: OpenApiDocument | undefined;

/** The bundled spec, parsed once per process. */
export function loadSpec(): OpenApiDocument {
  cached ??= JSON.parse(readFileSync(specPath(), 'utf8')) as OpenApiDocument;
  return cached;
}
