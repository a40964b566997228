import { readFileSync } from 'node:fs';

// biome-ignore lint/suspicious/noExplicitAny: the bundle is untyped JSON walked by the tests.
export type Json = any;

export const bundle: Json = JSON.parse(
  readFileSync(new URL('../dist/openapi.json', import.meta.url), 'utf8'),
);

/** Follows a local `$ref` (`#/components/...`) until it reaches a concrete node. */
export function resolve(node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce((value: Json, key: string) => value?.[key], bundle);
  }
  return current;
}

/** Every operation of the bundle, flattened. */
export function operations(): { method: string; path: string; operation: Json }[] {
  return Object.entries(bundle.paths as Record<string, Json>).flatMap(([path, item]) =>
    ['get', 'post', 'put', 'patch', 'delete']
      .filter((method) => item[method])
      .map((method) => ({ method: method.toUpperCase(), path, operation: item[method] })),
  );
}
