#!/usr/bin/env node
/**
 * Precompile the spec's request validators at build time (Ajv standalone code), so that the
 * sandbox compiles nothing at start-up and its core reads no file: one validator per request body
 * and per parameter, and the operations' metadata, in src/generated/validators.ts.
 *
 *   node scripts/generate-validators.mjs [<bundle module> <output file>]
 *
 * Run by `pnpm generate`, after the spec is bundled: for the Dollr API (the default,
 * `@dollr/spec/openapi.json` → src/generated/validators.ts) and for the sandbox's control API
 * (`@dollr/spec/control.json` → src/generated/control-validators.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { _ } from 'ajv/dist/compile/codegen/index.js';
import standaloneCode from 'ajv/dist/standalone/index.js';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [bundle = '@dollr/spec/openapi.json', output = 'src/generated/validators.ts'] =
  process.argv.slice(2);
const out = join(root, output);
const doc = JSON.parse(readFileSync(require.resolve(bundle), 'utf8'));

const DOC_ID = 'https://dollr.sandbox/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Pydantic refuses an integer given as a float beyond ±2^63 (int_parsing_size). */
const INT64_KEYWORD = 'x-pydantic-int64';

const escapePointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const isRef = (v) => typeof v?.$ref === 'string';
function resolvePointer(pointer) {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .reduce((node, raw) => node?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}
function deref(schema) {
  let current = schema;
  while (isRef(current)) current = resolvePointer(current.$ref);
  return current;
}

/** A copy of the spec where every integer schema also carries the int64 keyword. */
function withIntegerBounds(node) {
  if (Array.isArray(node)) return node.map(withIntegerBounds);
  if (typeof node !== 'object' || node === null) return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withIntegerBounds(v)]));
  if (copy.type === 'integer') copy[INT64_KEYWORD] = true;
  return copy;
}

const ajv = new Ajv2020({
  allErrors: true,
  strict: false,
  verbose: true,
  code: { source: true, esm: true, lines: true, formats: _`__formats` },
});
// Compile-time stand-ins of the same kind as src/sandbox/formats.ts (functions, which the generated
// code takes from that module; a regular expression would be inlined).
ajv.addFormat('uuid', () => true);
ajv.addFormat('date-time', () => true);
ajv.addFormat('password', true);
ajv.addKeyword({
  keyword: INT64_KEYWORD,
  type: 'number',
  schemaType: 'boolean',
  code(cxt) {
    cxt.fail(_`Math.abs(${cxt.data}) >= 9223372036854775808`);
  },
});
ajv.addSchema({ ...withIntegerBounds(doc), $id: DOC_ID });

function laxKind(schema) {
  const type = deref(schema)?.type;
  if (type === 'integer') return 'int';
  if (type === 'number') return 'float';
  if (type === 'boolean') return 'bool';
  return 'str';
}

function collectParams(path, method) {
  const base = `#/paths/${escapePointer(path)}`;
  const lists = [
    [`${base}/parameters`, doc.paths[path]?.parameters],
    [`${base}/${method}/parameters`, doc.paths[path]?.[method]?.parameters],
  ];
  const byKey = new Map();
  for (const [pointer, list] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      const at = isRef(entry) ? entry.$ref : `${pointer}/${index}`;
      const param = deref(entry);
      byKey.set(`${param.in}:${param.name}`, {
        name: param.name,
        in: param.in,
        required: param.required === true || param.in === 'path',
        kind: laxKind(param.schema),
        schemaPointer: `${at}/schema`,
      });
    });
  }
  return [...byKey.values()];
}

const operations = [];
const exportNames = {};
for (const [path, item] of Object.entries(doc.paths)) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
    const security = op.security ?? doc.security ?? [];
    const entry = {
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      secured: security.length > 0 && !security.some((s) => Object.keys(s).length === 0),
      success: Number(Object.keys(op.responses ?? {}).find((code) => /^2\d\d$/.test(code)) ?? 200),
      params: [],
      body: undefined,
    };
    for (const param of collectParams(path, method).filter((p) => p.in !== 'header')) {
      const name = `param_${op.operationId}_${param.in}_${param.name}`.replace(/\W/g, '_');
      ajv.addSchema({ $ref: `${DOC_ID}${param.schemaPointer}` }, name);
      exportNames[name] = name;
      const { schemaPointer, ...rest } = param;
      entry.params.push({ ...rest, validate: name });
    }
    if (op.requestBody) {
      const pointer = isRef(op.requestBody)
        ? op.requestBody.$ref
        : `#/paths/${escapePointer(path)}/${method}/requestBody`;
      const body = resolvePointer(pointer);
      const media = body.content?.['application/json'];
      if (media) {
        const name = `body_${op.operationId}`.replace(/\W/g, '_');
        ajv.addSchema({ $ref: `${DOC_ID}${pointer}/content/application~1json/schema` }, name);
        exportNames[name] = name;
        entry.body = {
          required: body.required === true,
          fields: Object.keys(deref(media.schema)?.properties ?? {}),
          validate: name,
        };
      }
    }
    operations.push(entry);
  }
}

let code = standaloneCode(ajv, exportNames);
code = code.replaceAll('require("ajv/dist/runtime/ucs2length").default', '__codePointLength');
const leftover = /require\("[^"]+"\)/.exec(code);
if (leftover) throw new Error(`generated validators still require a module: ${leftover[0]}`);

const table = JSON.stringify(operations, null, 2).replace(
  /"validate": "(\w+)"/g,
  (_match, name) => `"validate": ${name}`,
);
const file = `// @ts-nocheck
// Generated by scripts/generate-validators.mjs from the spec bundle: do not edit.
import { codePointLength as __codePointLength, formats as __formats } from '../sandbox/formats.js';
import type { GeneratedOperation } from '../sandbox/validation.js';
${code.replace(/^"use strict";/, '')}

export const OPERATIONS: GeneratedOperation[] = ${table};
`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, file);
console.log(`validators for ${operations.length} operations → ${out}`);
