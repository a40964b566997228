/**
 * The extensions every sandbox runs (see pipeline.ts for what an extension can do), in order:
 * an earlier one's middleware wraps a later one's.
 */
import type { SandboxExtension } from './pipeline.js';

export const BUILTIN_EXTENSIONS: SandboxExtension[] = [];
