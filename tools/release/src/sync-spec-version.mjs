#!/usr/bin/env node
// The second half of `pnpm version-packages` (after `changeset version`):
//   1. info.version in spec/openapi.yaml := the version of @dollr/spec (spec/package.json),
//      changing nothing else in the file;
//   2. re-bundles the spec (spec/dist/openapi.{json,yaml}, docs);
//   3. copies the bundle to tools/release/baseline/openapi.json: the spec being released becomes
//      the baseline the breaking-change gate compares the next changes against.
//
//   node tools/release/src/sync-spec-version.mjs [--root DIR]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isScalar, parseDocument } from 'yaml';
import { REPO_ROOT } from './paths.mjs';

/**
 * Sets info.version in an OpenAPI YAML text, touching only that scalar.
 * @param {string} text @param {string} version
 * @returns {string}
 */
export function setInfoVersion(text, version) {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new Error(`openapi.yaml does not parse: ${doc.errors[0]?.message}`);
  const node = doc.getIn(['info', 'version'], true);
  if (!isScalar(node) || !node.range) throw new Error('openapi.yaml has no info.version scalar');
  const [start, end] = node.range;
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : '';
  const updated = `${text.slice(0, start)}${quote}${version}${quote}${text.slice(end)}`;
  const check = parseDocument(updated).getIn(['info', 'version']);
  if (String(check) !== version)
    throw new Error(`could not set info.version to ${version} (got ${check})`);
  return updated;
}

/**
 * @param {{ root?: string, log?: (line: string) => void }} [options]
 */
export function syncSpecVersion({ root = REPO_ROOT, log = console.log } = {}) {
  const specDir = join(root, 'spec');
  const { version } = JSON.parse(readFileSync(join(specDir, 'package.json'), 'utf8'));
  const yamlFile = join(specDir, 'openapi.yaml');
  const before = readFileSync(yamlFile, 'utf8');
  const after = setInfoVersion(before, version);
  if (after !== before) writeFileSync(yamlFile, after);
  log(
    `spec/openapi.yaml info.version: ${after !== before ? `set to ${version}` : `already ${version}`}`,
  );

  try {
    execFileSync(process.execPath, ['scripts/bundle.mjs'], {
      cwd: specDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${join(specDir, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
      },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = /** @type {{ stdout?: Buffer, stderr?: Buffer }} */ (
      error
    );
    throw new Error(`bundling the spec failed:\n${stdout}${stderr}`);
  }
  const bundle = join(specDir, 'dist', 'openapi.json');
  const bundled = JSON.parse(readFileSync(bundle, 'utf8'));
  if (bundled.info?.version !== version) {
    throw new Error(`the bundle says info.version ${bundled.info?.version}, expected ${version}`);
  }
  const baseline = join(root, 'tools', 'release', 'baseline', 'openapi.json');
  mkdirSync(dirname(baseline), { recursive: true });
  copyFileSync(bundle, baseline);
  log(`${relative(root, baseline)}: the released spec ${version}`);
  return { version, changed: after !== before };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { values } = parseArgs({ options: { root: { type: 'string' } } });
    syncSpecVersion(values.root ? { root: values.root } : {});
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
