/**
 * What the control API's schema cannot say about a fault rule: an operationId the Dollr API has,
 * a window that opens before it closes, and the parameters its kind needs. Each problem is one
 * FastAPI-style validation error at its field.
 */
import type { ValidationError } from '../types.js';
import { checkFaultParameters } from './header.js';
import type { CreateFault } from './types.js';

export function checkCreateFault(
  input: CreateFault,
  operationIds: readonly string[],
): ValidationError[] {
  const issues: ValidationError[] = [];
  if (input.operation !== undefined && !operationIds.includes(input.operation)) {
    issues.push({
      loc: ['body', 'operation'],
      msg: `unknown operation ${JSON.stringify(input.operation)}; expected one of ${operationIds.join(', ')}`,
      type: 'value_error.operation',
    });
  }
  if (
    input.from !== undefined &&
    input.until !== undefined &&
    Date.parse(input.from) >= Date.parse(input.until)
  ) {
    issues.push({
      loc: ['body', 'until'],
      msg: 'until must be later than from',
      type: 'value_error.window',
    });
  }
  const parameters = checkFaultParameters(input);
  if (parameters) {
    issues.push({ loc: ['body', 'latency'], msg: parameters, type: 'value_error.latency' });
  }
  return issues;
}
