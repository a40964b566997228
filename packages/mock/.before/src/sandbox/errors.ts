import type { ValidationError } from './types.js';

/** An error answer: `{"detail": "..."}` or a FastAPI validation list. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | ValidationError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : detail.map((d) => d.msg).join('; '));
  }
}

/** A 422 with one validation issue, as FastAPI answers business-rule failures on a field. */
export function unprocessable(loc: Array<string | number>, msg: string, type: string): HttpError {
  return new HttpError(422, [{ loc, msg, type }]);
}
