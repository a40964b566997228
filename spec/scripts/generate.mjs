// What the other workspaces import, generated from a bundle: its types (openapi.d.ts, by
// openapi-typescript) and its vocabulary (vocabulary.{js,d.ts}), written next to openapi.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildVocabulary } from './vocabulary.mjs';

/** Writes `dir`/`name`.d.ts, the types of `dir`/`name`.json, and an empty `name`.js beside it. */
async function generateTypes(dir, name) {
  // Every schema also as a type of its own name (`ExecutionResponse`), for all to import.
  const ast = await openapiTS(pathToFileURL(join(dir, `${name}.json`)), {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
  });
  const banner = `// Generated from ${name}.json by spec/scripts/generate.mjs. Do not edit.\n`;
  writeFileSync(join(dir, `${name}.d.ts`), `${banner}${astToString(ast)}`);
  writeFileSync(join(dir, `${name}.js`), `${banner}// Types only: see ${name}.d.ts.\nexport {};\n`);
}

/**
 * Generates into `dir` the types of the Dollr API (openapi.d.ts) and of the sandbox's control API
 * (control.d.ts), and the vocabulary of the Dollr API.
 */
export async function generate(dir) {
  const bundle = join(dir, 'openapi.json');
  await generateTypes(dir, 'openapi');
  await generateTypes(dir, 'control');
  const { js, dts } = buildVocabulary(JSON.parse(readFileSync(bundle, 'utf8')));
  writeFileSync(join(dir, 'vocabulary.js'), js);
  writeFileSync(join(dir, 'vocabulary.d.ts'), dts);
}
