import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', realtime: 'src/realtime/index.ts' },
  format: ['esm'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  // The spec's vocabulary (a few constants) is bundled in: at run time only openapi-fetch is
  // imported. The types import @dollr/spec's generated ones (a dependency for that reason).
  noExternal: [/^@dollr\/spec/],
  sourcemap: true,
  clean: true,
});
