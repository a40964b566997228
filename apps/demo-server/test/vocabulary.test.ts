/**
 * No workspace lists a spec value by hand. A copy of the bundled spec renames one value of each
 * kind (an execution and session kind, an execution status, a checkout source type); the
 * vocabulary and types are generated from it, and the CLI, the demo and the client are type
 * checked against them. Every place that writes one of the old values in quotes must then fail
 * the type check: a value written where no spec type checks it (an SQL string, a regex, a list of
 * its own) would pass silently, and this test names it.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from '@dollr/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SOURCES = ['apps/cli/src', 'apps/demo-server/src', 'packages/client/src'];
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** The renames: old value → new value, in every place of the bundle that holds it. */
const RENAMES: Record<string, string> = {
  refund: 'reversal',
  FAILED: 'DECLINED',
  ORDER: 'PURCHASE_ORDER',
};

// biome-ignore lint/suspicious/noExplicitAny: the bundle is untyped JSON rewritten by the test.
type Json = any;

/** The bundle with every renamed enum value, and the kind in every path, replaced. */
function renamed(spec: Json): Json {
  const swap = (value: unknown) =>
    typeof value === 'string' && value in RENAMES ? RENAMES[value] : value;
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        key === 'enum' || key === 'x-final-statuses' ? (value as unknown[]).map(swap) : walk(value),
      ]),
    );
  };
  const paths = Object.fromEntries(
    Object.entries(spec.paths).map(([path, item]) => [
      path.replace(/\/refund(\/|$)/, `/${RENAMES.refund}$1`),
      item,
    ]),
  );
  return walk({ ...spec, paths });
}

/**
 * Generates the vocabulary and the types of `spec` and `control` (the sandbox's control API, which
 * reuses the spec's schemas) in a folder and type checks the sources against them.
 */
async function typeCheck(dir: string, spec: Json, control: Json): Promise<string[]> {
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(spec));
  writeFileSync(join(dir, 'control.json'), JSON.stringify(control));
  const generator = pathToFileURL(join(ROOT, 'spec/scripts/generate.mjs')).href;
  const { generate } = (await import(generator)) as {
    generate(dir: string): Promise<void>;
  };
  await generate(dir);
  const base = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        ...base.compilerOptions,
        typeRoots: [join(ROOT, 'apps/demo-server/node_modules/@types')],
        types: ['node'],
        paths: {
          '@dollr/spec/openapi': [join(dir, 'openapi.d.ts')],
          '@dollr/spec/vocabulary': [join(dir, 'vocabulary.d.ts')],
          '@dollr/spec/control': [join(dir, 'control.d.ts')],
          '@dollr/mock/control': [join(ROOT, 'packages/mock/src/control.ts')],
          '@dollr/client': [join(ROOT, 'packages/client/src/index.ts')],
        },
      },
      include: SOURCES.map((source) => join(ROOT, source, '**/*.ts')),
    }),
  );
  const run = spawnSync(
    process.execPath,
    [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'],
    {
      encoding: 'utf8',
    },
  );
  return run.stdout.split('\n').filter((line) => line.includes('error TS'));
}

/** `apps/cli/src/x.ts:12` for every error line of tsc's output. */
const errorPlaces = (errors: string[]) =>
  new Set(
    errors.map((line) => {
      const [, file, row] = /^(.+?)\((\d+),\d+\)/.exec(line) ?? [];
      return `${relative(ROOT, file ?? '')}:${row}`;
    }),
  );

/** Every line of the sources that writes an old value in quotes (comments aside). */
function quotedUses(): string[] {
  const quoted = new RegExp(`(['"\`])(${Object.keys(RENAMES).join('|')})\\1`);
  const files = spawnSync('git', ['ls-files', ...SOURCES.map((s) => `${s}/*.ts`)], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.split('\n');
  return files.filter(Boolean).flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, index) =>
        quoted.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line) ? [`${file}:${index + 1}`] : [],
      ),
  );
}

let copies: ReturnType<typeof tempDir>;
let asIs: string[];
let changed: string[];

beforeAll(async () => {
  copies = tempDir('dollr-vocabulary');
  const bundle = (name: string) =>
    JSON.parse(readFileSync(join(ROOT, 'spec/dist', `${name}.json`), 'utf8'));
  const [spec, control] = [bundle('openapi'), bundle('control')];
  const [same, other] = [join(copies.dir, 'same'), join(copies.dir, 'renamed')];
  for (const dir of [same, other]) mkdirSync(dir);
  [asIs, changed] = await Promise.all([
    typeCheck(same, spec, control),
    typeCheck(other, renamed(spec), renamed(control)),
  ]);
}, 120_000);

afterAll(() => copies?.remove());

describe('one vocabulary', () => {
  it('the sources type check against the spec as it is', () => {
    expect(asIs).toEqual([]);
  });

  it('every quoted use of a renamed spec value fails the type check', () => {
    const uses = quotedUses();
    expect(uses.length).toBeGreaterThan(5);
    const places = errorPlaces(changed);
    const unchecked = uses.filter((use) => !places.has(use));
    expect(unchecked, 'spec values that no spec type checks').toEqual([]);
  });
});
