// @dollr/spec as a consumer gets it: the bundle's version is the package's version.
import { createRequire } from 'node:module';
import spec from '@dollr/spec/openapi.json' with { type: 'json' };

const require = createRequire(import.meta.url);
const pkg = require('@dollr/spec/package.json');
require.resolve('@dollr/spec/openapi.yaml');
if (spec.info.version !== pkg.version) {
  throw new Error(
    `openapi.json info.version ${spec.info.version} ≠ package version ${pkg.version}`,
  );
}
console.log(JSON.stringify({ version: spec.info.version, paths: Object.keys(spec.paths).length }));
