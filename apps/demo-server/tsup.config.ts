import { defineConfig } from 'tsup';

// One entry: `node dist/main.js`. The page's files stay in public/, which the server finds relative
// to the built file (dist/../public), so there is nothing to copy.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
});
