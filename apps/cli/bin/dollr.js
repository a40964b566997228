#!/usr/bin/env node
// The `dollr` command is the build in dist/. This file exists before any build, so installing the
// workspace links it without a warning, and a clone that has not built yet is told how.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/dollr.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'dollr is not built yet: run `pnpm build` at the repository root (or `pnpm dollr …`, which builds first).\n',
  );
  process.exit(1);
}
await import(entry.href);
