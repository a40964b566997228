import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const seam = (file: string) => fileURLToPath(new URL(`./src/browser/${file}`, import.meta.url));

/** Node-only imports of the sandbox, swapped for the browser build (src/browser/README.md). */
const browserSeams: Plugin = {
  name: 'dollr-browser-seams',
  setup(build) {
    const swaps: Array<[RegExp, string]> = [
      [/^node:crypto$/, seam('node-crypto.ts')],
      [/^\.\.\/spec\.js$/, seam('spec.ts')],
      [/^\.\/sqlite-store\.js$/, seam('memory-store.ts')],
      [/^@hono\/node-server$/, seam('no-server.ts')],
      [/^\.\/realtime\/socket\.js$/, seam('no-realtime.ts')],
    ];
    for (const [filter, path] of swaps) {
      build.onResolve({ filter }, (args) =>
        args.importer.includes('/src/browser/') ? undefined : { path },
      );
    }
  },
};

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      control: 'src/control.ts',
      vitest: 'src/vitest.ts',
      sqlite: 'src/sqlite.ts',
      msw: 'src/msw.ts',
    },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: false,
    external: ['vitest', 'msw'],
  },
  {
    entry: { 'msw.browser': 'src/msw.ts' },
    format: ['esm'],
    target: 'es2022',
    platform: 'browser',
    sourcemap: true,
    clean: false,
    external: ['msw', 'hono', 'ajv', 'ajv-formats'],
    noExternal: ['@noble/hashes', '@hono/node-server'],
    esbuildPlugins: [browserSeams],
    // Else tsup marks `node:` imports external before the seams see them.
    removeNodeProtocol: false,
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    clean: false,
    // Start-up: the HTTP stack in the bin's one file, rather than resolved and read as many modules.
    noExternal: ['hono', '@hono/node-server'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
