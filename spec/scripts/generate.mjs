// What the other workspaces import, generated from a bundle: its types (openapi.d.ts, by
// openapi-typescript) and its vocabulary (vocabulary.{js,d.ts}), written next to openapi.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildVocabulary } from './vocabulary.mjs';

/** Generates the types and the vocabulary of `dir`/openapi.json into `dir`. */
export async function generate(dir) {
  const bundle = join(dir, 'openapi.json');
  // Every schema also as a type of its own name (`ExecutionResponse`), for all to import.
  const ast = await openapiTS(pathToFileURL(bundle), {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
  });
  const types = astToString(ast);
  const banner = '// Generated from openapi.json by spec/scripts/generate.mjs. Do not edit.\n';
  writeFileSync(join(dir, 'openapi.d.ts'), `${banner}${types}`);
  writeFileSync(join(dir, 'openapi.js'), `${banner}// Types only: see openapi.d.ts.\nexport {};\n`);
  const { js, dts } = buildVocabulary(JSON.parse(readFileSync(bundle, 'utf8')));
  writeFileSync(join(dir, 'vocabulary.js'), js);
  writeFileSync(join(dir, 'vocabulary.d.ts'), dts);
}
