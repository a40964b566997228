import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// One entry file that loads almost nothing; everything heavy is a lazily imported chunk.
// @dollr/client, the spec's vocabulary, commander, eventsource-parser and nanospinner are bundled
// in; @dollr/mock (an optional peer) is not.
export default defineConfig({
  entry: { dollr: 'src/dollr.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  clean: true,
  sourcemap: false,
  dts: false,
  minify: true,
  noExternal: [
    /^@dollr\/client/,
    /^@dollr\/spec/,
    'openapi-fetch',
    'commander',
    'eventsource-parser',
    'nanospinner',
    'picocolors',
  ],
  external: ['@dollr/mock'],
  // Commander is CommonJS: its bundled require() of node built-ins needs a real require.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __dollrCreateRequire } from 'node:module';\nconst require = __dollrCreateRequire(import.meta.url);",
  },
  define: { __DOLLR_CLI_VERSION__: JSON.stringify(pkg.version) },
});
