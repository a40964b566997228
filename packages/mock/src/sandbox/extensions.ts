/**
 * The extensions every sandbox runs (see pipeline.ts for what an extension can do), in order. The
 * request log and the doctor watch each request (no middleware of their own) and see the answer
 * the caller saw, after the faults' middleware.
 */
import { createDoctorExtension } from './doctor/extension.js';
import { faultsExtension } from './faults/extension.js';
import { requestLogExtension } from './log/extension.js';
import type { SandboxExtension } from './pipeline.js';

/** `log` prints the doctor's findings as they come (the sandbox's stderr unless quiet). */
export function builtinExtensions(
  options: { log?: (line: string) => void } = {},
): SandboxExtension[] {
  return [requestLogExtension, createDoctorExtension(options.log), faultsExtension];
}
