/** `../spec.js` for the browser build: the spec bundle as a JSON import (the app's bundler resolves
 * it), no file system. */
import spec from '@dollr/spec/openapi.json' with { type: 'json' };
import type { OpenApiDocument } from '../spec.js';

export type { OpenApiDocument, OpenApiOperation } from '../spec.js';

export function loadSpec(): OpenApiDocument {
  return spec as unknown as OpenApiDocument;
}

export function specPath(): string {
  throw new Error('specPath() has no meaning in a browser: use loadSpec()');
}
