/**
 * The extensions every sandbox runs (see pipeline.ts for what an extension can do), in order:
 * an earlier one's middleware wraps a later one's. The request log wraps the doctor, which wraps
 * the faults, so that each sees the answer the caller saw.
 */
import { createDoctorExtension } from './doctor/extension.js';
import { faultsExtension } from './faults/extension.js';
import { requestLogExtension } from './log/extension.js';
import type { SandboxExtension, SandboxMiddleware } from './pipeline.js';

/**
 * Runs `outer` around `inner` as one step of the pipeline, a step less for every request. As in
 * Hono's own chain, an answer `inner` returns becomes the context's.
 */
function around(outer: SandboxMiddleware, inner: SandboxMiddleware): SandboxMiddleware {
  return (c, next) =>
    outer(c, () =>
      inner(c, next).then((answer) => {
        if (answer instanceof Response) c.res = answer;
      }),
    );
}

/** `log` prints the doctor's findings as they come (the sandbox's stderr unless quiet). */
export function builtinExtensions(
  options: { log?: (line: string) => void } = {},
): SandboxExtension[] {
  const doctor = createDoctorExtension(options.log);
  return [
    requestLogExtension,
    {
      ...doctor,
      beforeHandler: around(
        doctor.beforeHandler as SandboxMiddleware,
        faultsExtension.beforeHandler as SandboxMiddleware,
      ),
    },
    { ...faultsExtension, beforeHandler: undefined },
  ];
}
