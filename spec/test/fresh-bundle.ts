/**
 * Vitest global setup: the tests read dist/openapi.json, so bundle first when it is missing or
 * older than any source file. A fresh clone then works without a separate `bundle`, and a YAML
 * edit is always tested, never the bundle from before it. Under turbo (`bundle` ran first) the
 * bundle is newer than every source and nothing happens.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain ESM script without types.
import { bundleSpec } from '../scripts/bundle.mjs';

const specRoot = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['openapi.yaml', 'redocly.yaml', 'paths', 'components'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  );
}

function bundleTime(): number {
  try {
    return statSync(join(specRoot, 'dist', 'openapi.json')).mtimeMs;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

export default async function setup() {
  const sources = Math.max(...SOURCES.map((entry) => newestChange(join(specRoot, entry))));
  if (bundleTime() < sources) await bundleSpec();
}
